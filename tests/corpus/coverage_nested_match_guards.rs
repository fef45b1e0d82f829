// args:
// args: a
// args: a b
// args: a b c d e f
// Nested matches with guards: guards that fail and fall through to later arms, a match inside a
// guarded arm, a guard calling a function, or-patterns with a guard, and a match as a guard.
fn is_small(v: i32) -> bool {
    v < 3
}

fn classify(a: i32, b: i32) -> i32 {
    match a {
        0 => match b {
            0 => 0,
            x if x > 2 => 1,
            _ => 2,
        },
        1 | 2 if is_small(b) => match b {
            0 | 1 => 3,
            y if y == a => 4,
            _ => 5,
        },
        x if x == b => 6,
        x if match x {
            3..=5 => true,
            _ => false,
        } =>
        {
            7
        }
        _ => 8,
    }
}

fn main() {
    let n = std::env::args().len() as i32;
    for a in 0..n + 2 {
        for b in 0..3 {
            print!("{} ", classify(a, b + n - 1));
        }
        println!();
    }
}
