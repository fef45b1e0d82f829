// if / else if / else as statements and as expressions, nested, with diverging branches.
fn classify(n: i32) -> i32 {
    if n < 0 {
        -1
    } else if n == 0 {
        0
    } else if n < 10 {
        1
    } else {
        2
    }
}

fn sign_word(n: i64) {
    if n > 0 {
        println!("{n} positive");
    } else if n < 0 {
        println!("{n} negative");
    } else {
        println!("{n} zero");
    }
}

fn abs_or_bail(n: i32) -> i32 {
    let v = if n >= 0 {
        n
    } else if n > -100 {
        -n
    } else {
        return -1;
    };
    v + 1000
}

fn main() {
    println!(
        "{} {} {} {}",
        classify(-5),
        classify(0),
        classify(7),
        classify(12)
    );
    sign_word(3);
    sign_word(-3);
    sign_word(0);
    let x = 15;
    if x > 10 {
        println!("x big");
    }
    if x > 100 {
        println!("never");
    }
    let y = if x % 2 == 0 { true } else { x > 14 };
    println!("y {y}");
    let z: u8 = if x > 10 {
        if x > 12 {
            2
        } else {
            1
        }
    } else {
        0
    };
    println!("z {z}");
    println!(
        "{} {} {}",
        abs_or_bail(-4),
        abs_or_bail(4),
        abs_or_bail(-400)
    );
    let w = 1 + if x > 0 { 10 } else { 20 } * 2;
    println!("w {w}");
    if x == 15 && z == 2 {
        println!("both");
    } else {
        println!("not both");
    }
}
