// expect-error: 6:17: mismatched types
// Binary operators need both operands of the same integer type.
fn main() {
    let a: i32 = 1;
    let b: i64 = 2;
    let c = a + b;
    println!("{}", c);
}
