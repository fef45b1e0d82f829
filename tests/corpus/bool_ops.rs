// bool values: literals, !, ==, !=, ordering, non-lazy & | ^, printing.
fn flip(b: bool) -> bool {
    !b
}

fn main() {
    let t = true;
    let f = false;
    println!("{t} {f} {}", flip(t));
    println!("and {} {} {} {}", t & t, t & f, f & t, f & f);
    println!("or {} {} {} {}", t | t, t | f, f | t, f | f);
    println!("xor {} {} {} {}", t ^ t, t ^ f, f ^ t, f ^ f);
    println!("eq {} {} {} {}", t == t, t == f, t != f, f != f);
    println!("ord {} {} {} {}", f < t, t < f, f <= f, t >= f);
    println!("ord2 {} {}", t > f, f > t);
    let mut acc = false;
    acc |= t;
    println!("acc {acc}");
    acc &= f;
    println!("acc {acc}");
    acc ^= t;
    println!("acc {acc}");
    let nested = !(t && !f) || (f ^ !t);
    println!("nested {nested}");
    let x: i32 = 5;
    let cmp = x > 3;
    let both = cmp == (x < 10);
    println!("{cmp} {both}");
}
