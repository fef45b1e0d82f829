// args:
// args: sub
// args: mul mul
// args: neg neg neg
// i32 arithmetic overflow panics: add, sub, mul and neg (one per run, chosen by argument count),
// after the same operations succeed right at the boundary.
fn add(a: i32, b: i32) -> i32 {
    a + b
}

fn sub(a: i32, b: i32) -> i32 {
    a - b
}

fn mul(a: i32, b: i32) -> i32 {
    a * b
}

fn neg(a: i32) -> i32 {
    -a
}

fn main() {
    let n = std::env::args().len();
    let max: i32 = 2147483647;
    let min: i32 = -2147483648;
    println!(
        "boundary {} {} {} {}",
        add(max - 1, 1),
        sub(min + 1, 1),
        mul(65536, 32767),
        neg(max)
    );
    match n {
        1 => println!("{}", add(max, 1)),
        2 => println!("{}", sub(min, 1)),
        3 => println!("{}", mul(-65536, 32769)),
        _ => println!("{}", neg(min)),
    }
}
