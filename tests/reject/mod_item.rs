// expect-error: 3:1: unsupported item*mod
// Modules are Tier 3.
mod helpers {
    pub fn one() -> i32 {
        1
    }
}

fn main() {
    println!("{}", helpers::one());
}
