// Operator precedence and associativity: arithmetic, shifts, bitwise, comparisons, casts, unary, logic.
fn main() {
    let a = 20;
    let b = 6;
    let c = 2;
    println!("{}", a - b - c);
    println!("{}", a / b / c);
    println!("{}", a - b * c);
    println!("{}", (a - b) * c);
    println!("{}", a % b * c);
    println!("{}", a << c + 1);
    println!("{}", (a << c) + 1);
    println!("{}", a & b | c);
    println!("{}", a | b & c);
    println!("{}", a ^ b & c);
    println!("{}", a | b ^ c);
    println!("{}", a + b >> c);
    println!("{}", -a * b);
    println!("{}", -a % b);
    println!("{}", !a & b);
    println!("{}", !(a & b));
    println!("{}", -(a - b) - -c);
    println!("{}", a > b && b > c || a < c);
    println!("{}", a < b || b < c && a > c);
    println!("{}", a & b == 4);
    println!("{}", a as u8 as i32 + b);
    println!("{}", -b as i64 * 3);
    let t = true;
    let f = false;
    println!("{}", !t || f && !f);
    println!("{}", t ^ f && f | t);
    println!("{}", (a - b > c) == (a > b));
}
