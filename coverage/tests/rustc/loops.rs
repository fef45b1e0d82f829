fn while_loop(mut n: u32) -> u32 {
    let mut c = 0;
    while n > 0 {
        n -= 1;
        c += 2;
    }
    c
}

fn loop_break(n: u32) -> u32 {
    let mut i = 0;
    let r = loop {
        i += 1;
        if i == n {
            break i * 2;
        }
        if i > 100 {
            continue;
        }
    };
    r
}

fn labelled(n: u32) -> u32 {
    let mut t = 0;
    let mut i = 0;
    'outer: while i < n {
        i += 1;
        let mut j = 0;
        loop {
            j += 1;
            if i + j > 5 {
                break 'outer;
            }
            if j > i {
                continue 'outer;
            }
            t += 1;
        }
    }
    t
}

fn endless(limit: u32) {
    let mut k = 0;
    loop {
        k += 1;
        if k > limit {
            std::process::exit(0);
        }
    }
}

fn main() {
    let n = std::env::args().len() as u32;
    while_loop(3);
    loop_break(4 + n);
    labelled(4);
    endless(n + 2);
}
