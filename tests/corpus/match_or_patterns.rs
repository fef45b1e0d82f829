// Or-patterns mixing literals, negative literals and ranges; or-patterns with guards.
fn kind(n: i32) -> i32 {
    match n {
        1 | 2 | 3 => 10,
        -1 | -2 => 20,
        4..=6 | 10..=12 => 30,
        -10..=-5 | 100 => 40,
        _ => 50,
    }
}

fn vowel_code(c: u8) -> bool {
    match c {
        97 | 101 | 105 | 111 | 117 => true,
        _ => false,
    }
}

fn weekend(day: u32) -> u32 {
    match day {
        0 | 6 => 1,
        1..=5 => 0,
        _ => 9,
    }
}

fn guarded(n: i64, strict: bool) -> i64 {
    match n {
        1 | 2 if strict => 100,
        1 | 2 => 200,
        x if x < 0 => -x,
        _ => 0,
    }
}

fn main() {
    for n in -12..14 {
        print!("{} ", kind(n));
    }
    println!("{}", kind(100));
    let mut vowels = 0;
    for c in 97..=122 {
        if vowel_code(c) {
            vowels += 1;
        }
    }
    println!("vowels {vowels}");
    println!(
        "{} {} {} {}",
        weekend(0),
        weekend(3),
        weekend(6),
        weekend(7)
    );
    println!(
        "{} {} {} {}",
        guarded(1, true),
        guarded(2, false),
        guarded(-9, true),
        guarded(5, true)
    );
}
