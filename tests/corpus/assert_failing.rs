// args:
// args: 1
// args: 1 2
// args: 1 2 3
// args: 1 2 3 4
// args: 1 2 3 4 5
// args: 1 2 3 4 5 6
// args: 1 2 3 4 5 6 7
// args: 1 2 3 4 5 6 7 8
// args: 1 2 3 4 5 6 7 8 9
// Failing assertions: assert! with and without message (message shows the condition's source),
// assert_eq! / assert_ne! with and without messages, on signed, unsigned and bool values.
fn double(v: i64) -> i64 {
    v * 2
}

fn main() {
    let n = std::env::args().len() as i64;
    let small = n - 4;
    println!("case {n}");
    if n == 1 {
        assert!(n > 1);
    }
    if n == 2 {
        assert!(n + 1 == 4 && double(n) > 0, "n was {}", n);
    }
    if n == 3 {
        assert!(!(n == 3), "inline {n} and {{literal}}");
    }
    if n == 4 {
        assert_eq!(double(n), 9);
    }
    if n == 5 {
        assert_eq!(small, -2, "small is {} here", small);
    }
    if n == 6 {
        assert_ne!(n as u64, 6);
    }
    if n == 7 {
        assert_ne!(n > 6, true, "bools {}", n);
    }
    if n == 8 {
        assert_eq!(small - 4, 0 - n as i64);
    }
    if n == 9 {
        let u = n as u8;
        assert!(u < 9 || double(n) < 0);
    }
    if n == 10 {
        assert!(if n > 9 { n < 0 } else { true }, "block condition");
    }
    println!("not reached");
}
