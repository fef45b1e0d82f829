// args:
// args: three
// args: max max
// args: wrap wrap wrap
// args: neg neg neg neg
// args: x x x x x
// std::process::exit with several codes, after unflushed print! output; code chosen by argument count.
fn finish(code: i32) {
    print!("exiting with {code}");
    std::process::exit(code);
}

fn main() {
    let n = std::env::args().len();
    println!("argument count {n}");
    if n == 1 {
        finish(0);
    }
    if n == 2 {
        finish(3);
    }
    if n == 3 {
        finish(255);
    }
    if n == 4 {
        finish(256 + 42);
    }
    if n == 5 {
        finish(-1);
    }
    println!("falling off main");
}
