// expect-error: 4:13: unsupported*char
// char is Tier 2.
fn main() {
    let c = 'a';
    println!("{}", c);
}
