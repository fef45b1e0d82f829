// Modular arithmetic on u64: multiply by doubling, fast exponentiation, Miller-Rabin, inverses.
fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    let mut result = 0;
    let mut x = a % m;
    let mut y = b;
    while y > 0 {
        if y & 1 == 1 {
            result = (result + x) % m;
        }
        x = (x + x) % m;
        y >>= 1;
    }
    result
}

fn pow_mod(base: u64, exp: u64, m: u64) -> u64 {
    let mut result = 1 % m;
    let mut b = base % m;
    let mut e = exp;
    while e > 0 {
        if e % 2 == 1 {
            result = mul_mod(result, b, m);
        }
        b = mul_mod(b, b, m);
        e /= 2;
    }
    result
}

fn probably_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = n - 1;
    let mut r = 0;
    while d % 2 == 0 {
        d /= 2;
        r += 1;
    }
    'witness: for a in 2..14 {
        if a % n == 0 {
            continue;
        }
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..r {
            x = mul_mod(x, x, n);
            if x == n - 1 {
                continue 'witness;
            }
        }
        return false;
    }
    true
}

fn inverse(a: i64, m: i64) -> i64 {
    let mut old_r = a;
    let mut r = m;
    let mut old_s = 1;
    let mut s = 0;
    while r != 0 {
        let q = old_r / r;
        let next_r = old_r - q * r;
        old_r = r;
        r = next_r;
        let next_s = old_s - q * s;
        old_s = s;
        s = next_s;
    }
    ((old_s % m) + m) % m
}

fn main() {
    println!("{}", pow_mod(2, 10, 1000));
    println!("{}", pow_mod(3, 1000000006, 1000000007));
    println!("{}", pow_mod(123456789, 987654321, 9223372036854775783));
    let candidates: u64 = 1000000000000000000;
    let mut found = 0;
    let mut n = candidates;
    while found < 3 {
        if probably_prime(n) {
            println!("prime {n}");
            found += 1;
        }
        n += 1;
    }
    println!(
        "{} {}",
        probably_prime(9223372036854775783),
        probably_prime(9223372036854775781)
    );
    println!(
        "inverse {} {}",
        inverse(3, 11),
        inverse(1000000, 1000000007)
    );
}
