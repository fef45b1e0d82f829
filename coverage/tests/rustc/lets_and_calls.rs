fn lets(a: i32) -> i32 {
    let x = a + 1;
    let _ = x;
    let mut y: i64 = 2;
    y += 3;
    y = y * 2;
    x + y as i32
}

fn f() -> i32 {1}

fn g() {}

fn never_called(x: i32) -> i32 {
    if x > 3 {
        return 1;
    }
    x + 2
}

fn main() {
    let n = std::env::args().len() as i32;
    let a = f();
    g();
    lets(a + n);
}
