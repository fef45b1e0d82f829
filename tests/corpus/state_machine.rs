// A loop driving a match-based state machine: tokenising the decimal digits of numbers.
fn digit_at(n: u64, pos: u32) -> u64 {
    let mut v = n;
    for _ in 0..pos {
        v /= 10;
    }
    v % 10
}

fn run(input: u64, len: u32) -> u32 {
    let mut state = 0;
    let mut runs = 0;
    let mut pos = len;
    while pos > 0 {
        pos -= 1;
        let d = digit_at(input, pos);
        state = match d >= 5 {
            true => match state {
                0 | 2 => {
                    runs += 1;
                    1
                }
                _ => 1,
            },
            false => match state {
                1 => 2,
                s => s,
            },
        };
        print!("{d}:{state} ");
    }
    println!();
    runs
}

fn main() {
    println!("runs {}", run(1597534682, 10));
    println!("runs {}", run(11111, 5));
    println!("runs {}", run(9090909, 7));
}
