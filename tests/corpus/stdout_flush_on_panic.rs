// Unterminated print! output is still flushed when the program panics; stderr keeps eprintln! text.
fn fail(v: u32) -> u32 {
    eprintln!("about to fail with {v}");
    print!("partial line, no newline ");
    let zero = v - v;
    v / zero
}

fn main() {
    println!("full line");
    print!("a");
    print!("b");
    println!("c");
    let r = fail(5);
    println!("never {r}");
}
