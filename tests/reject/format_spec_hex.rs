// expect-error: 5:19: unsupported*format
// Only {} and {name} placeholders are supported; {:x} is rejected, pointing at the placeholder.
fn main() {
    let x = 255;
    println!("x = {:x}", x);
}
