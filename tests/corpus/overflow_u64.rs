// args:
// args: sub
// args: mul mul
// u64 arithmetic overflow panics: add, sub and mul (one per run, chosen by argument count),
// after the same operations succeed right at the boundary.
fn add(a: u64, b: u64) -> u64 {
    a + b
}

fn sub(a: u64, b: u64) -> u64 {
    a - b
}

fn mul(a: u64, b: u64) -> u64 {
    a * b
}

fn main() {
    let n = std::env::args().len();
    let max: u64 = 18446744073709551615;
    let zero: u64 = 0;
    println!(
        "boundary {} {} {}",
        add(max - 1, 1),
        sub(zero + 1, 1),
        mul(4294967295, 4294967297)
    );
    match n {
        1 => println!("{}", add(max, 1)),
        2 => println!("{}", sub(zero, 1)),
        _ => println!("{}", mul(4294967296, 4294967296)),
    }
}
