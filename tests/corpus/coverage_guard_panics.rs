// args:
// args: a
// args: a b
// args: a b c
// Panics where control is split: a division by zero inside a match guard, an `assert_eq!`
// failing on a late loop iteration, and an overflow in the condition of a `while`.
fn pick(v: i32, d: i32) -> i32 {
    match v {
        0 => 0,
        x if x / d > 2 => 1,
        x if x % 2 == 0 => 2,
        _ => 3,
    }
}

fn checked_sum(n: u32) -> u32 {
    let mut total = 0;
    for i in 0..5 {
        total += i;
        assert_eq!(total < 10 || n != 3, true, "total {total} at {i}");
    }
    total
}

fn shrink(mut v: u8, n: u8) -> u8 {
    let mut rounds = 0;
    while v - n * 40 > 3 {
        v -= 1;
        rounds += 1;
    }
    rounds
}

fn main() {
    let n = std::env::args().len() as i32;
    println!("{} {} {}", pick(0, 1), pick(9, 1), pick(4, 3));
    println!("{}", pick(7, 2 - n));
    println!("{}", checked_sum(n as u32));
    println!("{}", shrink(60, n as u8 - 1));
}
