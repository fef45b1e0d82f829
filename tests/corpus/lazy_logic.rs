// && and || short-circuit: the right operand's side effects happen only when needed.
fn yes(tag: i32) -> bool {
    println!("  yes({tag}) called");
    true
}

fn no(tag: i32) -> bool {
    println!("  no({tag}) called");
    false
}

fn main() {
    println!("a: {}", no(1) && yes(2));
    println!("b: {}", yes(3) && no(4));
    println!("c: {}", yes(5) || no(6));
    println!("d: {}", no(7) || yes(8));
    println!("e: {}", no(9) || no(10) || yes(11) || yes(12));
    println!("f: {}", yes(13) && yes(14) && no(15) && yes(16));
    println!("g: {}", (no(17) && yes(18)) || (yes(19) && yes(20)));
    println!("h: {}", no(21) && (yes(22) || yes(23)));
    let mut calls = 0;
    let mut i = 0;
    while i < 5 && {
        calls += 1;
        yes(100 + i)
    } {
        i += 1;
    }
    println!("calls {calls}");
    if yes(30) || no(31) {
        println!("if taken");
    }
    let x = 0;
    if x != 0 && 10 / x > 1 {
        println!("never");
    } else {
        println!("division skipped");
    }
    let flag = !no(40) && !yes(41);
    println!("flag {flag}");
}
