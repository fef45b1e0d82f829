// args:
// args: 1
// args: 1 2
// args: 1 2 3
// args: 1 2 3 4
// args: 1 2 3 4 5
// args: 1 2 3 4 5 6
// Panic columns are display columns, as rustc computes them: a tab counts 4, a wide character
// (CJK, emoji, fullwidth) 2, a zero-width combining mark 0. This file is indented with tabs on
// purpose; do not reformat it.
fn main() {
	let n = std::env::args().len() as u8;
	let max: u8 = 255;
	match n {
		1 => println!("tabs {}", max + n),
		2 => println!("é combining {}", max + n),
		3 => println!("😀 emoji {}", max + n),
		4 => println!("日本語 {}", max + n),
		5 => println!(" →Ａ mixed {}", max + n),
		6 => { /* 幅 */ assert!(n == 0, "幅 {}", n) }
		_ => println!("{}", n * max),
	}
}
