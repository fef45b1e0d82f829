// args:
// args: a
// args: a b c
// `else if` ladders with and without a final `else`, as statements and as values, with early
// returns inside branches and branches that never run.
fn grade(score: u32) -> u32 {
    if score >= 90 {
        return 4;
    } else if score >= 80 {
        return 3;
    } else if score >= 70 {
        if score == 75 {
            return 25;
        }
    } else if score >= 1000 {
        println!("impossible");
    }
    if score < 10 {
        0
    } else if score < 50 {
        1
    } else {
        2
    }
}

fn sign(v: i64) -> i64 {
    let s = if v > 0 {
        1
    } else if v < 0 {
        -1
    } else {
        0
    };
    s * 10
}

fn main() {
    let n = std::env::args().len() as u32;
    let mut score = 5;
    while score < 100 {
        print!("{} ", grade(score + n - 1));
        score += 10 * n + 7;
    }
    println!();
    println!("{} {} {}", sign(n as i64 - 2), sign(0), sign(-(n as i64)));
}
