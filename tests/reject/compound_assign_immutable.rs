// expect-error: 5:9: cannot assign twice to immutable variable `i`
// A for-loop variable is immutable.
fn main() {
    for i in 0..3 {
        i += 1;
        println!("{}", i);
    }
}
