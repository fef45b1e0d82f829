// expect-error: 6:9: `break` with value from a `while` loop
// Only `loop` can break with a value.
fn main() {
    let mut i = 0;
    while i < 3 {
        break 5;
    }
    i += 1;
    println!("{}", i);
}
