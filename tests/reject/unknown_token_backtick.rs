// expect-error: 4:19: unknown start of token: `
// A backtick is no token (it looks like a quote).
fn main() {
    let x = 1 + 2 `;
    println!("{}", x);
}
