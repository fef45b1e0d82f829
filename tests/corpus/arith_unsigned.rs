// + - * / % on every unsigned type, near the top of each range.
fn ops_u8(a: u8, b: u8) {
    println!(
        "u8 {a} {b}: {} {} {} {} {}",
        a + b,
        a - b,
        a * b,
        a / b,
        a % b
    );
}

fn ops_u16(a: u16, b: u16) {
    println!(
        "u16 {a} {b}: {} {} {} {} {}",
        a + b,
        a - b,
        a * b,
        a / b,
        a % b
    );
}

fn ops_u32(a: u32, b: u32) {
    println!(
        "u32 {a} {b}: {} {} {} {} {}",
        a + b,
        a - b,
        a * b,
        a / b,
        a % b
    );
}

fn ops_u64(a: u64, b: u64) {
    println!(
        "u64 {a} {b}: {} {} {} {} {}",
        a + b,
        a - b,
        a * b,
        a / b,
        a % b
    );
}

fn ops_usize(a: usize, b: usize) {
    println!(
        "usize {a} {b}: {} {} {} {} {}",
        a + b,
        a - b,
        a * b,
        a / b,
        a % b
    );
}

fn main() {
    ops_u8(17, 5);
    ops_u8(127, 2);
    ops_u8(200, 1);
    ops_u8(16, 15);
    ops_u16(65534, 1);
    ops_u16(256, 255);
    ops_u32(65537, 65535);
    ops_u32(4294967294, 1);
    ops_u64(18446744073709551000, 1);
    ops_u64(4294967296, 4294967295);
    ops_usize(9223372036854775807, 2);
    ops_usize(1000000007, 998244353);
}
