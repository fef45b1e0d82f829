// eprintln! goes to stderr, println! to stdout; the two streams are checked separately.
fn main() {
    println!("to stdout 1");
    eprintln!("to stderr 1");
    let code = 7;
    let ok = false;
    eprintln!("code {code} ok {ok} sum {}", code + 1);
    eprintln!();
    eprintln!("braces {{}} {{{code}}}");
    print!("stdout without newline, ");
    eprintln!("stderr in between");
    println!("finished");
}
