// args:
// args: sub
// args: mul mul
// u32 arithmetic overflow panics: add, sub and mul (one per run, chosen by argument count),
// after the same operations succeed right at the boundary.
fn add(a: u32, b: u32) -> u32 {
    a + b
}

fn sub(a: u32, b: u32) -> u32 {
    a - b
}

fn mul(a: u32, b: u32) -> u32 {
    a * b
}

fn main() {
    let n = std::env::args().len();
    let max: u32 = 4294967295;
    let zero: u32 = 0;
    println!(
        "boundary {} {} {}",
        add(max - 1, 1),
        sub(zero + 1, 1),
        mul(65535, 65537)
    );
    match n {
        1 => println!("{}", add(max, 1)),
        2 => println!("{}", sub(zero, 1)),
        _ => println!("{}", mul(65536, 65536)),
    }
}
