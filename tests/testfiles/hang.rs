// A test that never ends, between tests that pass; run with a short --timeout.

fn main() {}

fn spin(limit: u64) -> u64 {
    let mut n = 0;
    loop {
        n += 1;
        if n == limit {
            break;
        }
    }
    n
}

#[test]
fn finishes() {
    assert_eq!(spin(1000), 1000);
}

#[test]
fn hangs() {
    println!("spinning forever");
    spin(0);
}

#[test]
fn finishes_too() {
    assert_eq!(spin(10), 10);
}
