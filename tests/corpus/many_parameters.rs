// Functions with many parameters of mixed types (some passed on the stack), unit functions, order.
fn mix(
    a: i8,
    b: u8,
    c: i16,
    d: u16,
    e: i32,
    f: u32,
    g: i64,
    h: u64,
    i: isize,
    j: usize,
    k: bool,
) -> i64 {
    let base = a as i64 + b as i64 + c as i64 + d as i64 + e as i64 + f as i64;
    let rest = g + h as i64 + i as i64 + j as i64;
    if k {
        base * 1000 + rest
    } else {
        base - rest
    }
}

fn twelve(
    a: i32,
    b: i32,
    c: i32,
    d: i32,
    e: i32,
    f: i32,
    g: i32,
    h: i32,
    i: i32,
    j: i32,
    k: i32,
    l: i32,
) -> i32 {
    a - b + c - d + e - f + g - h + i - j + k - l * 1000
}

fn say(v: u8) {
    println!("say {v}");
}

fn nothing() {}

fn later_defined() -> u16 {
    defined_after_use() + 1
}

fn defined_after_use() -> u16 {
    65534
}

fn order(a: i32, b: i32, c: i32) -> i32 {
    a * 100 + b * 10 + c
}

fn trace(v: i32) -> i32 {
    println!("evaluating argument {v}");
    v
}

fn main() {
    println!("{}", mix(-1, 2, -3, 4, -5, 6, -7, 8, -9, 10, true));
    println!(
        "{}",
        mix(127, 255, 32767, 65535, 2147483647, 4294967295, 1, 2, 3, 4, false)
    );
    println!("{}", twelve(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
    say(9);
    nothing();
    let u: () = nothing();
    let _ = u;
    println!("{}", later_defined());
    println!("{}", order(trace(1), trace(2), trace(3)));
}
