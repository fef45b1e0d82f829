// expect-error: 3:9: malformed lint attribute input
// A lint attribute takes lint names.
#[allow(1)]
fn helper() -> i32 {
    7
}

fn main() {
    println!("{}", helper());
}
