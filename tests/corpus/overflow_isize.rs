// args:
// args: sub
// args: mul mul
// args: neg neg neg
// isize arithmetic overflow panics: add, sub, mul and neg (one per run, chosen by argument count),
// after the same operations succeed right at the boundary.
fn add(a: isize, b: isize) -> isize {
    a + b
}

fn sub(a: isize, b: isize) -> isize {
    a - b
}

fn mul(a: isize, b: isize) -> isize {
    a * b
}

fn neg(a: isize) -> isize {
    -a
}

fn main() {
    let n = std::env::args().len();
    let max: isize = 9223372036854775807;
    let min: isize = -9223372036854775808;
    println!(
        "boundary {} {} {} {}",
        add(max - 1, 1),
        sub(min + 1, 1),
        mul(3037000499, 3037000499),
        neg(max)
    );
    match n {
        1 => println!("{}", add(max, 1)),
        2 => println!("{}", sub(min, 1)),
        3 => println!("{}", mul(3037000500, 3037000500)),
        _ => println!("{}", neg(min)),
    }
}
