// expect-error: 5:15: use of undeclared label `'outer`
// Labels must name an enclosing loop.
fn main() {
    loop {
        break 'outer;
    }
}
