// args:
// args: a
// args: a b
// args: a b c
// Panics in the middle of functions, chosen by the argument count: an overflow after some
// output, an explicit panic! inside a loop, an assert! deep in a call chain; code after the
// panicking line in the same function is covered only by the runs that did not panic.
fn scaled(n: usize) -> u8 {
    let mut value: u8 = 150;
    println!("before overflow");
    value *= n as u8 + 1;
    println!("after overflow {value}");
    value
}

fn looping(n: usize) -> usize {
    let mut total = 0;
    for i in 0..5 {
        if n == 2 && i == 3 {
            panic!("stopped in the loop at {i}");
        }
        total += i;
    }
    total
}

fn deep(n: usize, depth: usize) -> usize {
    if depth == 0 {
        assert!(n != 3, "n must not be three");
        return n;
    }
    deep(n, depth - 1) + 1
}

fn main() {
    let n = std::env::args().len() - 1;
    println!("{}", looping(n));
    println!("{}", deep(n, 3));
    println!("{}", scaled(n));
    println!("end");
}
