// args:
// args: a
// args: a b c d
// Loops left early: `return` from inside `while`, `break` and `continue` in `for`, labelled
// `break` with a value out of nested loops, and a `loop` whose only exit is a `return`.
fn first_multiple(limit: u32, of: u32) -> u32 {
    let mut i = 1;
    while i <= limit {
        if i % of == 0 {
            return i;
        }
        i += 1;
    }
    0
}

fn count_even_before(stop: usize) -> usize {
    let mut count = 0;
    for i in 0..20 {
        if i == stop * 3 {
            break;
        }
        if i % 2 == 1 {
            continue;
        }
        count += 1;
    }
    count
}

fn find_pair(target: i32) -> i32 {
    let mut rounds = 0;
    let found = 'outer: loop {
        rounds += 1;
        if rounds > 3 {
            break -1;
        }
        for a in 1..=4 {
            for b in 1..=4 {
                if a * b == target {
                    break 'outer a * 10 + b;
                }
                if a + b > 6 {
                    continue 'outer;
                }
            }
        }
    };
    found
}

fn collatz_steps(mut n: u64) -> u32 {
    let mut steps = 0;
    loop {
        if n == 1 {
            return steps;
        }
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
}

fn main() {
    let n = std::env::args().len();
    println!("{}", first_multiple(10, n as u32 + 2));
    println!("{}", first_multiple(3, 7));
    println!("{}", count_even_before(n));
    println!("{}", find_pair(n as i32 * 2));
    println!("{}", find_pair(13));
    println!("{}", collatz_steps(n as u64 + 5));
}
