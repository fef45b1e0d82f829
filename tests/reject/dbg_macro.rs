// expect-error: 5:5: unsupported macro*dbg
// dbg! is not one of the Tier 1 macros.
fn main() {
    let x = 5;
    dbg!(x);
}
