// args:
// args: i16
// args: i16 i32
// args: i16 i32 i64
// args: i16 i32 i64 isize
// args: i16 i32 i64 isize u8
// args: i16 i32 i64 isize u8 u16
// args: i16 i32 i64 isize u8 u16 u32
// args: i16 i32 i64 isize u8 u16 u32 u64
// args: i16 i32 i64 isize u8 u16 u32 u64 usize
// Remainder by zero panics for every integer type (type chosen by argument count), in helper functions.
fn rem_i8(a: i8, b: i8) -> i8 {
    a % b
}

fn rem_i16(a: i16, b: i16) -> i16 {
    a % b
}

fn rem_i32(a: i32, b: i32) -> i32 {
    a % b
}

fn rem_i64(a: i64, b: i64) -> i64 {
    a % b
}

fn rem_isize(a: isize, b: isize) -> isize {
    a % b
}

fn rem_u8(a: u8, b: u8) -> u8 {
    a % b
}

fn rem_u16(a: u16, b: u16) -> u16 {
    a % b
}

fn rem_u32(a: u32, b: u32) -> u32 {
    a % b
}

fn rem_u64(a: u64, b: u64) -> u64 {
    a % b
}

fn rem_usize(a: usize, b: usize) -> usize {
    a % b
}

fn main() {
    let n = std::env::args().len();
    println!("ok {} {}", rem_i8(-7, 3), rem_u64(7, 3));
    match n {
        1 => println!("{}", rem_i8(5, 0)),
        2 => println!("{}", rem_i16(5, 0)),
        3 => println!("{}", rem_i32(5, 0)),
        4 => println!("{}", rem_i64(5, 0)),
        5 => println!("{}", rem_isize(5, 0)),
        6 => println!("{}", rem_u8(5, 0)),
        7 => println!("{}", rem_u16(5, 0)),
        8 => println!("{}", rem_u32(5, 0)),
        9 => println!("{}", rem_u64(5, 0)),
        _ => println!("{}", rem_usize(5, 0)),
    }
}
