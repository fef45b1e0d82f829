// while loops: counting, conditions with calls, break and continue inside while, nested whiles.
fn digits(mut n: u64) -> u32 {
    let mut count = 0;
    while n > 0 {
        n /= 10;
        count += 1;
    }
    count
}

fn below(limit: i32, v: i32) -> bool {
    v < limit
}

fn main() {
    let mut i = 0;
    while i < 5 {
        print!("{i} ");
        i += 1;
    }
    println!();
    println!(
        "digits {} {} {}",
        digits(0),
        digits(9),
        digits(18446744073709551615)
    );
    let mut v = 1;
    while below(1000, v) {
        v *= 3;
    }
    println!("v {v}");
    let mut n = 0;
    let mut odd_sum = 0;
    while n < 20 {
        n += 1;
        if n % 2 == 0 {
            continue;
        }
        if n > 15 {
            break;
        }
        odd_sum += n;
    }
    println!("odd_sum {odd_sum} n {n}");
    let mut row = 1;
    while row <= 3 {
        let mut col = 1;
        while col <= row {
            print!("{}", row * col);
            col += 1;
        }
        println!();
        row += 1;
    }
    let mut never = false;
    while never {
        never = false;
    }
    println!("done {never}");
}
