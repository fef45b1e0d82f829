// expect-error: 4:16: unsupported*tuple
// Tuples are Tier 2.
fn main() {
    let pair = (1, 2);
    let _ = pair;
}
