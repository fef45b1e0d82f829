// args:
// args: sub
// args: mul mul
// args: neg neg neg
// i16 arithmetic overflow panics: add, sub, mul and neg (one per run, chosen by argument count),
// after the same operations succeed right at the boundary.
fn add(a: i16, b: i16) -> i16 {
    a + b
}

fn sub(a: i16, b: i16) -> i16 {
    a - b
}

fn mul(a: i16, b: i16) -> i16 {
    a * b
}

fn neg(a: i16) -> i16 {
    -a
}

fn main() {
    let n = std::env::args().len();
    let max: i16 = 32767;
    let min: i16 = -32768;
    println!(
        "boundary {} {} {} {}",
        add(max - 1, 1),
        sub(min + 1, 1),
        mul(-256, 128),
        neg(max)
    );
    match n {
        1 => println!("{}", add(max, 1)),
        2 => println!("{}", sub(min, 1)),
        3 => println!("{}", mul(256, 128)),
        _ => println!("{}", neg(min)),
    }
}
