// expect-error: 5:24: non-exhaustive patterns
// A bool match without the false arm.
fn main() {
    let b = 1 > 2;
    let v: i32 = match b {
        true => 1,
    };
    println!("{}", v);
}
