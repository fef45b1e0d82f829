// args:
// args: a
// args: a b c d
// Recursive functions with several return points: a guarded match with a recursive arm, an
// `if` ladder returning from each branch, and mutual recursion cut short by a panic in one run.
fn gcd(a: u64, b: u64) -> u64 {
    match b {
        0 => a,
        b if b > a => gcd(b, a),
        _ => gcd(b, a % b),
    }
}

fn ackermann(m: u64, n: u64) -> u64 {
    if m == 0 {
        return n + 1;
    }
    if n == 0 {
        return ackermann(m - 1, 1);
    }
    ackermann(m - 1, ackermann(m, n - 1))
}

fn even(n: u32, depth: u32) -> bool {
    if depth > 20 {
        panic!("too deep at {n}");
    }
    if n == 0 {
        true
    } else {
        odd(n - 1, depth + 1)
    }
}

fn odd(n: u32, depth: u32) -> bool {
    if n == 0 {
        false
    } else {
        even(n - 1, depth + 1)
    }
}

fn main() {
    let n = std::env::args().len() as u64;
    println!("{} {}", gcd(48 * n, 18), gcd(7, 21 * n));
    println!("{}", ackermann(2, n));
    println!("{}", even(n as u32 * 3, 0));
    println!("{}", even(n as u32 * 5 + 2, 0));
}
