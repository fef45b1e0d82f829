// Runaway recursion: rustc's program reports the stack overflow on stderr and aborts
// (SIGABRT, no profile written); so must clifcov's.
fn down(n: u64) -> u64 {
    if n == 18446744073709551614 {
        return 0;
    }
    1 + down(n + 1)
}

fn main() {
    println!("going down");
    let depth = down(std::env::args().len() as u64);
    println!("{}", depth);
}
