// expect-error: 4:13: literal out of range for `i32`
// An unconstrained literal is i32, so 3000000000 is out of range.
fn main() {
    let x = 3000000000;
    println!("{}", x);
}
