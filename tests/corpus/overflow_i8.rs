// args:
// args: sub
// args: mul mul
// args: neg neg neg
// i8 arithmetic overflow panics: add, sub, mul and neg (one per run, chosen by argument count),
// after the same operations succeed right at the boundary.
fn add(a: i8, b: i8) -> i8 {
    a + b
}

fn sub(a: i8, b: i8) -> i8 {
    a - b
}

fn mul(a: i8, b: i8) -> i8 {
    a * b
}

fn neg(a: i8) -> i8 {
    -a
}

fn main() {
    let n = std::env::args().len();
    let max: i8 = 127;
    let min: i8 = -128;
    println!(
        "boundary {} {} {} {}",
        add(max - 1, 1),
        sub(min + 1, 1),
        mul(-64, 2),
        neg(max)
    );
    match n {
        1 => println!("{}", add(max, 1)),
        2 => println!("{}", sub(min, 1)),
        3 => println!("{}", mul(-128, -1)),
        _ => println!("{}", neg(min)),
    }
}
