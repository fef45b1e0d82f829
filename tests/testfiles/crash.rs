// A test that overflows its stack through runaway recursion, between tests that pass.

fn main() {}

fn depth(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    depth(n + 1) + 1
}

fn double(x: u64) -> u64 {
    x * 2
}

#[test]
fn a_passes() {
    assert_eq!(double(2), 4);
}

#[test]
fn overflows_the_stack() {
    println!("going deep");
    depth(1);
}

#[test]
fn z_passes() {
    assert_eq!(double(3), 6);
}
