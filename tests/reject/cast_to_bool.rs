// expect-error: 5:13: cannot cast*as `bool`
// Only integer-to-integer and bool-to-integer casts exist; nothing casts to bool.
fn main() {
    let n = 1;
    let b = n as bool;
    println!("{}", b);
}
