// expect-error: 4:12: unsupported type*u128
// 128-bit integers are not part of the subset.
fn main() {
    let x: u128 = 1;
    println!("{}", x);
}
