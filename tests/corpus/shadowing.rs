// Shadowing: same scope, nested blocks, different types, inside loops, and use of the old value.
fn main() {
    let x = 5;
    let x = x * 2;
    println!("outer {x}");
    {
        let x = x + 100;
        println!("inner {x}");
        let x: u8 = 7;
        println!("inner typed {x}");
    }
    println!("after block {x}");
    let x = x > 5;
    println!("now a bool {x}");
    let x = x as u64 + 40;
    println!("now u64 {x}");
    let mut total = 0;
    for i in 0..4 {
        let i = i * 10;
        let total_before = total;
        total += i;
        println!("i {i} total {total_before} -> {total}");
    }
    let y = 1;
    let y = {
        let y = y + 1;
        y * 3
    };
    println!("y {y}");
    let z = if y > 5 {
        let y = -1;
        y
    } else {
        y
    };
    println!("z {z} y {y}");
    let mut m = 3;
    m += 1;
    let m = m;
    println!("m {m}");
}
