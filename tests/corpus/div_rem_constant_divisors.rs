// args:
// args: 1
// args: 1 2
// args: 1 2 3
// Constant divisors: clifcov's backend knows that a constant other than 0 passes the
// divide-by-zero check, and that one other than -1 passes the overflow check; -1 still
// checks its dividend at run time.
fn by_seven(x: i64) -> i64 {
    x / 7 + x % 7
}

fn by_minus_one(x: i32) -> i32 {
    x / -1
}

fn rem_minus_one(x: i8) -> i8 {
    x % -1
}

fn unsigned(x: u16) -> u16 {
    x / 3 + x % 1
}

fn main() {
    let n = std::env::args().len() as i64;
    println!("{} {} {}", by_seven(n * 100 - 350), by_seven(-n), unsigned(n as u16 * 1000));
    println!("{} {}", by_minus_one(n as i32 - 5), rem_minus_one(n as i8 - 3));
    let mut sum: i64 = 0;
    for i in 0..n * 10 {
        if i % 3 == 0 {
            sum += i / 2;
        }
    }
    println!("{}", sum);
    if n == 3 {
        println!("{}", rem_minus_one(-128 + n as i8 - 3));
    }
    if n == 4 {
        println!("{}", by_minus_one(-2147483648 + n as i32 - 4));
    }
}
