// expect-error: 5:17: mismatched types
// expect-error: 10:13: unsupported*closure
// Errors in different functions are all reported, not only the first one.
fn first() -> i32 {
    let x: u8 = false;
    x as i32
}

fn second() -> i32 {
    let f = |v: i32| v;
    f(2)
}

fn main() {
    println!("{} {}", first(), second());
}
