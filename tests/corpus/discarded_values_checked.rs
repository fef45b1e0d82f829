// args:
// args: 1
// args: 1 2
// args: 1 2 3
// args: 1 2 3 4
// args: 1 2 3 4 5
// Values that are thrown away are still computed with their checks: `let _ =`, `_name` bindings
// and expression statements; shift amounts are checked in full width (2^32 is not 0); MIN / 0 is
// a division by zero, not an overflow.
fn big_shift() -> u64 {
    4294967296 + std::env::args().len() as u64 - 1
}

#[allow(unused_must_use)]
fn main() {
    let n = std::env::args().len();
    let v: u32 = 1;
    let min8: i8 = -128;
    let zero8 = (n - n) as i8;
    let max8: u8 = 255;
    let one8 = n as u8;
    println!("start {n}");
    match n {
        1 => println!("{}", v << big_shift()),
        2 => println!("{}", min8 / zero8),
        3 => {
            let _ = max8 + one8;
            println!("never");
        }
        4 => {
            max8 * one8 * 2;
            println!("never");
        }
        5 => println!("{}", v >> (-(n as i64) + 2)),
        _ => {
            let _unused = min8 % zero8;
            println!("never");
        }
    }
}
