// Literal types flow through if/match branches, loop break values, returns, comparisons,
// shadowing, the other operand, assert_eq! and loop ranges; shift amounts and casts do not.
fn make_u64(v: u64) -> u64 {
    v
}

fn make_u16(v: u16) -> u16 {
    v
}

fn returns_u8() -> u8 {
    let v = 200;
    return v;
}

fn main() {
    let n = std::env::args().len();
    let x = if n > 0 { 1 } else { make_u64(2) };
    println!("if branches unify: {}", x << 40);
    let v = loop {
        break 300;
    };
    let w: u16 = v;
    println!("loop break value: {}", w * 200);
    println!("return: {}", returns_u8());
    let k = 3000000000;
    if k > make_u64(1) {
        println!("comparison gives u64: {}", k * 4);
    }
    let a = 7;
    let a = a;
    let b: i64 = a;
    println!("through shadowing: {}", b * 1000000000000);
    let c = 100;
    let d: u8 = 2;
    let e = c * d;
    println!("the other operand: {e}");
    let f = 1 << d;
    println!("shift amount does not type the value: {}", f * 1000000);
    let big = 40000;
    assert_eq!(big, make_u16(40000));
    println!("assert_eq unifies: {}", big + 25535);
    let mut acc = 0;
    for i in 0..n {
        acc += i;
    }
    println!("range from usize: {}", acc + 18446744073709551614);
    let g = match n {
        1 => 5,
        _ => make_u64(6),
    };
    println!("match arms unify: {}", g * 10000000000);
    let h = -5;
    let m = h as u8;
    println!("cast does not constrain: {} {}", h * 100000000, m);
}
