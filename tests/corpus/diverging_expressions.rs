// Expressions of type `!` in value positions: return, break, continue, panic! and exit in arms and lets.
fn pick(n: i32) -> i32 {
    let v: i32 = match n {
        0 => return 1000,
        1 => 10,
        _ => {
            if n > 100 {
                return -1;
            }
            n * 2
        }
    };
    v + 1
}

fn must_be_small(n: u8) -> u8 {
    if n < 10 {
        n
    } else {
        panic!("too big: {n}")
    }
}

fn main() {
    println!("{} {} {} {}", pick(0), pick(1), pick(7), pick(200));
    let mut kept = 0;
    for i in 0..10 {
        let odd: i32 = if i % 2 == 1 { i } else { continue };
        let limit: i32 = if odd < 7 { odd } else { break };
        kept += limit;
    }
    println!("kept {kept}");
    let mut count = 0;
    let x = loop {
        count += 1;
        let step: u32 = match count {
            1 | 2 => continue,
            3 => count * 10,
            _ => break count,
        };
        println!("step {step}");
    };
    println!("x {x}");
    println!("{}", must_be_small(4));
    let code = if count > 100 {
        std::process::exit(1)
    } else {
        0
    };
    println!("code {code}");
    println!("{}", must_be_small(12));
}
