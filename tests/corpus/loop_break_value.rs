// loop with break values: plain break, break with a value of several types, loop as the tail.
fn first_square_above(limit: u32) -> u32 {
    let mut k = 0;
    loop {
        k += 1;
        if k * k > limit {
            break k * k;
        }
    }
}

fn find_factor(n: u64) -> u64 {
    let mut d = 2;
    loop {
        if d * d > n {
            break n;
        }
        if n % d == 0 {
            break d;
        }
        d += 1;
    }
}

fn main() {
    println!("{} {}", first_square_above(50), first_square_above(0));
    println!(
        "{} {} {}",
        find_factor(91),
        find_factor(97),
        find_factor(1000000007)
    );
    let mut count = 0;
    loop {
        count += 1;
        if count == 3 {
            break;
        }
    }
    println!("count {count}");
    let mut x: i8 = -100;
    let found = loop {
        x += 7;
        if x > 0 {
            break x > 5;
        }
    };
    println!("found {found} x {x}");
    let mut steps = 0;
    let mut n: u64 = 27;
    let collatz_steps = loop {
        if n == 1 {
            break steps;
        }
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    };
    println!("collatz 27 takes {collatz_steps}");
    let unit = loop {
        break;
    };
    let _ = unit;
    let v = loop {
        break loop {
            break 5;
        } + 1;
    };
    println!("v {v}");
}
