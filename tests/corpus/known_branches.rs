// Branches whose way is known at compile time: a match on a local set once to a literal,
// a flag tested by if, assert!(!false), comparisons of known values; the code they skip
// counts zero and needs no counter.
fn classify(n: i32) -> i32 {
    let limit = 10;
    if limit > 5 {
        if n > limit {
            return 2;
        }
    } else {
        println!("never");
    }
    1
}

fn main() {
    let mode: u8 = 2;
    let name = match mode {
        0 => 10,
        1 => 20,
        2 => 30,
        _ => 40,
    };
    println!("{name}");
    let verbose = false;
    if verbose {
        println!("verbose");
    }
    let strict = !verbose;
    while strict && mode > 9 {
        println!("looping");
    }
    assert!(!false);
    assert!(mode == 2, "mode is {mode}");
    println!("{} {}", classify(3), classify(30));
    let k: i16 = -300;
    let sign = match k {
        -300 => -1,
        _ => 1,
    };
    println!("{sign}");
}
