// args:
// args: 1
// args: 1 2
// args: 1 2 3
// args: 1 2 3 4
// args: 1 2 3 4 5
// Overflow and division panics raised by compound assignments (+= -= *= /= %=) inside loops.
fn zero() -> u32 {
    std::env::args().len() as u32 * 0
}

fn main() {
    let n = std::env::args().len();
    match n {
        1 => {
            let mut v: u8 = 250;
            loop {
                v += 1;
                println!("u8 {v}");
            }
        }
        2 => {
            let mut v: i16 = -32760;
            for _ in 0..100 {
                v -= 3;
                println!("i16 {v}");
            }
        }
        3 => {
            let mut v: u32 = 1;
            let mut i = 0;
            while i < 40 {
                v *= 3;
                i += 1;
                println!("u32 {v}");
            }
        }
        4 => {
            let mut v: i64 = 9223372036854775800;
            v += 7;
            println!("i64 {v}");
            v += n as i64;
            println!("never {v}");
        }
        5 => {
            let mut v: u32 = 100;
            v /= 7;
            println!("u32 {v}");
            v /= zero();
            println!("never {v}");
        }
        _ => {
            let mut v: isize = -100;
            v %= 7;
            println!("isize {v}");
            v %= zero() as isize;
            println!("never {v}");
        }
    }
}
