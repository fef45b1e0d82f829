// Every integer type at its minimum and maximum, printed and compared.
fn show_signed(i8min: i8, i8max: i8, i16min: i16, i16max: i16, i32min: i32, i32max: i32) {
    println!("i8 {i8min} {i8max}");
    println!("i16 {i16min} {i16max}");
    println!("i32 {i32min} {i32max}");
}

fn show_wide(i64min: i64, i64max: i64, isizemin: isize, isizemax: isize) {
    println!("i64 {i64min} {i64max}");
    println!("isize {isizemin} {isizemax}");
}

fn show_unsigned(u8max: u8, u16max: u16, u32max: u32, u64max: u64, usizemax: usize) {
    println!("u8 0 {u8max}");
    println!("u16 0 {u16max}");
    println!("u32 0 {u32max}");
    println!("u64 0 {u64max}");
    println!("usize 0 {usizemax}");
}

fn main() {
    show_signed(-128, 127, -32768, 32767, -2147483648, 2147483647);
    show_wide(
        -9223372036854775808,
        9223372036854775807,
        -9223372036854775808,
        9223372036854775807,
    );
    show_unsigned(
        255,
        65535,
        4294967295,
        18446744073709551615,
        18446744073709551615,
    );
    let a: i8 = -128;
    let b: i8 = 127;
    println!("{} {}", a < b, a == -128);
    let c: u64 = 18446744073709551615;
    let d: u64 = 9223372036854775808;
    println!("{} {} {}", c > d, d, c - d);
    let e: i64 = -9223372036854775808;
    println!("{} {}", e + 1, e < 0);
    let f: u8 = 0;
    let g: u32 = 4294967295;
    println!("{f} {g} {}", g / 2);
}
