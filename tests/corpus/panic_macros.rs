// args:
// args: 1
// args: 1 2
// args: 1 2 3
// args: 1 2 3 4
// args: 1 2 3 4 5
// args: 1 2 3 4 5 6
// args: 1 2 3 4 5 6 7
// panic!, unreachable! and todo! with no message, a literal message and formatted arguments.
fn pick(n: usize) -> i32 {
    match n {
        1 => panic!(),
        2 => panic!("a literal message"),
        3 => panic!("formatted {} and {n} and {{braces}}", n * 10),
        4 => unreachable!(),
        5 => unreachable!("unreachable with {}", n + 1),
        6 => todo!(),
        7 => todo!("todo with {n}"),
        _ => 0,
    }
}

fn main() {
    let n = std::env::args().len();
    println!("before {n}");
    let v = pick(n);
    println!("after {v}");
    panic!("final panic after {v}");
}
