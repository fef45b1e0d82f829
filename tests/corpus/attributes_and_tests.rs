// #[test] functions are not part of a normal build; #[inline] and #[allow(..)] on functions are accepted.
#[inline]
fn twice(v: i32) -> i32 {
    v * 2
}

#[inline(always)]
fn thrice(v: i32) -> i32 {
    v * 3
}

#[allow(dead_code)]
fn never_called() -> i32 {
    panic!("not called")
}

#[allow(unused_variables)]
fn ignores(v: i32) -> i32 {
    7
}

#[test]
fn twice_works() {
    assert_eq!(twice(2), 4);
}

#[test]
fn failing_test_is_not_run() {
    panic!("tests are not run by a normal build");
}

fn main() {
    println!("{} {} {}", twice(21), thrice(14), ignores(0));
}
