// Literal types inferred from later uses: assignments, calls, returns, comparisons, loop bounds.
fn take_u64(v: u64) -> u64 {
    v
}

fn take_i8(v: i8) -> i8 {
    v
}

fn make_u16() -> u16 {
    let r = 60000;
    r
}

fn main() {
    let mut acc = 1;
    for _ in 0..40 {
        acc *= 2;
    }
    let big = take_u64(acc);
    println!("2^40 = {big}");

    let mut later = 0;
    let big_literal = 4000000000;
    later += big_literal;
    let check: u32 = later;
    println!("u32 from later use: {check}");

    let small = -100;
    println!("i8 via call: {}", take_i8(small));
    let sum = small + take_i8(27);
    println!("sum {sum}");

    let x = 65000;
    let y = make_u16();
    println!("cmp {} {}", x < y, x - y);

    let limit: u8 = 250;
    let mut count = 0;
    for i in 245..limit {
        count += 1;
        if i == 249 {
            println!("last i {i}");
        }
    }
    let count_u64: u64 = count;
    println!("count {count_u64}");

    let z = 3000000000;
    let w = z + take_u64(1);
    println!("w {w}");

    let wide = 1;
    let shifted = wide << 40;
    let typed: i64 = shifted;
    println!("shifted {typed}");

    let q = 7;
    let r = take_i8(q) * 18;
    println!("r {r}");
}
