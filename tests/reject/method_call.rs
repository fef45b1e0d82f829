// expect-error: 5:13: unsupported*method
// Method calls other than (a..b).rev() and std::env::args().len() are not in Tier 1.
fn main() {
    let x: i32 = -5;
    let y = x.abs();
    println!("{}", y);
}
