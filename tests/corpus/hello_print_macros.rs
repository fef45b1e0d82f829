// Printing: println!, print!, empty println!, {} arguments, inline {name}, {{ }} escapes, string escapes.
fn main() {
    println!("hello, world");
    println!();
    print!("no newline yet");
    print!(" ... ");
    println!("now a newline");
    let answer = 42;
    let flag = true;
    println!("answer = {}", answer);
    println!("answer = {answer}, flag = {flag}");
    println!("{} {} {}", answer, flag, -7);
    println!("{answer}{answer}{}", answer + 1);
    println!("braces: {{}} and {{{answer}}} and {{{}}}", answer);
    println!("tab\there, quote \" and backslash \\ done");
    print!("two\nlines\n");
    println!("{}", !flag);
    println!("{}{}", 1, 2);
    println!("unit of text only");
    let neg: i64 = -9;
    println!("{neg} {}", neg * neg);
}
