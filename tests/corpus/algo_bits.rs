// Bit manipulation algorithms: integer square root, bit reversal, leading zeros, gray code, parity.
fn isqrt(n: u64) -> u64 {
    let mut lo: u64 = 0;
    let mut hi: u64 = 4294967296;
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if mid * mid <= n {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

fn reverse_bits(mut v: u32) -> u32 {
    let mut r = 0;
    for _ in 0..32 {
        r = (r << 1) | (v & 1);
        v >>= 1;
    }
    r
}

fn leading_zeros(v: u64) -> u32 {
    let mut count = 0;
    let mut bit: u64 = 1 << 63;
    while bit != 0 && v & bit == 0 {
        count += 1;
        bit >>= 1;
    }
    count
}

fn gray(v: u16) -> u16 {
    v ^ (v >> 1)
}

fn parity(v: i64) -> bool {
    let mut x = v as u64;
    let mut p = false;
    while x != 0 {
        p = !p;
        x &= x - 1;
    }
    p
}

fn main() {
    println!(
        "{} {} {} {}",
        isqrt(0),
        isqrt(99),
        isqrt(100),
        isqrt(18446744073709551615)
    );
    println!("{} {}", reverse_bits(1), reverse_bits(0xF0000001));
    println!(
        "{} {} {}",
        leading_zeros(0),
        leading_zeros(1),
        leading_zeros(18446744073709551615)
    );
    for v in 0..8 {
        print!("{} ", gray(v));
    }
    println!();
    println!(
        "{} {} {}",
        parity(7),
        parity(-1),
        parity(-9223372036854775808)
    );
}
