// std::process::exit called deep inside recursion and loops ends the program at once.
fn descend(level: u32) -> u32 {
    if level == 50 {
        println!("exiting at level {level}");
        std::process::exit(42);
    }
    descend(level + 1) + 1
}

fn main() {
    for i in 0..3 {
        println!("loop {i}");
    }
    let r = descend(0);
    println!("never {r}");
}
