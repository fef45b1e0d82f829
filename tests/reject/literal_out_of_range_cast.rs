// expect-error: 4:13: literal out of range for `u8`
// A cast gives its target type to a bare literal: 256 as u8 is rejected.
fn main() {
    let b = 256 as u8;
    println!("{}", b);
}
