// A cast lends its target type to a bare literal operand (through parens, blocks and unary minus)
// but not to the operands of a binary operator or to the branches of if / match.
fn main() {
    let n = std::env::args().len();
    let a = 200 as u8;
    let b = (200 + 100) as u8;
    let c = (if n > 0 { 250 } else { 5 }) as i8;
    let d = { 200 } as u8;
    let e = (match n {
        1 => 300,
        _ => 2,
    }) as u8;
    let f = -(128) as i8;
    let g = 3000000000 as u32;
    let h = 4000000000 as i64 as i32;
    let k = (n * 4096) as u8;
    println!("{a} {b} {c} {d} {e} {f} {g} {h} {k}");
    let x = 5;
    let y = x as u8;
    let z = -x;
    println!("{y} {z}");
    let big = (1000 * 1000) as i16;
    println!("{big}");
}
