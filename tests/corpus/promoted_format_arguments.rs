// Format arguments and assert_eq! operands are taken by reference; rustc promotes those
// built from literals with operators that cannot panic (and casts) to constants, computed
// outside the function: no code and no coverage region for them. Checked operations
// (+, /, <<) are computed in the function.
fn main() {
    let n = std::env::args().len() as i32;
    println!("{} {} {}", 8 & 6, !3, 3 == 3);
    println!("{} {} {}", (300i32 as u8), (true as u8) | 2, (-5i8 as u8));
    println!("{} {} {}", 8 + 6, 10 / 2, 1 << 3);
    assert_eq!(8 | 1, 9);
    assert_ne!((3 < 4) == true, false);
    println!("{} {}", 1 & n, n == 1);
}
