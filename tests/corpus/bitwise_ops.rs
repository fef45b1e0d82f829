// & | ^ and bitwise ! on signed and unsigned integers of every width.
fn bits_u8(a: u8, b: u8) {
    println!("u8 {} {} {} {}", a & b, a | b, a ^ b, !a);
}

fn bits_i8(a: i8, b: i8) {
    println!("i8 {} {} {} {}", a & b, a | b, a ^ b, !a);
}

fn bits_u16(a: u16, b: u16) {
    println!("u16 {} {} {} {}", a & b, a | b, a ^ b, !a);
}

fn bits_i16(a: i16, b: i16) {
    println!("i16 {} {} {} {}", a & b, a | b, a ^ b, !a);
}

fn bits_u32(a: u32, b: u32) {
    println!("u32 {} {} {} {}", a & b, a | b, a ^ b, !a);
}

fn bits_i32(a: i32, b: i32) {
    println!("i32 {} {} {} {}", a & b, a | b, a ^ b, !a);
}

fn bits_u64(a: u64, b: u64) {
    println!("u64 {} {} {} {}", a & b, a | b, a ^ b, !a);
}

fn bits_i64(a: i64, b: i64) {
    println!("i64 {} {} {} {}", a & b, a | b, a ^ b, !a);
}

fn bits_usize(a: usize, b: usize) {
    println!("usize {} {} {} {}", a & b, a | b, a ^ b, !a);
}

fn bits_isize(a: isize, b: isize) {
    println!("isize {} {} {} {}", a & b, a | b, a ^ b, !a);
}

fn popcount(mut v: u64) -> u32 {
    let mut count = 0;
    while v != 0 {
        count += (v & 1) as u32;
        v >>= 1;
    }
    count
}

fn main() {
    bits_u8(0b1100_1010, 0b0101_0110);
    bits_i8(-86, 85);
    bits_u16(0xF0F0, 0x0FF0);
    bits_i16(-1, 0x1234);
    bits_u32(0xDEADBEEF, 0xFFFF0000);
    bits_i32(-2147483648, 2147483647);
    bits_u64(0x0123456789ABCDEF, 0xFEDCBA9876543210);
    bits_i64(-6148914691236517206, 6148914691236517205);
    bits_usize(0, 18446744073709551615);
    bits_isize(-1, 0);
    println!(
        "popcount {} {} {}",
        popcount(0),
        popcount(255),
        popcount(18446744073709551615)
    );
}
