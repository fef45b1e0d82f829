// expect-error: 4:18: unsupported*array
// Arrays are Tier 2.
fn main() {
    let values = [1, 2, 3];
    println!("{}", values[0]);
}
