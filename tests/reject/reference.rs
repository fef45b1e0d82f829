// expect-error: 5:13: unsupported*reference
// References are outside Tier 1.
fn main() {
    let x = 5;
    let r = &x;
    println!("{}", r);
}
