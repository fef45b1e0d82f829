// expect-error: 7:20: cannot find value `inner` in this scope
// A binding is not visible after its block ends.
fn main() {
    {
        let inner = 1;
    }
    println!("{}", inner);
}
