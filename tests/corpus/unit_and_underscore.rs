// The unit type (), functions returning (), and `_` patterns in let and for.
fn side_effect(v: i32) -> i32 {
    println!("side effect {v}");
    v
}

fn returns_unit() {
    println!("returns unit");
}

fn explicit_unit() -> () {
    let u = ();
    u
}

fn main() {
    let _ = side_effect(1);
    let _unused = side_effect(2);
    let u: () = returns_unit();
    let v = explicit_unit();
    let _ = u;
    let _ = v;
    let _: u8 = 3;
    for _ in 0..3 {
        print!("x");
    }
    println!();
    let w = {};
    let _ = w;
    let from_if = if side_effect(3) > 2 {
        returns_unit()
    } else {
        ()
    };
    let _ = from_if;
}
