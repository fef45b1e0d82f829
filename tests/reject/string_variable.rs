// expect-error: 4:20: unsupported*str
// String values (other than format strings) are outside Tier 1.
fn main() {
    let greeting = "hello";
    println!("{}", greeting);
}
