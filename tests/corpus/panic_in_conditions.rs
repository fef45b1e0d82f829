// args:
// args: 1
// args: 1 2
// args: 1 2 3
// args: 1 2 3 4
// Panics raised while evaluating a for-range bound, a match guard, a while condition, the right
// operand of && and a scrutinee; each location is the failing operator.
fn big(n: usize) -> u8 {
    (n * 50 + 150) as u8
}

fn main() {
    let n = std::env::args().len();
    let b = big(n);
    println!("b {b}");
    if n == 1 {
        for i in 0..b + 100 {
            println!("never {i}");
        }
    }
    if n == 2 {
        match b {
            x if x * 2 > 10 => println!("never {x}"),
            _ => println!("never"),
        }
    }
    if n == 3 {
        let mut k: u8 = 0;
        while k < b - 251 {
            k += 1;
        }
        println!("never {k}");
    }
    if n == 4 {
        let ok = b > 0 && b * 3 > 0;
        println!("never {ok}");
    }
    match b - 150 {
        0 => println!("zero"),
        v => println!("never {v}"),
    }
}
