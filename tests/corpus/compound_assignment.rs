// Every compound assignment operator, on several types, including shifts with other RHS types.
fn main() {
    let mut a: i32 = 10;
    a += 5;
    println!("+= {a}");
    a -= 20;
    println!("-= {a}");
    a *= -3;
    println!("*= {a}");
    a /= 4;
    println!("/= {a}");
    a %= 5;
    println!("%= {a}");
    a &= 6;
    println!("&= {a}");
    a |= 9;
    println!("|= {a}");
    a ^= 12;
    println!("^= {a}");
    a <<= 3;
    println!("<<= {a}");
    a >>= 1;
    println!(">>= {a}");

    let mut b: u8 = 250;
    b += 5;
    b -= 255;
    b |= 128;
    b >>= 7;
    println!("u8 {b}");

    let mut c: i64 = -1;
    let shift: u32 = 60;
    c <<= shift;
    println!("i64 {c}");
    c >>= shift;
    println!("i64 {c}");

    let mut d: usize = 1;
    let mut i = 0;
    while i < 10 {
        d *= 3;
        d %= 1000;
        i += 1;
    }
    println!("usize {d}");

    let mut e: i16 = -32768;
    e /= -2;
    e %= 1000;
    println!("i16 {e}");

    let mut f: u64 = 1;
    f <<= 63;
    f ^= 18446744073709551615;
    println!("u64 {f}");

    let mut g = 7;
    g += g * 2;
    g -= g / 3;
    println!("g {g}");
}
