// expect-error: 5:20: cannot find value `missing` in this scope
// Using a name that was never declared.
fn main() {
    let present = 1;
    println!("{}", missing + present);
}
