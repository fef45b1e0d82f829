// args:
// args: a
// args: a b c
// Loops driven by matches: `loop` whose match arms `break` with values or `continue`, a `while`
// whose body returns from a match arm, and a `for` over a reversed range with a guarded match.
fn step(state: u32, input: u32) -> u32 {
    let mut s = state;
    let mut i = 0;
    let result = loop {
        i += 1;
        match s {
            0 => s = input % 3 + 1,
            1 => {
                s = 2;
                continue;
            }
            2 if i > 5 => break 200,
            2 => s = 3,
            3 => break s * 10 + i,
            _ => break 999,
        }
    };
    result
}

fn find(limit: u32) -> u32 {
    let mut v = 0;
    while v < limit {
        match v % 7 {
            6 => return v,
            0 | 1 => v += 2,
            _ => v += 1,
        }
    }
    limit
}

fn main() {
    let n = std::env::args().len() as u32;
    println!("{} {} {}", step(0, n), step(1, n), step(4, n));
    println!("{} {}", find(n * 3), find(20));
    let mut total = 0;
    for i in (0..=n + 3).rev() {
        match i {
            x if x % 2 == 0 => total += x,
            1 => total += 100,
            _ => {}
        }
    }
    println!("{total}");
}
