// Labelled break and continue across nested loop / while / for, and break with a value to a label.
fn main() {
    let mut pairs = 0;
    'outer: for i in 0..10 {
        for j in 0..10 {
            if j > i {
                continue 'outer;
            }
            if i + j > 12 {
                break 'outer;
            }
            pairs += 1;
        }
    }
    println!("pairs {pairs}");

    let mut a = 0;
    let result = 'search: loop {
        a += 1;
        let mut b = 0;
        while b < a {
            b += 1;
            if a * b == 42 {
                break 'search a * 100 + b;
            }
        }
    };
    println!("result {result}");

    let mut log = 0;
    'rows: while log < 1000 {
        log += 1;
        'cols: for c in 0..5 {
            if c == 3 {
                continue 'rows;
            }
            if log > 3 {
                break 'cols;
            }
            print!("({log},{c})");
        }
        if log >= 5 {
            break 'rows;
        }
    }
    println!();
    println!("log {log}");

    let depth = 'a: loop {
        'b: loop {
            'c: loop {
                if log > 0 {
                    break 'b;
                }
                break 'c;
            }
            break 'a 0;
        }
        break 'a 3;
    };
    println!("depth {depth}");

    let mut hits = 0;
    'x: for x in 1..=3 {
        'y: for y in 1..=3 {
            for z in 1..=3 {
                if z == y {
                    continue 'y;
                }
                if x == 3 {
                    continue 'x;
                }
                hits += x * 100 + y * 10 + z;
            }
        }
    }
    println!("hits {hits}");
}
