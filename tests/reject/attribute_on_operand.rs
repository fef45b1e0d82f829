// expect-error: 6:5: attributes on expressions are experimental
// The attributes before a statement that starts with a binary operation belong to its left
// operand, an expression, where stable Rust refuses them.
fn main() {
    let x = std::env::args().len();
    #[allow(unused)]
    x + 1;
    println!("{}", x);
}
