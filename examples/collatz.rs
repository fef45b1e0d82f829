// A bundled example: Collatz chain lengths, with a loop, a match and a recursive helper.

fn next(n: u64) -> u64 {
    match n % 2 {
        0 => n / 2,
        _ => 3 * n + 1,
    }
}

fn chain_length(mut n: u64) -> u32 {
    let mut steps = 0;
    while n != 1 {
        n = next(n);
        steps += 1;
    }
    steps
}

fn digits(n: u32) -> u32 {
    if n < 10 {
        1
    } else {
        1 + digits(n / 10)
    }
}

fn main() {
    let mut longest = 0;
    let mut start = 1;
    for n in 1..30 {
        let len = chain_length(n);
        if len > longest {
            longest = len;
            start = n;
        }
    }
    println!("longest chain below 30 starts at {start}: {longest} steps");
    println!("that is a {}-digit number of steps", digits(longest));
    if std::env::args().len() > 1 {
        println!("extra arguments were given");
    }
}
