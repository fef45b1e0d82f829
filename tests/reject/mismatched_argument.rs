// expect-error: 9:25: mismatched types
// A u8 value passed where an i32 is expected.
fn take(v: i32) -> i32 {
    v
}

fn main() {
    let small: u8 = 3;
    println!("{}", take(small));
}
