// expect-error: 5:14: suffixes on string literals are invalid
// A suffix on a format string: syn keeps it, rustc refuses it.
fn main() {
    let n = 3;
    println!("{}"u64, n);
}
