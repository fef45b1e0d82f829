// expect-error: 5:11: non-exhaustive patterns
// Integer matches must cover every value (here 6..=255 is missing).
fn main() {
    let x: u8 = 3;
    match x {
        0 => println!("zero"),
        1..=5 => println!("small"),
    }
}
