// expect-error: 3:1: unsupported item*static
// static items are Tier 2.
static COUNT: u32 = 3;

fn main() {
    println!("{}", COUNT);
}
