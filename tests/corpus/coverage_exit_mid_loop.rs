// args:
// args: a
// args: a b
// args: a b c
// std::process::exit in the middle of loops and of a called function: the profile is written on
// exit, so counts up to the exit point are kept and the code after it stays at zero.
fn leave(code: i32) {
    println!("leaving with {code}");
    std::process::exit(code);
}

fn main() {
    let n = std::env::args().len();
    let mut sum = 0;
    for i in 0..10 {
        sum += i;
        if n == 2 && i == 4 {
            std::process::exit(sum);
        }
    }
    println!("sum {sum}");
    let mut k = 0;
    while k < 100 {
        k += 7;
        if n == 3 && k > 30 {
            leave(k);
        }
    }
    println!("k {k}");
    loop {
        if n == 4 {
            leave(4);
        }
        break;
    }
    println!("end");
}
