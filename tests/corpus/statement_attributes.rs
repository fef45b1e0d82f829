// args:
// args: one two
// Outer attributes on expression statements, a block's tail and call arguments belong to
// those nodes, as in rustc: they are accepted (lint levels and doc comments), and the
// coverage regions start after them.
fn three() -> i32 {
    3
}

fn pick(x: i32) -> i32 {
    #[allow(unused_parens)]
    (x + three())
}

fn main() {
    let mut x = std::env::args().len() as i32;
    #[allow(unused_must_use)]
    three();
    #[allow(unused)]
    if x > 1 {
        println!("big");
    }
    #[allow(unused)]
    println!("{}", x);
    #[allow(unconditional_panic)]
    match x {
        3 => println!("three"),
        _ => {}
    }
    #[allow(unused)]
    for i in 0..2 {
        println!("{}", i);
    }
    #[allow(unused)]
    while x < 6 {
        x += 1;
    }
    #[allow(unused)]
    loop {
        break;
    }
    /// A doc comment on a statement.
    #[allow(unused)]
    {
        println!("{}", pick(#[allow(unused)] x));
    }
}
