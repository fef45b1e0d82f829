// expect-error: 8:13: this function takes 2 arguments but 1 argument was supplied
// Too few arguments.
fn add(a: i32, b: i32) -> i32 {
    a + b
}

fn main() {
    let x = add(1);
    println!("{}", x);
}
