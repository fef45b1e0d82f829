// expect-error: 5:8: mismatched types
// if conditions must be bool; integers are not truthy.
fn main() {
    let n = 1;
    if n {
        println!("yes");
    }
}
