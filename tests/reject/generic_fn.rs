// expect-error: 3:12: unsupported*generic
// Generic functions are Tier 2.
fn identity<T>(value: T) -> T {
    value
}

fn main() {
    println!("{}", identity(3));
}
