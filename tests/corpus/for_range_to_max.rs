// Inclusive ranges that end at a type's MAX (and start at MIN) must not overflow the counter.
fn main() {
    let mut count: u32 = 0;
    for i in 0..=255 {
        let b: u8 = i;
        if b >= 254 {
            println!("u8 {b}");
        }
        count += 1;
    }
    println!("u8 iterations {count}");
    let mut c8 = 0;
    for i in -128..=127 {
        let v: i8 = i;
        if v == -128 || v == 127 {
            println!("i8 {v}");
        }
        c8 += 1;
    }
    println!("i8 iterations {c8}");
    let mut c16: u32 = 0;
    for j in 65530..=65535 {
        let w: u16 = j;
        c16 += w as u32 - 65529;
    }
    println!("u16 sum {c16}");
    for k in 18446744073709551613..=18446744073709551615 {
        let u: u64 = k;
        println!("u64 {u}");
    }
    for k in 9223372036854775806..=9223372036854775807 {
        let s: isize = k;
        println!("isize {s}");
    }
    for k in 2147483646..=2147483647 {
        println!("default i32 {k}");
    }
    for k in 18446744073709551614..18446744073709551615 {
        let u: usize = k;
        println!("usize exclusive {u}");
    }
}
