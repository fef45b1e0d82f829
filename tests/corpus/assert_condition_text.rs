// args:
// args: 1
// args: 1 2
// args: 1 2 3
// args: 1 2 3 4
// args: 1 2 3 4 5
// args: 1 2 3 4 5 6
// args: 1 2 3 4 5 6 7
// args: 1 2 3 4 5 6 7 8
// args: 1 2 3 4 5 6 7 8 9
// args: 1 2 3 4 5 6 7 8 9 10
// args: 1 2 3 4 5 6 7 8 9 10 11
// args: 1 2 3 4 5 6 7 8 9 10 11 12
// args: 1 2 3 4 5 6 7 8 9 10 11 12 13
// args: 1 2 3 4 5 6 7 8 9 10 11 12 13 14
// args: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
// args: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
// A failing assert! without a message prints its condition the way rustc pretty-prints it:
// normalised spacing, parentheses kept, literals as written, blocks and matches on one line.
// The odd spacing in `check` is deliberate; do not reformat this file.
fn f(a: i32, b: i32) -> i32 {
    a + b
}

fn check(n: usize) {
    let x = n as i32;
    let t = n > 100;
    match n {
        1 => assert!(x+1==3),
        2 => assert!((x - 1) * 2 == f( x ,1 ) && !t),
        3 => assert!(-x > 0 || x as u8 >= 200u8),
        4 => assert!(std::env::args().len() > 10),
        5 => assert!(match x { 5 => false, _ => true }),
        6 => assert!({ x } < 0),
        7 => assert!(if t { true } else { false }),
        8 => assert!(t),
        9 => assert!(x<<2 == 1 || (x >> 1) != 4 && x % 3 == 0),
        10 => assert!(!(x == 10) , ),
        11 => assert!(x == -(1), "{}", -x),
        12 => assert!(loop { break false }),
        13 => assert!(x & 0xff == 0x1 | 0b10),
        14 => assert!(1_000 + x == 0o7),
        15 => assert!((((x)))==0),
        16 => assert!(f(f(x, 1), -1) == 0),
        _ => assert!({ let y = x; let z = y + 1; z == 0 }),
    }
}

fn main() {
    check(std::env::args().len());
}
