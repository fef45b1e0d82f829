// Binding patterns, guards on bindings and literals, guards with side effects, guard fall-through.
fn noisy_check(v: i32, limit: i32) -> bool {
    println!("  guard checks {v} < {limit}");
    v < limit
}

fn classify(n: i32) -> i32 {
    match n {
        0 => 0,
        x if x < 0 => -1,
        x if x % 2 == 0 => 2,
        other => other * 10,
    }
}

fn first_guard_wins(n: i32) -> i32 {
    match n {
        v if noisy_check(v, 5) => 1,
        v if noisy_check(v, 10) => 2,
        5..=20 if noisy_check(n, 15) => 3,
        _ => 4,
    }
}

fn binding_arith(n: u16) -> u16 {
    match n + 1 {
        1 => 0,
        m => m * 2,
    }
}

fn bool_guard(flag: bool, n: u8) -> u8 {
    match flag {
        true if n > 10 => 1,
        true => 2,
        b if !b && n == 0 => 3,
        _ => 4,
    }
}

fn main() {
    println!(
        "{} {} {} {} {}",
        classify(0),
        classify(-4),
        classify(8),
        classify(7),
        classify(-2147483648)
    );
    println!("result {}", first_guard_wins(3));
    println!("result {}", first_guard_wins(7));
    println!("result {}", first_guard_wins(12));
    println!("result {}", first_guard_wins(30));
    println!("{} {}", binding_arith(0), binding_arith(20));
    println!(
        "{} {} {} {}",
        bool_guard(true, 11),
        bool_guard(true, 1),
        bool_guard(false, 0),
        bool_guard(false, 1)
    );
    let n = 17;
    let described = match n {
        small if small < 10 => small,
        big => {
            let half = big / 2;
            half + 1000
        }
    };
    println!("described {described}");
}
