// rustc's lints on constant operations never take a borrowed variable's value as known: a
// format argument or an assert_eq! operand borrows it, wherever that happens in the function.
// So these operations compile, and the overflow panics at run time.
fn main() {
    let zero = 0u32;
    let runs = std::env::args().len() as u32;
    if runs > 5 {
        println!("{}", runs / zero);
    }
    assert_eq!(zero, 0);
    let big = 250u8;
    println!("big is {big}");
    let more = big + 10;
    println!("{}", more);
}
