// expect-error: 4:13: unsupported*float
// A float literal is rejected even without a type annotation.
fn main() {
    let x = 2.5;
    println!("{}", x);
}
