// << and >>: arithmetic shift for signed, logical for unsigned, mixed operand types, widths - 1.
fn shl_u8(a: u8, s: u32) -> u8 {
    a << s
}

fn shr_i8(a: i8, s: u8) -> i8 {
    a >> s
}

fn shr_u8(a: u8, s: i64) -> u8 {
    a >> s
}

fn shl_i16(a: i16, s: usize) -> i16 {
    a << s
}

fn shr_i32(a: i32, s: i32) -> i32 {
    a >> s
}

fn shl_u32(a: u32, s: u8) -> u32 {
    a << s
}

fn shr_i64(a: i64, s: u16) -> i64 {
    a >> s
}

fn shl_u64(a: u64, s: i8) -> u64 {
    a << s
}

fn shl_isize(a: isize, s: u64) -> isize {
    a << s
}

fn shr_usize(a: usize, s: isize) -> usize {
    a >> s
}

fn main() {
    println!("{} {} {}", shl_u8(1, 7), shl_u8(255, 4), shl_u8(3, 0));
    println!("{} {} {}", shr_i8(-128, 7), shr_i8(-1, 3), shr_i8(100, 2));
    println!("{} {}", shr_u8(128, 7), shr_u8(255, 1));
    println!("{} {}", shl_i16(1, 15), shl_i16(-3, 4));
    println!(
        "{} {} {}",
        shr_i32(-2147483648, 31),
        shr_i32(-17, 2),
        shr_i32(17, 2)
    );
    println!("{} {}", shl_u32(1, 31), shl_u32(4294967295, 16));
    println!(
        "{} {}",
        shr_i64(-9223372036854775808, 63),
        shr_i64(-1000, 4)
    );
    println!("{} {}", shl_u64(1, 63), shl_u64(12345, 40));
    println!("{} {}", shl_isize(-1, 63), shl_isize(5, 3));
    println!(
        "{} {}",
        shr_usize(18446744073709551615, 63),
        shr_usize(1024, 10)
    );
    let x: u16 = 0x8001;
    let k = 3;
    println!("{} {}", x << k, x >> k);
    let y: i64 = -256;
    let mut z = y;
    z >>= 4;
    let two: u8 = 2;
    z <<= two;
    println!("{z}");
}
