// expect-error: 3:1: unsupported item*trait
// Traits are Tier 3.
trait Describe {
    fn describe(&self) -> i32;
}

fn main() {
    println!("no traits");
}
