// assert!, assert_eq! and assert_ne! that hold, with and without messages; execution continues.
fn square(v: i32) -> i32 {
    v * v
}

fn main() {
    let a = 6;
    assert!(a > 5);
    assert!(a == 6, "a should be six");
    assert!(square(a) == 36, "square was {}", square(a));
    assert_eq!(a, 6);
    assert_eq!(square(3), 9, "three squared");
    assert_eq!(a > 0, true, "sign of {a}");
    assert_ne!(a, 7);
    assert_ne!(square(a), a, "{} vs {}", square(a), a);
    let big: u64 = 18446744073709551615;
    assert_eq!(big, 18446744073709551615);
    assert_ne!(big - 1, big);
    let neg: i8 = -128;
    assert_eq!(neg, -128, "neg is {neg}");
    assert!(!false);
    println!("all assertions passed");
}
