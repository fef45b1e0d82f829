// args:
// args: sub
// args: mul mul
// args: neg neg neg
// i64 arithmetic overflow panics: add, sub, mul and neg (one per run, chosen by argument count),
// after the same operations succeed right at the boundary.
fn add(a: i64, b: i64) -> i64 {
    a + b
}

fn sub(a: i64, b: i64) -> i64 {
    a - b
}

fn mul(a: i64, b: i64) -> i64 {
    a * b
}

fn neg(a: i64) -> i64 {
    -a
}

fn main() {
    let n = std::env::args().len();
    let max: i64 = 9223372036854775807;
    let min: i64 = -9223372036854775808;
    println!(
        "boundary {} {} {} {}",
        add(max - 1, 1),
        sub(min + 1, 1),
        mul(-4294967296, 2147483648),
        neg(max)
    );
    match n {
        1 => println!("{}", add(max, 1)),
        2 => println!("{}", sub(min, 1)),
        3 => println!("{}", mul(4294967296, 2147483648)),
        _ => println!("{}", neg(min)),
    }
}
