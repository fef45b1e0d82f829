// args:
// args: sub
// args: mul mul
// u8 arithmetic overflow panics: add, sub and mul (one per run, chosen by argument count),
// after the same operations succeed right at the boundary.
fn add(a: u8, b: u8) -> u8 {
    a + b
}

fn sub(a: u8, b: u8) -> u8 {
    a - b
}

fn mul(a: u8, b: u8) -> u8 {
    a * b
}

fn main() {
    let n = std::env::args().len();
    let max: u8 = 255;
    let zero: u8 = 0;
    println!(
        "boundary {} {} {}",
        add(max - 1, 1),
        sub(zero + 1, 1),
        mul(15, 17)
    );
    match n {
        1 => println!("{}", add(max, 1)),
        2 => println!("{}", sub(zero, 1)),
        _ => println!("{}", mul(16, 16)),
    }
}
