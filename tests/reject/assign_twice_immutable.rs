// expect-error: 6:5: cannot assign twice to immutable variable `x`
// Assigning to a binding declared without `mut`.
fn main() {
    let x = 1;
    println!("{}", x);
    x = 2;
    println!("{}", x);
}
