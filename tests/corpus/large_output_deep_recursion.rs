// Many lines of output (line-buffered stdout), 100000-deep recursion, a busy loop, and a final
// print! without a newline that must still be flushed at a normal exit.
fn depth(n: u64) -> u64 {
    if n == 0 {
        0
    } else {
        1 + depth(n - 1)
    }
}

fn main() {
    let mut sum: u64 = 0;
    for i in 0..20000 {
        println!("line {i}");
        sum += i;
    }
    eprintln!("sum {sum}");
    let mut spin: u64 = 0;
    for i in 0..3000000 {
        spin += i & 1;
    }
    println!("spin {spin}");
    println!("depth {}", depth(100000));
    print!("no newline at the end");
}
