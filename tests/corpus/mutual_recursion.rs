// Mutual recursion: even/odd, Hofstadter female/male sequences, a two-function descent.
fn is_even(n: u32) -> bool {
    if n == 0 {
        true
    } else {
        is_odd(n - 1)
    }
}

fn is_odd(n: u32) -> bool {
    if n == 0 {
        false
    } else {
        is_even(n - 1)
    }
}

fn female(n: i32) -> i32 {
    if n == 0 {
        1
    } else {
        n - male(female(n - 1))
    }
}

fn male(n: i32) -> i32 {
    if n == 0 {
        0
    } else {
        n - female(male(n - 1))
    }
}

fn ping(n: u8, log: u64) -> u64 {
    if n == 0 {
        log
    } else {
        pong(n - 1, log * 2 + 1)
    }
}

fn pong(n: u8, log: u64) -> u64 {
    if n == 0 {
        log
    } else {
        ping(n - 1, log * 2)
    }
}

fn main() {
    println!(
        "{} {} {} {}",
        is_even(10),
        is_odd(10),
        is_even(7),
        is_odd(7001)
    );
    for n in 0..15 {
        print!("{}/{} ", female(n), male(n));
    }
    println!();
    println!("ping {}", ping(20, 0));
}
