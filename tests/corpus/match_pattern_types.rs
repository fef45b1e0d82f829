// Pattern literals take the scrutinee's type: u8 200, large u64/i64 values, usize ranges;
// an unconstrained scrutinee literal is i32.
fn u8_case(v: u8) -> u8 {
    match v {
        200..=255 => 2,
        100 | 150 => 1,
        _ => 0,
    }
}

fn u64_case(v: u64) -> u64 {
    match v {
        10000000000..=18446744073709551615 => 3,
        4294967296 => 2,
        _ => 1,
    }
}

fn i64_case(v: i64) -> i64 {
    match v {
        -9223372036854775808..=-3000000000 => -2,
        3000000000 => 2,
        _ => 0,
    }
}

fn main() {
    println!("{} {} {}", u8_case(255), u8_case(150), u8_case(99));
    println!(
        "{} {} {}",
        u64_case(18446744073709551615),
        u64_case(4294967296),
        u64_case(7)
    );
    println!(
        "{} {} {}",
        i64_case(-9223372036854775808),
        i64_case(3000000000),
        i64_case(5)
    );
    let len = std::env::args().len();
    let r = match len {
        0 => 10,
        1..=3 => 20,
        _ => 30,
    };
    println!("r {r}");
    let d = match 2147483647 {
        2147483647 => -2147483648,
        _ => 0,
    };
    println!("d {d}");
}
