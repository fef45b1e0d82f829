// args:
// args: a
// args: a b
// Blocks with statements as `if` and `while` conditions and as `match` scrutinees, `if` and
// `match` as call arguments, and a `match` whose arms are blocks ending in `if`.
fn twice(v: i32) -> i32 {
    v * 2
}

fn main() {
    let n = std::env::args().len() as i32;
    if {
        let t = twice(n);
        t > 3
    } {
        println!("big");
    } else {
        println!("small");
    }
    let mut k = 0;
    while {
        k += 1;
        k < n + 2
    } {
        print!("{k} ");
    }
    println!();
    let r = match {
        let m = n * 3;
        m % 4
    } {
        0 => 10,
        1 | 2 => {
            let base = twice(n);
            if base > 2 {
                base
            } else {
                -base
            }
        }
        _ => 30,
    };
    println!("{r}");
    println!("{}", twice(if n > 1 { 5 } else { 6 }));
    println!(
        "{}",
        twice(match n {
            1 => 100,
            _ => 200,
        })
    );
}
