// match as an expression: in let, as call argument, as tail, in arithmetic, arms that diverge.
fn score(n: u32) -> u32 {
    match n % 3 {
        0 => 30,
        1 => 10,
        _ => 20,
    }
}

fn checked(n: i32) -> i32 {
    let half = match n % 2 {
        0 => n / 2,
        _ => return -1,
    };
    half * 3
}

fn main() {
    let mut total = 0;
    for i in 0..10 {
        total += match i {
            0 => 1,
            1..=4 => i * 2,
            _ => score(i as u32) as i32,
        };
    }
    println!("total {total}");
    println!("{} {}", checked(10), checked(7));
    let v = 3 + match total > 100 {
        true => 100,
        false => 0,
    } * 2;
    println!("v {v}");
    let mut skipped = 0;
    for i in 0..8 {
        let w = match i {
            2 | 5 => {
                skipped += 1;
                continue;
            }
            7 => break,
            other => other * 11,
        };
        print!("{w} ");
    }
    println!("skipped {skipped}");
    let nested = match total {
        t if t > 50 => match t % 10 {
            0 => 1000,
            r => r,
        },
        _ => 0,
    };
    println!("nested {nested}");
    println!(
        "{}",
        score(match v {
            203 => 4,
            _ => 5,
        })
    );
}
