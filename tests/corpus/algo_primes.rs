// Trial-division primes: counting, summing and gaps, exercising nested loops and early exits.
fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n % 2 == 0 {
        return n == 2;
    }
    let mut d = 3;
    while d * d <= n {
        if n % d == 0 {
            return false;
        }
        d += 2;
    }
    true
}

fn main() {
    let mut count = 0;
    let mut sum: u64 = 0;
    let mut last = 0;
    let mut widest_gap = 0;
    let mut gap_start = 0;
    for n in 0..20000 {
        if is_prime(n) {
            count += 1;
            sum += n;
            if last != 0 && n - last > widest_gap {
                widest_gap = n - last;
                gap_start = last;
            }
            last = n;
        }
    }
    println!("primes below 20000: {count}, sum {sum}");
    println!("widest gap {widest_gap} after {gap_start}");
    let mut twins = 0;
    for p in 3..1000 {
        if is_prime(p) && is_prime(p + 2) {
            twins += 1;
        }
    }
    println!("twin pairs below 1000: {twins}");
    println!(
        "{} {} {}",
        is_prime(4294967291),
        is_prime(4294967295),
        is_prime(2147483647)
    );
}
