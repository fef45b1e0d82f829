// args:
// args: a b c
// Coverage of functions that never run: never called at all, called only from another unused
// function (both listed at 0), and used functions whose branches or early returns never run.
#[allow(dead_code)]
fn never_called(n: i32) -> i32 {
    if n > 0 {
        n * 2
    } else {
        only_called_by_unused(n)
    }
}

#[allow(dead_code)]
fn only_called_by_unused(n: i32) -> i32 {
    let mut total = 0;
    for i in 0..n {
        total += i;
    }
    total
}

#[allow(dead_code)]
fn unused_with_match(v: u8) -> u8 {
    match v {
        0 => 1,
        1..=9 if v % 2 == 0 => 2,
        _ => {
            println!("big {v}");
            3
        }
    }
}

fn used_with_dead_branch(n: usize) -> usize {
    if n > 1000 {
        println!("not reached with these arguments");
        return n - 1000;
    }
    n + 1
}

fn used_once_per_run(n: usize) {
    while n > 1000 {
        println!("never");
    }
    println!("used {n}");
}

fn main() {
    let n = std::env::args().len();
    println!("{}", used_with_dead_branch(n));
    used_once_per_run(n);
    if n > 2 {
        println!("{}", used_with_dead_branch(n * 2));
    }
}
