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
// MIN / -1 and MIN % -1 overflow for every signed type: odd runs divide, even runs take remainders.
fn minus_one() -> i64 {
    -1
}

fn div_i8(a: i8, b: i8) -> i8 {
    a / b
}

fn rem_i8(a: i8, b: i8) -> i8 {
    a % b
}

fn main() {
    let n = std::env::args().len();
    let m1 = minus_one();
    println!(
        "near misses {} {} {}",
        div_i8(-127, -1),
        rem_i8(-128, 1),
        div_i8(-128, 2)
    );
    let min8: i8 = -128;
    let min16: i16 = -32768;
    let min32: i32 = -2147483648;
    let min64: i64 = -9223372036854775808;
    let minsize: isize = -9223372036854775808;
    match n {
        1 => println!("{}", div_i8(min8, m1 as i8)),
        2 => println!("{}", rem_i8(min8, m1 as i8)),
        3 => println!("{}", min16 / m1 as i16),
        4 => println!("{}", min16 % m1 as i16),
        5 => println!("{}", min32 / m1 as i32),
        6 => println!("{}", min32 % m1 as i32),
        7 => println!("{}", min64 / m1),
        8 => println!("{}", min64 % m1),
        9 => println!("{}", minsize / m1 as isize),
        _ => println!("{}", minsize % m1 as isize),
    }
}
