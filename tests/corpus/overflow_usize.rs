// args:
// args: sub
// args: mul mul
// usize arithmetic overflow panics: add, sub and mul (one per run, chosen by argument count),
// after the same operations succeed right at the boundary.
fn add(a: usize, b: usize) -> usize {
    a + b
}

fn sub(a: usize, b: usize) -> usize {
    a - b
}

fn mul(a: usize, b: usize) -> usize {
    a * b
}

fn main() {
    let n = std::env::args().len();
    let max: usize = 18446744073709551615;
    let zero: usize = 0;
    println!(
        "boundary {} {} {}",
        add(max - 1, 1),
        sub(zero + 1, 1),
        mul(3, 6148914691236517205)
    );
    match n {
        1 => println!("{}", add(max, 1)),
        2 => println!("{}", sub(zero, 1)),
        _ => println!("{}", mul(2, 9223372036854775808)),
    }
}
