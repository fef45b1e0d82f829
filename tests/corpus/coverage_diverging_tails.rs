// args:
// args: a
// args: a b
// args: a b c
// Functions that end without returning: a tail `process::exit`, a tail `panic!`, a `loop` left
// only by `return`, an `unreachable!()` arm that never runs, an unused `todo!()`, and a `main`
// whose last statement is `process::exit`, so it has no return block.
fn stop(code: i32) -> i32 {
    println!("stopping with {code}");
    std::process::exit(code)
}

fn fail(n: usize) -> usize {
    println!("failing for {n}");
    panic!("failed with {n}")
}

fn first_square_above(limit: u32) -> u32 {
    let mut i = 0;
    loop {
        if i * i > limit {
            return i;
        }
        i += 1;
    }
}

fn parity(n: usize) -> usize {
    match n % 2 {
        0 => 0,
        1 => 1,
        _ => unreachable!("a remainder of 2 is {}", n % 2),
    }
}

#[allow(dead_code)]
fn later(n: usize) -> usize {
    if n > 0 {
        todo!()
    }
    n
}

fn main() {
    let n = std::env::args().len();
    println!("{} {}", first_square_above(n as u32 * 10), parity(n));
    if n == 2 {
        println!("{}", fail(n));
    }
    if n == 3 {
        println!("{}", stop(7));
    }
    println!("end");
    std::process::exit(n as i32 - 1);
}
