fn if_stmt(a: i32) -> i32 {
    let mut r = 0;
    if a > 0 {
        r = 1;
    }
    if a < 0 {
        r = 2;
    } else if a == 0 {
        r = 3;
    } else {
        r += 4;
    }
    r
}

fn if_expr(a: i32) -> i32 {
    let v = if a > 2 { a } else { -a };
    v
}

fn early(n: i32) -> i32 {
    if n < 0 {
        return -1;
    }
    n
}

fn short_circuit(a: bool, b: bool, c: bool) -> bool {
    let x = a && b;
    let y = a || c;
    if a && (b || c) {
        return true;
    }
    x && !y
}

fn matches(n: i32) -> i32 {
    match n {
        0 => 10,
        1 | 2 => {
            20
        }
        3..=5 => 30,
        x if x > 100 => x,
        _ => -1,
    }
}

fn match_bool(b: bool) -> u8 {
    match b {
        true => 1,
        false => 0,
    }
}

fn recurse(n: u64) -> u64 {
    if n <= 1 { 1 } else { n * recurse(n - 1) }
}

fn exits(code: i32) {
    if code > 10 {
        std::process::exit(code);
    }
}

fn main() {
    let n = std::env::args().len() as i32;
    if_stmt(n);
    if_expr(n);
    early(n);
    short_circuit(true, false, n > 0);
    matches(n);
    match_bool(n == 1);
    recurse(5);
    exits(n);
}
