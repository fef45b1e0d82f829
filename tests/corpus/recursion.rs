// Direct recursion: factorial, fibonacci, gcd, ackermann, power, digit sums, depth-counting.
fn factorial(n: u64) -> u64 {
    if n <= 1 {
        1
    } else {
        n * factorial(n - 1)
    }
}

fn fib(n: u32) -> u64 {
    match n {
        0 => 0,
        1 => 1,
        _ => fib(n - 1) + fib(n - 2),
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn ackermann(m: u64, n: u64) -> u64 {
    if m == 0 {
        n + 1
    } else if n == 0 {
        ackermann(m - 1, 1)
    } else {
        ackermann(m - 1, ackermann(m, n - 1))
    }
}

fn power(base: i64, exp: u32) -> i64 {
    if exp == 0 {
        return 1;
    }
    let half = power(base, exp / 2);
    if exp % 2 == 0 {
        half * half
    } else {
        half * half * base
    }
}

fn digit_sum(n: u32) -> u32 {
    if n < 10 {
        n
    } else {
        n % 10 + digit_sum(n / 10)
    }
}

fn depth(n: u32) -> u32 {
    if n == 0 {
        0
    } else {
        1 + depth(n - 1)
    }
}

fn print_binary(n: u32) {
    if n > 1 {
        print_binary(n / 2);
    }
    print!("{}", n % 2);
}

fn main() {
    println!("20! = {}", factorial(20));
    println!("fib(25) = {}", fib(25));
    println!("gcd {} {}", gcd(1071, 462), gcd(-48, 18));
    println!("ackermann(2, 3) = {}", ackermann(2, 3));
    println!("3^39 = {} (-2)^63 = {}", power(3, 39), power(-2, 63));
    println!("digit_sum {}", digit_sum(4294967295));
    println!("depth {}", depth(10000));
    print_binary(37);
    println!();
}
