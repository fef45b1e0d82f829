// expect-error: 4:5: mismatched types
// The tail expression's type differs from the declared return type.
fn check(v: i32) -> bool {
    v + 1
}

fn main() {
    println!("{}", check(1));
}
