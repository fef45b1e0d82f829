// expect-error: 4:18: mismatched types
// A bool initialiser for an i32 binding.
fn main() {
    let x: i32 = true;
    println!("{}", x);
}
