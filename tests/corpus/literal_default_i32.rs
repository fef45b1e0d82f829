// An unconstrained integer literal defaults to i32: doubling it overflows at 2^31.
fn main() {
    let mut x = 1;
    let mut steps = 0;
    while steps < 40 {
        x *= 2;
        steps += 1;
        println!("step {steps}: {x}");
    }
    println!("unreachable end {x}");
}
