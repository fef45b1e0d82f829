// match on bool scrutinees: exhaustive true/false arms, comparisons as scrutinee, nested, as expression.
fn to_num(b: bool) -> u8 {
    match b {
        true => 1,
        false => 0,
    }
}

fn both(a: bool, b: bool) -> u8 {
    match a {
        true => match b {
            true => 3,
            false => 2,
        },
        false => match b {
            true => 1,
            false => 0,
        },
    }
}

fn main() {
    println!("{} {}", to_num(true), to_num(false));
    println!(
        "{} {} {} {}",
        both(true, true),
        both(true, false),
        both(false, true),
        both(false, false)
    );
    let x = 42;
    match x > 40 {
        true => println!("greater"),
        false => println!("not greater"),
    }
    let parity = match x % 2 == 0 {
        false => 1,
        true => 0,
    };
    println!("parity {parity}");
    let any = match x < 0 || x > 10 {
        true | false => 7,
    };
    println!("any {any}");
    match x == 0 {
        _ => println!("wildcard only"),
    }
    let flipped = match !(x > 100) {
        b => !b,
    };
    println!("flipped {flipped}");
}
