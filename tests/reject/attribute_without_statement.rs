// expect-error: 6:5: expected statement after outer attribute
// An outer attribute needs a statement after it; the error names the last attribute.
fn main() {
    let x = 5;
    println!("{}", x);
    #[allow(unused)]
}
