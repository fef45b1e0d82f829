// + - * / % on every signed type, including negative operands (truncating division, remainder sign).
fn ops_i8(a: i8, b: i8) {
    println!(
        "i8 {a} {b}: {} {} {} {} {}",
        a + b,
        a - b,
        a * b,
        a / b,
        a % b
    );
}

fn ops_i16(a: i16, b: i16) {
    println!(
        "i16 {a} {b}: {} {} {} {} {}",
        a + b,
        a - b,
        a * b,
        a / b,
        a % b
    );
}

fn ops_i32(a: i32, b: i32) {
    println!(
        "i32 {a} {b}: {} {} {} {} {}",
        a + b,
        a - b,
        a * b,
        a / b,
        a % b
    );
}

fn ops_i64(a: i64, b: i64) {
    println!(
        "i64 {a} {b}: {} {} {} {} {}",
        a + b,
        a - b,
        a * b,
        a / b,
        a % b
    );
}

fn ops_isize(a: isize, b: isize) {
    println!(
        "isize {a} {b}: {} {} {} {} {}",
        a + b,
        a - b,
        a * b,
        a / b,
        a % b
    );
}

fn main() {
    ops_i8(7, 3);
    ops_i8(-7, 3);
    ops_i8(7, -3);
    ops_i8(-7, -3);
    ops_i8(-64, 2);
    ops_i8(-120, -1);
    ops_i8(63, 2);
    ops_i16(1000, 32);
    ops_i16(-1000, 7);
    ops_i16(-181, -181);
    ops_i32(123456, -789);
    ops_i32(-46340, 46340);
    ops_i32(-2147483647, -1);
    ops_i64(9000000000, 3);
    ops_i64(-3037000499, 3037000499);
    ops_i64(-9223372036854775807, 1);
    ops_isize(-17, 5);
    ops_isize(4611686018427387903, 2);
}
