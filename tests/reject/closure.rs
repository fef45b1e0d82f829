// expect-error: 4:15: unsupported*closure
// Closures are Tier 2/3, not Tier 1.
fn main() {
    let add = |a: i32| a + 1;
    println!("{}", add(1));
}
