// Doubled parentheses: rustc's expression takes the span of the outermost pair, so its
// coverage regions do.
#![allow(unused_parens)]
fn pick(n: i64) -> i64 {
    match ((n & 7)) % 4 {
        0 => ((n + 1)),
        1 => (((n * 2))),
        _ => n,
    }
}

fn main() {
    let n = std::env::args().len() as i64;
    let doubled = ((pick(n) + pick(n + 1)));
    if ((doubled > 3)) {
        println!("big {}", ((doubled)));
    } else {
        println!("small {doubled}");
    }
}
