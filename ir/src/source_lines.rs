//! The lines of the program's source text, found with a vectorised search for `'\n'`: the
//! front end and the coverage pass index lines by number, and on a file of thousands of
//! short lines `str::split('\n')` costs several times as much, on one thread.

/// The lines of `text` as `text.split('\n')` gives them: without their `'\n'`, and an empty
/// last line when `text` ends with one.
pub fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::with_capacity(line_count(text));
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        lines.push(&text[start..end]);
        start = end + 1;
    }
    lines.push(&text[start..]);
    lines
}

/// The number of lines of `text` as [`split_lines`] counts them: one more than its `'\n'`s.
pub fn line_count(text: &str) -> usize {
    memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_those_of_split() {
        let texts = [
            "",
            "\n",
            "\n\n",
            "fn main() {}",
            "fn main() {}\n",
            "a\r\nb\n\nc",
            "é\n\tx\n",
            &"line of text\n".repeat(100),
        ];
        for text in texts {
            let split: Vec<&str> = text.split('\n').collect();
            assert_eq!(split_lines(text), split, "{text:?}");
            assert_eq!(line_count(text), split.len(), "{text:?}");
        }
    }
}
