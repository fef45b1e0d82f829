// A panic deep in a call chain reports the innermost location; output before it is kept.
fn level3(v: i32) -> i32 {
    assert!(v < 3, "level3 got {}", v);
    v
}

fn level2(v: i32) -> i32 {
    level3(v + 1) + 1
}

fn level1(v: i32) -> i32 {
    let r = level2(v + 1);
    println!("level1 got {r}");
    r
}

fn main() {
    println!("{}", level1(0));
    println!("{}", level1(1));
}
