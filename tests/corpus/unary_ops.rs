// Unary minus on signed types (including double negation) and ! on integers and bools.
fn neg_i8(v: i8) -> i8 {
    -v
}

fn neg_i64(v: i64) -> i64 {
    -v
}

fn main() {
    println!("{} {} {}", neg_i8(127), neg_i8(-127), neg_i8(0));
    println!("{} {}", neg_i64(-9223372036854775807), neg_i64(42));
    let x: i16 = 300;
    println!("{} {} {}", -x, -(-x), -(-(-x)));
    let y: i32 = -5;
    println!("{} {} {}", !y, !!y, -!y);
    let u: u32 = 0;
    println!("{} {}", !u, !u - 1);
    let b = false;
    println!("{} {} {}", !b, !!b, !(!b && b));
    let neg_lit = -2147483648;
    println!("{neg_lit}");
    let w: isize = -(7 - 10);
    println!("{w}");
}
