// All comparison operators on signed and unsigned integers, where signedness changes the answer.
fn cmp_i8(a: i8, b: i8) {
    println!(
        "i8 {a} {b}: {} {} {} {} {} {}",
        a == b,
        a != b,
        a < b,
        a <= b,
        a > b,
        a >= b
    );
}

fn cmp_u8(a: u8, b: u8) {
    println!(
        "u8 {a} {b}: {} {} {} {} {} {}",
        a == b,
        a != b,
        a < b,
        a <= b,
        a > b,
        a >= b
    );
}

fn cmp_i64(a: i64, b: i64) {
    println!(
        "i64 {a} {b}: {} {} {} {} {} {}",
        a == b,
        a != b,
        a < b,
        a <= b,
        a > b,
        a >= b
    );
}

fn cmp_u64(a: u64, b: u64) {
    println!(
        "u64 {a} {b}: {} {} {} {} {} {}",
        a == b,
        a != b,
        a < b,
        a <= b,
        a > b,
        a >= b
    );
}

fn cmp_u32(a: u32, b: u32) {
    println!(
        "u32 {a} {b}: {} {} {} {} {} {}",
        a == b,
        a != b,
        a < b,
        a <= b,
        a > b,
        a >= b
    );
}

fn cmp_isize(a: isize, b: isize) {
    println!(
        "isize {a} {b}: {} {} {} {} {} {}",
        a == b,
        a != b,
        a < b,
        a <= b,
        a > b,
        a >= b
    );
}

fn main() {
    cmp_i8(-1, 1);
    cmp_i8(5, 5);
    cmp_i8(127, -128);
    cmp_u8(255, 1);
    cmp_u8(0, 0);
    cmp_i64(-9223372036854775808, 9223372036854775807);
    cmp_u64(9223372036854775808, 9223372036854775807);
    cmp_u32(2147483648, 2147483647);
    cmp_isize(-2, -3);
    let a: u16 = 40000;
    let b: i16 = -25536;
    println!(
        "same bits, different meaning: {} {}",
        a as i16 == b,
        a > 30000
    );
}
