// expect-error: 3:1: unsupported item*const
// const items are Tier 2.
const LIMIT: i32 = 10;

fn main() {
    println!("{}", LIMIT);
}
