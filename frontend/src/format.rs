//! Format strings of `println!`-like macros: `{}`, `{0}`, `{name}`, `{:?}` and the `{{` / `}}`
//! escapes. Anything else (width, precision, alignment, other traits) is rejected.

/// Which argument a placeholder refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgRef {
    /// `{}`: the next positional argument.
    Next,
    /// `{0}`.
    Index(usize),
    /// `{name}`: a named argument or a variable captured from the scope.
    Name(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// `debug` for `{:?}`; `offset` is the character index of the `{` in the string.
    Placeholder {
        arg: ArgRef,
        debug: bool,
        offset: usize,
    },
}

/// Why a format string is not accepted, with the character index of the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// Not valid Rust (rustc rejects it too): the message follows `invalid format string: `.
    Invalid(String, usize),
    /// Valid Rust that clifcov does not support; names the format spec.
    Unsupported(String, usize),
}

/// Splits a format string (already unescaped) into text and placeholders.
pub fn parse_format(format: &str) -> Result<Vec<Piece>, FormatError> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = format.chars().enumerate().peekable();
    while let Some((offset, c)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        match c {
            '{' | '}' if next == Some(c) => {
                chars.next();
                text.push(c);
            }
            '}' => {
                let message = "unmatched `}` found".to_string();
                return Err(FormatError::Invalid(message, offset));
            }
            '{' => {
                let mut inner = String::new();
                let closed = loop {
                    match chars.next() {
                        Some((_, '}')) => break true,
                        Some((_, c)) => inner.push(c),
                        None => break false,
                    }
                };
                if !closed {
                    let message = "expected `}`, but string was terminated".to_string();
                    return Err(FormatError::Invalid(message, offset));
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(parse_placeholder(&inner, offset)?);
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

/// Parses what is between the braces: `[argument][:spec]`, where only an empty spec or `?`
/// (which prints integers and `bool` as `Display` does) is supported. As in rustc, spaces may
/// follow the argument but not precede it.
fn parse_placeholder(inner: &str, offset: usize) -> Result<Piece, FormatError> {
    let (arg, spec) = match inner.split_once(':') {
        Some((arg, spec)) => (arg.trim_end(), spec),
        None => (inner.trim_end(), ""),
    };
    if !spec.is_empty() && spec != "?" {
        let what = format!("format spec `{{:{spec}}}`");
        return Err(FormatError::Unsupported(what, offset));
    }
    if let Some(found) = arg.chars().next().filter(|c| c.is_whitespace()) {
        let found = arg.trim_start().chars().next().unwrap_or(found);
        let message = format!("expected `}}`, found `{found}`");
        return Err(FormatError::Invalid(message, offset));
    }
    let arg = parse_arg(arg).map_err(|message| FormatError::Invalid(message, offset))?;
    Ok(Piece::Placeholder {
        arg,
        debug: spec == "?",
        offset,
    })
}

fn parse_arg(arg: &str) -> Result<ArgRef, String> {
    if arg.is_empty() {
        Ok(ArgRef::Next)
    } else if arg.chars().all(|c| c.is_ascii_digit()) {
        arg.parse()
            .map(ArgRef::Index)
            .map_err(|_| format!("invalid argument index `{arg}`"))
    } else if is_identifier(arg) {
        Ok(ArgRef::Name(arg.to_string()))
    } else {
        Err(format!("invalid argument name `{arg}`"))
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && s != "_"
}

/// For each character of a string literal's value, the character index in the literal's
/// source text (`"a\tb"` -> 1, 2, 4), for pointing into the literal.
pub fn source_offsets(token: &str) -> Vec<usize> {
    let chars: Vec<char> = token.chars().collect();
    let hashes = chars.iter().skip(1).take_while(|&&c| c == '#').count();
    if chars.first() == Some(&'r') {
        let start = 2 + hashes;
        let end = chars.len().saturating_sub(1 + hashes);
        return (start..end.max(start)).collect();
    }
    let mut offsets = Vec::new();
    let mut i = 1;
    while i + 1 < chars.len() {
        if chars[i] != '\\' {
            offsets.push(i);
            i += 1;
            continue;
        }
        let escape_len = match chars.get(i + 1) {
            Some('x') => 4,
            Some('u') => chars[i..]
                .iter()
                .position(|&c| c == '}')
                .map_or(2, |p| p + 1),
            Some('\n') => {
                i += 2;
                while chars.get(i).is_some_and(|c| c.is_whitespace()) {
                    i += 1;
                }
                continue;
            }
            _ => 2,
        };
        offsets.push(i);
        i += escape_len;
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Piece {
        Piece::Text(s.to_string())
    }

    fn hole(arg: ArgRef, offset: usize) -> Piece {
        Piece::Placeholder {
            arg,
            debug: false,
            offset,
        }
    }

    #[test]
    fn placeholders_and_escapes() {
        assert_eq!(
            parse_format("a {} b {x} {{c}} {0}{:?}").unwrap(),
            vec![
                text("a "),
                hole(ArgRef::Next, 2),
                text(" b "),
                hole(ArgRef::Name("x".to_string()), 7),
                text(" {c} "),
                hole(ArgRef::Index(0), 17),
                Piece::Placeholder {
                    arg: ArgRef::Next,
                    debug: true,
                    offset: 20,
                },
            ]
        );
        assert_eq!(parse_format("").unwrap(), vec![]);
    }

    /// rustc accepts `{ }` and `{x }` but rejects `{ 0 }`.
    #[test]
    fn spaces_after_the_argument_only() {
        assert_eq!(parse_format("{ }").unwrap(), vec![hole(ArgRef::Next, 0)]);
        assert_eq!(
            parse_format("{x }").unwrap(),
            vec![hole(ArgRef::Name("x".to_string()), 0)]
        );
        assert_eq!(
            parse_format("{ 0 }"),
            Err(FormatError::Invalid(
                "expected `}`, found `0`".to_string(),
                0
            ))
        );
    }

    #[test]
    fn invalid_strings() {
        assert!(matches!(
            parse_format("a } b"),
            Err(FormatError::Invalid(_, 2))
        ));
        assert!(matches!(
            parse_format("a { b"),
            Err(FormatError::Invalid(_, 2))
        ));
        assert!(matches!(
            parse_format("{-x}"),
            Err(FormatError::Invalid(..))
        ));
        assert!(matches!(parse_format("{_}"), Err(FormatError::Invalid(..))));
    }

    #[test]
    fn unsupported_specs() {
        assert_eq!(
            parse_format("x = {:>5}"),
            Err(FormatError::Unsupported(
                "format spec `{:>5}`".to_string(),
                4
            ))
        );
        assert!(matches!(
            parse_format("{x:#?}"),
            Err(FormatError::Unsupported(..))
        ));
        assert!(matches!(
            parse_format("{:x}"),
            Err(FormatError::Unsupported(..))
        ));
    }

    #[test]
    fn offsets_in_the_source() {
        assert_eq!(source_offsets(r#""a{}""#), vec![1, 2, 3]);
        assert_eq!(source_offsets(r#""\t{}""#), vec![1, 3, 4]);
        assert_eq!(source_offsets(r#""\x41\u{e9}!""#), vec![1, 5, 11]);
        assert_eq!(source_offsets(r##"r#"a"#"##), vec![3]);
        assert_eq!(source_offsets("\"a\\\n   b\""), vec![1, 7]);
    }
}
