// Arithmetic helpers with matches, loops and early returns; most tests pass, one panics
// on overflow, one on division by zero.

fn main() {
    println!("{}", gcd(12, 18));
}

fn gcd(a: u64, b: u64) -> u64 {
    let mut x = a;
    let mut y = b;
    while y != 0 {
        let t = y;
        y = x % y;
        x = t;
    }
    x
}

fn is_prime(n: u32) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2;
    while d * d <= n {
        if n % d == 0 {
            return false;
        }
        d += 1;
    }
    true
}

fn digit_name(d: u8) -> u8 {
    match d {
        0 => 10,
        1 | 2 | 3 => 20,
        4..=6 => 30,
        x if x % 2 == 0 => 40,
        _ => 50,
    }
}

fn factorial(n: u8) -> u8 {
    if n == 0 {
        1
    } else {
        n * factorial(n - 1)
    }
}

fn never_called(x: i64) -> i64 {
    if x > 0 {
        x * 2
    } else {
        -x
    }
}

#[test]
fn gcd_works() {
    assert_eq!(gcd(12, 18), 6);
    assert_eq!(gcd(17, 5), 1);
}

#[test]
fn primes() {
    let mut count = 0;
    for n in 0..30 {
        if is_prime(n) {
            count += 1;
        }
    }
    assert_eq!(count, 10);
}

#[test]
fn digit_names() {
    assert_eq!(digit_name(0), 10);
    assert_eq!(digit_name(2), 20);
    assert_eq!(digit_name(5), 30);
    assert_eq!(digit_name(8), 40);
}

#[test]
fn small_factorial() {
    assert_eq!(factorial(5), 120);
}

#[test]
fn factorial_overflows() {
    println!("computing 6!");
    let f = factorial(6);
    println!("6! = {}", f);
}

#[test]
fn remainder_by_zero() {
    let zero = gcd(0, 0);
    let r = 10 % zero;
    println!("{}", r);
}

#[test]
#[should_panic(expected = "attempt to multiply with overflow")]
fn factorial_overflow_expected() {
    factorial(7);
}
