// A build that is not a test build leaves #[test] functions out before resolving names
// or checking types, as rustc does: the errors in this one are never reported, and it
// has no coverage record.
fn square(x: i64) -> i64 {
    x * x
}

#[test]
fn never_checked() {
    let small: u8 = 256;
    let flag: i32 = true;
    assert_eq!(missing_function(small), flag);
}

fn main() {
    let n = std::env::args().len() as i64;
    println!("{}", square(n + 2));
}
