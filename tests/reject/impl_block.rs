// expect-error: 3:1: unsupported item*impl
// impl blocks come with structs in Tier 2.
impl Counter {
    fn get() -> i32 {
        1
    }
}

struct Counter;

fn main() {
    println!("{}", Counter::get());
}
