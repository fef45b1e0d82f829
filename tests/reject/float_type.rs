// expect-error: 4:12: unsupported type*f64
// Floating-point types are not in the subset.
fn main() {
    let x: f64 = 1.5;
    println!("{}", x);
}
