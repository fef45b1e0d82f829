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
// Division by zero panics for every integer type (type chosen by argument count), computed inline
// with a zero divisor derived from the argument count.
fn main() {
    let n = std::env::args().len();
    let zero = n - n;
    println!("dividing with type number {n}");
    match n {
        1 => {
            let a: i8 = 100;
            println!("{}", a / zero as i8);
        }
        2 => {
            let a: i16 = 100;
            println!("{}", a / zero as i16);
        }
        3 => {
            let a: i32 = 100;
            println!("{}", a / zero as i32);
        }
        4 => {
            let a: i64 = 100;
            println!("{}", a / zero as i64);
        }
        5 => {
            let a: isize = 100;
            println!("{}", a / zero as isize);
        }
        6 => {
            let a: u8 = 100;
            println!("{}", a / zero as u8);
        }
        7 => {
            let a: u16 = 100;
            println!("{}", a / zero as u16);
        }
        8 => {
            let a: u32 = 100;
            println!("{}", a / zero as u32);
        }
        9 => {
            let a: u64 = 100;
            println!("{}", a / zero as u64);
        }
        _ => {
            let a: usize = 100;
            println!("{}", a / zero as usize);
        }
    }
}
