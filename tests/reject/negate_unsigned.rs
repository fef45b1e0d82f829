// expect-error: 5:13: cannot apply unary operator `-` to type `u32`
// Unsigned values cannot be negated.
fn main() {
    let x: u32 = 5;
    let y = -x;
    println!("{}", y);
}
