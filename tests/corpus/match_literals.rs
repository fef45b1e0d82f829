// match on integer literals, negative literals and _, for several types, as statement and expression.
fn name(n: i32) -> i32 {
    match n {
        0 => 100,
        1 => 101,
        -1 => 99,
        -2147483648 => 1,
        2147483647 => 2,
        _ => 0,
    }
}

fn small(b: u8) {
    match b {
        0 => println!("zero"),
        255 => println!("max"),
        42 => {
            println!("answer");
        }
        _ => println!("other {b}"),
    }
}

fn wide(v: i64) -> u8 {
    match v {
        -9223372036854775808 => 1,
        -1 => 2,
        9223372036854775807 => 3,
        _ => 4,
    }
}

fn main() {
    println!(
        "{} {} {} {} {} {}",
        name(0),
        name(1),
        name(-1),
        name(-2147483648),
        name(2147483647),
        name(5)
    );
    small(0);
    small(255);
    small(42);
    small(7);
    println!(
        "{} {} {} {}",
        wide(-9223372036854775808),
        wide(-1),
        wide(9223372036854775807),
        wide(0)
    );
    let k: i16 = -300;
    let r = match k {
        -300 => true,
        _ => false,
    };
    println!("{r}");
    let u: usize = 18446744073709551615;
    match u {
        18446744073709551615 => println!("usize max"),
        _ => println!("usize other"),
    }
}
