// expect-error: 4:17: literal out of range for `u8`
// 256 does not fit in u8.
fn main() {
    let x: u8 = 256;
    println!("{}", x);
}
