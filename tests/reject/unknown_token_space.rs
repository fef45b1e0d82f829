// expect-error: 5:13: unknown start of token: \u{a0}
// A no-break space between tokens: syn takes it for whitespace, rustc does not.
fn main() {
    let x = 1;
    if x > 0 {
        println!("{}", x);
    }
}
