// (a..b).rev(): descending iteration, down to 0 for unsigned types, negatives, empty ranges, labels.
fn main() {
    for i in (0..5).rev() {
        print!("{i} ");
    }
    println!();
    let top: u8 = 3;
    for i in (0..top).rev() {
        print!("{i} ");
    }
    println!();
    for i in (-3..2).rev() {
        print!("{i} ");
    }
    println!();
    for i in (4..4).rev() {
        println!("never {i}");
    }
    for i in (9..2).rev() {
        println!("never {i}");
    }
    let lo: usize = 0;
    let hi: usize = 2;
    for i in (lo..hi).rev() {
        println!("usize {i}");
    }
    for i in (250..255).rev() {
        let b: u8 = i;
        if b == 254 || b == 250 {
            println!("u8 {b}");
        }
    }
    let mut found = 0;
    'scan: for i in (1..100).rev() {
        for j in (1..10).rev() {
            if i * j == 72 && i < j {
                found = i * 1000 + j;
                break 'scan;
            }
        }
    }
    println!("found {found}");
    let mut acc: i64 = 0;
    for k in (-9223372036854775808..-9223372036854775805).rev() {
        acc = k;
    }
    println!("acc {acc}");
}
