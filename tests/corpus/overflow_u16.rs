// args:
// args: sub
// args: mul mul
// u16 arithmetic overflow panics: add, sub and mul (one per run, chosen by argument count),
// after the same operations succeed right at the boundary.
fn add(a: u16, b: u16) -> u16 {
    a + b
}

fn sub(a: u16, b: u16) -> u16 {
    a - b
}

fn mul(a: u16, b: u16) -> u16 {
    a * b
}

fn main() {
    let n = std::env::args().len();
    let max: u16 = 65535;
    let zero: u16 = 0;
    println!(
        "boundary {} {} {}",
        add(max - 1, 1),
        sub(zero + 1, 1),
        mul(255, 257)
    );
    match n {
        1 => println!("{}", add(max, 1)),
        2 => println!("{}", sub(zero, 1)),
        _ => println!("{}", mul(256, 256)),
    }
}
