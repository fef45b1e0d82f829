// args:
// args: 1
// args: 1 2
// args: 1 2 3
// args: 1 2 3 4
// args: 1 2 3 4 5
// args: 1 2 3 4 5 6
// args: 1 2 3 4 5 6 7
// Shift overflow panics: shift amount >= bit width (or negative), left and right, plain and compound,
// with shift amounts of a different type than the shifted value.
fn amount(base: u32) -> u32 {
    base + std::env::args().len() as u32 - 1
}

fn shl_u8(a: u8, s: u32) -> u8 {
    a << s
}

fn shr_i32(a: i32, s: i32) -> i32 {
    a >> s
}

fn main() {
    let n = std::env::args().len();
    println!("in range {} {}", shl_u8(1, 7), shr_i32(-1, 31));
    match n {
        1 => println!("{}", shl_u8(1, amount(8))),
        2 => println!("{}", shr_i32(1, amount(31) as i32)),
        3 => {
            let v: u64 = 1;
            println!("{}", v << amount(62) as u64);
        }
        4 => {
            let v: i64 = -5;
            println!("{}", v >> amount(97) as u8);
        }
        5 => {
            let v: i16 = 3;
            let s = amount(0) as i32 - 5;
            println!("shift by {s}");
            println!("{}", v << s);
        }
        6 => {
            let mut v: u32 = 7;
            v >>= amount(27);
            println!("{v}");
        }
        7 => {
            let mut v: usize = 1;
            v <<= amount(58) as usize;
            println!("{v}");
        }
        _ => {
            let v: i8 = -128;
            let s = amount(1) as i8;
            println!("{}", v >> s);
        }
    }
}
