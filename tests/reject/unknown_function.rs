// expect-error: 4:13: cannot find function `compute` in this scope
// Calling a function that does not exist.
fn main() {
    let x = compute(3);
    println!("{}", x);
}
