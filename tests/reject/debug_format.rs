// expect-error: 5:19: unsupported*format
// Only {} and {name} placeholders are supported; {:?} is rejected where it appears in the string.
fn main() {
    let x = 5;
    println!("x = {:?}", x);
}
