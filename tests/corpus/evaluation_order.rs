// Evaluation order: a compound assignment evaluates its right side first, a binary operator its
// left operand first, call arguments left to right; assert! messages are only formatted on failure.
fn noisy(tag: i32) -> i32 {
    println!("noisy {tag}");
    tag
}

#[allow(unused_assignments)]
fn main() {
    let mut x = 1;
    x += {
        x = 10;
        1
    };
    println!("compound right side first: {x}");
    let mut a = 1;
    let b = a + {
        a = 5;
        a
    };
    println!("binary left operand first: {b} {a}");
    let mut c = 2;
    let d = noisy(c) * {
        c = 7;
        noisy(c)
    };
    println!("operands in order: {d}");
    let mut y: u64 = 3;
    y <<= {
        y = 1;
        2
    };
    println!("shift-assign right side first: {y}");
    assert!(noisy(1) == 1, "{}", noisy(99));
    assert_eq!(noisy(2), 2, "{}", noisy(98));
    assert_ne!(noisy(3), 4, "{}", noisy(97));
    let mut k = 0;
    let e = {
        k += 1;
        k
    } - {
        k += 10;
        k
    };
    println!("blocks in order: {e} {k}");
    let f = noisy(4) > noisy(3) && noisy(2) > noisy(1);
    println!("comparison operands: {f}");
}
