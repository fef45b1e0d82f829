// expect-error: 4:13: unsupported macro*vec
// vec! is Tier 3.
fn main() {
    let v = vec![1, 2, 3];
    println!("{}", v.len());
}
