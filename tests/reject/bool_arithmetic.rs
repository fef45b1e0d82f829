// expect-error: 5:15: cannot add `bool` to `bool`
// Arithmetic is not defined on bool.
fn main() {
    let t = true;
    let v = t + t;
    println!("{}", v);
}
