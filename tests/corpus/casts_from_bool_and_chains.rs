// bool-to-integer casts for every type, cast chains, and casts mixed into arithmetic.
fn bools(b: bool) {
    println!(
        "{b}: {} {} {} {} {} {} {} {} {} {}",
        b as i8,
        b as i16,
        b as i32,
        b as i64,
        b as isize,
        b as u8,
        b as u16,
        b as u32,
        b as u64,
        b as usize
    );
}

fn count_true(a: bool, b: bool, c: bool) -> u32 {
    a as u32 + b as u32 + c as u32
}

fn main() {
    bools(true);
    bools(false);
    println!("count {}", count_true(true, false, true));
    let x: i32 = -1;
    println!("chain {}", x as u8 as i32);
    println!("chain {}", x as i8 as u16 as i64);
    println!("chain {}", (x as u64 >> 32) as i32);
    let y: u8 = 200;
    println!("signed view {}", y as i8);
    println!("widen then add {}", y as u16 + 100);
    println!("precedence {}", y as i32 * 2 - 1);
    let neg = -(y as i16);
    println!("negated {neg}");
    let flag = 3 > 2;
    let idx = flag as usize * 10 + (!flag) as usize;
    println!("idx {idx}");
    let back: i64 = (y as i64) << 40;
    println!("shifted cast {back} {}", back as u8);
}
