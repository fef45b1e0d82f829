// Tests that pass, fail in several ways, expect panics and are ignored, calling helpers
// with branches and loops.

fn main() {}

fn add(a: i32, b: i32) -> i32 {
    a + b
}

fn classify(n: i32) -> i32 {
    if n < 0 {
        -1
    } else if n == 0 {
        0
    } else {
        1
    }
}

fn sum_to(n: u32) -> u32 {
    let mut total = 0;
    for i in 1..=n {
        total += i;
    }
    total
}

fn checked_div(a: i32, b: i32) -> i32 {
    if b == 0 {
        panic!("division of {} by zero", a);
    }
    a / b
}

#[test]
fn adds() {
    println!("adding");
    assert_eq!(add(1, 2), 3);
}

#[test]
fn classifies() {
    assert_eq!(classify(-5), -1);
    assert_eq!(classify(7), 1);
}

#[test]
fn sums() {
    assert_eq!(sum_to(10), 55);
}

#[test]
fn fails_assert_eq() {
    println!("about to fail");
    eprintln!("on stderr");
    assert_eq!(add(1, 2), 4);
}

#[test]
fn fails_assert_with_message() {
    print!("partial line");
    let s = sum_to(3);
    assert!(s == 7, "sum was {}", s);
}

#[test]
#[ignore]
fn ignored_failure() {
    assert!(classify(0) == 1);
}

#[test]
#[should_panic]
fn divides_by_zero() {
    checked_div(3, 0);
}

#[test]
#[should_panic(expected = "by zero")]
fn divides_by_zero_with_message() {
    checked_div(4, 0);
}

#[test]
#[should_panic(expected = "overflow")]
fn panics_with_another_message() {
    checked_div(5, 0);
}

#[test]
#[should_panic]
fn does_not_panic() {
    assert_eq!(checked_div(6, 3), 2);
}

#[test]
fn overflows() {
    let big = add(2147483600, 40);
    println!("big = {}", big);
    add(big, 10);
}
