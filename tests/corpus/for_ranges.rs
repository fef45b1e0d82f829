// for over a..b and a..=b: empty and single-element ranges, variable bounds evaluated once, negatives.
fn bound(v: i32) -> i32 {
    println!("bound evaluated: {v}");
    v
}

fn main() {
    for i in 0..5 {
        print!("{i} ");
    }
    println!();
    for i in 1..=5 {
        print!("{i} ");
    }
    println!();
    for i in -3..3 {
        print!("{i} ");
    }
    println!();
    for i in 5..3 {
        println!("never {i}");
    }
    for i in 5..5 {
        println!("never {i}");
    }
    for i in 5..=4 {
        println!("never {i}");
    }
    for i in 7..=7 {
        println!("single {i}");
    }
    for i in bound(2)..bound(4) {
        println!("body {i}");
    }
    let mut n = 3;
    for i in 0..n {
        n += 10;
        println!("i {i} n {n}");
    }
    let lo: u8 = 250;
    let hi: u8 = 253;
    let mut sum: u32 = 0;
    for v in lo..=hi {
        sum += v as u32;
    }
    println!("sum {sum}");
    let mut total: i64 = 0;
    for a in 0..10 {
        for b in a..10 {
            total += a * b;
        }
    }
    println!("total {total}");
    for _ in 0..2 {
        println!("underscore");
    }
}
