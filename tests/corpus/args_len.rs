// args:
// args: one
// args: one two three
// args: a b c d e f g h i j
// std::env::args().len() counts the program name plus each argument.
fn main() {
    let n = std::env::args().len();
    println!("args().len() = {n}");
    let extra = n - 1;
    match extra {
        0 => println!("no arguments"),
        1 => println!("one argument"),
        2..=5 => println!("a few arguments"),
        _ => println!("many arguments: {extra}"),
    }
    let twice = std::env::args().len() * 2;
    println!("twice {twice}");
}
