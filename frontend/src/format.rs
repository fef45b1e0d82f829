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
    /// `debug` for `{:?}`.
    Placeholder {
        arg: ArgRef,
        debug: bool,
    },
}

/// Why a format string is not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// Not valid Rust (rustc rejects it too): the message follows `invalid format string: `.
    Invalid(String),
    /// Valid Rust that clifcov does not support; names the format spec.
    Unsupported(String),
}

/// Splits a format string (already unescaped) into text and placeholders.
pub fn parse_format(format: &str) -> Result<Vec<Piece>, FormatError> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '}' => {
                return Err(FormatError::Invalid("unmatched `}` found".to_string()));
            }
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => inner.push(c),
                        None => {
                            return Err(FormatError::Invalid(
                                "expected `}`, but string was terminated".to_string(),
                            ))
                        }
                    }
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(parse_placeholder(&inner)?);
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
fn parse_placeholder(inner: &str) -> Result<Piece, FormatError> {
    let (arg, spec) = match inner.split_once(':') {
        Some((arg, spec)) => (arg.trim_end(), spec),
        None => (inner.trim_end(), ""),
    };
    if !spec.is_empty() && spec != "?" {
        return Err(FormatError::Unsupported(format!(
            "format spec `{{:{spec}}}`"
        )));
    }
    let debug = spec == "?";
    if let Some(found) = arg.chars().next().filter(|c| c.is_whitespace()) {
        let found = arg.trim_start().chars().next().unwrap_or(found);
        return Err(FormatError::Invalid(format!(
            "expected `}}`, found `{found}`"
        )));
    }
    Ok(Piece::Placeholder {
        arg: parse_arg(arg)?,
        debug,
    })
}

fn parse_arg(arg: &str) -> Result<ArgRef, FormatError> {
    if arg.is_empty() {
        Ok(ArgRef::Next)
    } else if arg.chars().all(|c| c.is_ascii_digit()) {
        arg.parse()
            .map(ArgRef::Index)
            .map_err(|_| FormatError::Invalid(format!("invalid argument index `{arg}`")))
    } else if is_identifier(arg) {
        Ok(ArgRef::Name(arg.to_string()))
    } else {
        Err(FormatError::Invalid(format!(
            "invalid argument name `{arg}`"
        )))
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && s != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Piece {
        Piece::Text(s.to_string())
    }

    fn hole(arg: ArgRef) -> Piece {
        Piece::Placeholder { arg, debug: false }
    }

    #[test]
    fn placeholders_and_escapes() {
        assert_eq!(
            parse_format("a {} b {x} {{c}} {0}{:?}").unwrap(),
            vec![
                text("a "),
                hole(ArgRef::Next),
                text(" b "),
                hole(ArgRef::Name("x".to_string())),
                text(" {c} "),
                hole(ArgRef::Index(0)),
                Piece::Placeholder {
                    arg: ArgRef::Next,
                    debug: true
                },
            ]
        );
        assert_eq!(parse_format("").unwrap(), vec![]);
        assert_eq!(
            parse_format("{n:?}").unwrap(),
            vec![Piece::Placeholder {
                arg: ArgRef::Name("n".to_string()),
                debug: true
            }]
        );
    }

    /// rustc accepts `{ }` and `{x }` but rejects `{ 0 }`.
    #[test]
    fn spaces_after_the_argument_only() {
        assert_eq!(parse_format("{ }").unwrap(), vec![hole(ArgRef::Next)]);
        assert_eq!(
            parse_format("{x }").unwrap(),
            vec![hole(ArgRef::Name("x".to_string()))]
        );
        assert_eq!(
            parse_format("{ 0 }"),
            Err(FormatError::Invalid("expected `}`, found `0`".to_string()))
        );
    }

    #[test]
    fn invalid_strings() {
        assert!(matches!(
            parse_format("a } b"),
            Err(FormatError::Invalid(_))
        ));
        assert!(matches!(
            parse_format("a { b"),
            Err(FormatError::Invalid(_))
        ));
        assert!(matches!(parse_format("{-x}"), Err(FormatError::Invalid(_))));
        assert!(matches!(parse_format("{_}"), Err(FormatError::Invalid(_))));
    }

    #[test]
    fn unsupported_specs() {
        assert_eq!(
            parse_format("{:>5}"),
            Err(FormatError::Unsupported("format spec `{:>5}`".to_string()))
        );
        assert!(matches!(
            parse_format("{x:#?}"),
            Err(FormatError::Unsupported(_))
        ));
        assert!(matches!(
            parse_format("{:x}"),
            Err(FormatError::Unsupported(_))
        ));
    }
}
