// args:
// args: a
// args: a b c
// `&&` and `||` chains as `if` and `while` conditions and as values: mixed and parenthesised,
// with calls whose side effects show which operands ran, and a chain whose last operand panics.
fn check(label: i32, value: bool) -> bool {
    print!("[{label}]");
    value
}

fn chains(n: i32) {
    if check(1, n > 1) && check(2, n < 4) && check(3, n != 2) {
        println!(" all three");
    } else {
        println!(" not all");
    }
    if check(4, n == 1) || check(5, n == 2) || check(6, n == 3) {
        println!(" one of them");
    }
    if (check(7, n > 0) || check(8, n < 0)) && !(check(9, n == 2) && check(10, n == 3)) {
        println!(" mixed");
    }
    let value = check(11, n % 2 == 0) || check(12, n > 2) && check(13, n < 10);
    println!(" value {value}");
}

fn countdown(mut k: i32) -> i32 {
    let mut rounds = 0;
    while k > 0 && (k % 3 != 0 || rounds == 0) {
        k -= 1;
        rounds += 1;
    }
    rounds
}

fn divides(d: i32, n: i32) -> bool {
    d != 0 && n % d == 0
}

fn main() {
    let n = std::env::args().len() as i32;
    chains(n);
    chains(n + 2);
    println!("rounds {}", countdown(n * 4));
    println!("{} {}", divides(0, n), divides(n, 6));
    if n > 3 || 10 / (n - 4) > 0 {
        println!("done");
    }
}
