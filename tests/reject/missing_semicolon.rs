// expect-error: 5:14: expected `;`, found keyword `let`
// A missing semicolon is reported where it is missing, after the token before the gap,
// with the token found instead.
fn main() {
    let x = 5
    let y = 6;
    println!("{}", x + y);
}
