// expect-error: 5:18: `if` may be missing an `else` clause
// An if without else has type (), which cannot initialise an i32.
fn main() {
    let c = 1 > 0;
    let v: i32 = if c { 1 };
    println!("{}", v);
}
