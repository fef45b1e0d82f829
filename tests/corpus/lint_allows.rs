// args:
// args: one
// args: one two
// `#[allow(..)]` turns rustc's deny-by-default lints off inside the crate, function,
// statement or call argument it is on: out-of-range literals wrap (in patterns and range
// ends too), and operations that would overflow or divide by zero compile and panic when
// they run.
#![allow(overflowing_literals)]

#[allow(arithmetic_overflow)]
fn overflow() -> u8 {
    let x: u8 = 255 + 1;
    x
}

fn divide(runs: u32) -> u32 {
    #[allow(unconditional_panic)]
    let q = if runs > 2 { 1 / 0 } else { runs };
    q
}

fn double(value: i32) -> i32 {
    value * 2
}

fn main() {
    let runs = std::env::args().len() as u32;
    let a: u8 = 256;
    let b: i8 = 128;
    let c: i8 = -129;
    let d: i32 = 0xFFFF_FFFF;
    let e: u16 = 70000;
    println!("{} {} {} {} {}", a, b, c, d, e);
    match a {
        256 => println!("256 is zero in u8"),
        _ => println!("other"),
    }
    for i in 0..256u8 {
        println!("never {}", i);
    }
    println!(
        "{}",
        double(#[allow(arithmetic_overflow)] {
            let m: i8 = 127;
            m as i32 + 1
        })
    );
    println!("{}", divide(runs));
    if runs > 1 {
        println!("{}", overflow());
    }
}
