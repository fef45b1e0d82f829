// return from nested loops, from match arms, inside if expressions, bare return in unit functions.
fn first_multiple(n: u32, of: u32) -> u32 {
    for i in 1..n {
        for j in 1..n {
            if i * j % of == 0 && i != j {
                return i * 100 + j;
            }
        }
    }
    0
}

fn describe(v: i32) -> i32 {
    match v {
        0 => return 100,
        1 => {
            if v > 0 {
                return 200;
            }
        }
        _ => {}
    }
    v * 2
}

fn guard(v: i64) {
    if v < 0 {
        println!("guard: negative, returning");
        return;
    }
    println!("guard: {v} ok");
}

fn while_return(limit: u8) -> u8 {
    let mut k: u8 = 0;
    while k < 200 {
        k += 1;
        if k == limit {
            return k;
        }
    }
    k
}

fn loop_return() -> bool {
    let mut n = 0;
    loop {
        n += 1;
        if n == 10 {
            return true;
        }
    }
}

fn value_then_return(a: i32) -> i32 {
    let b = if a > 5 { a } else { return -a };
    b + 1
}

fn explicit_last(a: i32) -> i32 {
    return a + 1;
}

fn main() {
    println!("{} {}", first_multiple(10, 6), first_multiple(3, 7));
    println!("{} {} {}", describe(0), describe(1), describe(21));
    guard(-5);
    guard(5);
    println!("{} {}", while_return(17), while_return(250));
    println!("{}", loop_return());
    println!("{} {}", value_then_return(9), value_then_return(2));
    println!("{}", explicit_last(41));
    if explicit_last(0) == 1 {
        println!("main returns early");
        return;
    }
    println!("never printed");
}
