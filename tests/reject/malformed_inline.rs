// expect-error: 3:1: malformed `inline` attribute input
// `#[inline]` takes nothing, `always` or `never`.
#[inline(sometimes)]
fn helper() -> i32 {
    7
}

fn main() {
    println!("{}", helper());
}
