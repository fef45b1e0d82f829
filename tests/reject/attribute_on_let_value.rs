// expect-error: 4:13: attributes on expressions are experimental
// An attribute on the value of a `let` is an attribute on an expression.
fn main() {
    let x = #[allow(unused)] 5;
    println!("{}", x);
}
