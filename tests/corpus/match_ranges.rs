// match with inclusive ranges (also negative bounds), exhaustive integer matches without `_`.
fn bucket(n: i32) -> i32 {
    match n {
        -2147483648..=-1001 => -2,
        -1000..=-1 => -1,
        0 => 0,
        1..=9 => 1,
        10..=99 => 2,
        100..=2147483647 => 3,
    }
}

fn byte_class(b: u8) -> u8 {
    match b {
        0..=31 => 0,
        32..=126 => 1,
        127 => 2,
        128..=255 => 3,
    }
}

fn signed_byte(v: i8) -> i8 {
    match v {
        -128..=-1 => -1,
        0 => 0,
        1..=127 => 1,
    }
}

fn wide(v: u64) -> u64 {
    match v {
        0..=9 => 1,
        10..=4294967295 => 2,
        _ => 3,
    }
}

fn main() {
    println!(
        "{} {} {} {} {} {} {}",
        bucket(-5000),
        bucket(-1000),
        bucket(-1),
        bucket(0),
        bucket(9),
        bucket(10),
        bucket(100000)
    );
    println!(
        "{} {} {} {} {} {}",
        byte_class(0),
        byte_class(31),
        byte_class(32),
        byte_class(126),
        byte_class(127),
        byte_class(255)
    );
    println!(
        "{} {} {}",
        signed_byte(-128),
        signed_byte(0),
        signed_byte(127)
    );
    println!("{} {} {}", wide(9), wide(4294967295), wide(4294967296));
    let mut hist = 0;
    for c in 0..=255 {
        hist += byte_class(c) as u32;
    }
    println!("hist {hist}");
}
