// expect-error: 3:1: unsupported item*struct
// Struct items are outside Tier 1.
struct Point {
    x: i32,
}

fn main() {
    let p = Point { x: 1 };
    println!("{}", p.x);
}
