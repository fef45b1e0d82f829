//! syn's parse errors in rustc's words and places, where the two differ for common
//! mistakes: a missing `;`, which syn reports at the token after the gap and rustc at the
//! end of the token before it, naming what it found instead; and an attribute with no
//! statement after it, which syn reports at the closing brace.

use std::str::FromStr;

use clifcov_ir::{Pos, Span};
use proc_macro2::{Delimiter, TokenStream, TokenTree};

use crate::diagnostics::Diagnostic;
use crate::syntax::token_span;

/// rustc's error for `error`, when syn reports a missing `;` at a token of `source`.
pub fn missing_semicolon(error: &syn::Error, source: &str) -> Option<Diagnostic> {
    if !error.to_string().ends_with("expected `;`") {
        return None;
    }
    let found = token_span(error.span());
    let text = text_of(source, found)?;
    let gap = tokens_before(source, found.lo)?.last()?.span.hi;
    let message = format!("expected `;`, found {}", describe_token(text));
    Some(
        Diagnostic::error(message, Span::new(gap, gap))
            .with_label("help: add `;` here")
            .with_secondary(found, "unexpected token"),
    )
}

/// rustc's error for `error`, when syn finds the end of a block where an outer attribute
/// wanted a statement after it: at that last attribute.
pub fn dangling_attribute(error: &syn::Error, source: &str) -> Option<Diagnostic> {
    if error.to_string() != "unexpected end of input, expected an expression" {
        return None;
    }
    let before = tokens_before(source, token_span(error.span()).lo)?;
    let (close, rest) = before.split_last()?;
    if close.kind != Kind::Close(Delimiter::Bracket) {
        return None;
    }
    let open = rest.iter().rposition(|t| t.depth == close.depth)?;
    let pound = open.checked_sub(1).map(|index| &rest[index])?;
    let is_attribute = rest[open].kind == Kind::Open(Delimiter::Bracket)
        && pound.kind == Kind::Pound
        && pound.depth == close.depth;
    is_attribute.then(|| {
        let span = Span::new(pound.span.lo, close.span.hi);
        Diagnostic::error("expected statement after outer attribute", span)
    })
}

/// A token of the flattened token stream; a group is its open and close delimiters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Open(Delimiter),
    Close(Delimiter),
    Pound,
    Other,
}

struct Token {
    kind: Kind,
    span: Span,
    /// How many groups enclose the token (a group's delimiters are outside it).
    depth: usize,
}

/// The tokens of `source` that end before `pos`, in order.
fn tokens_before(source: &str, pos: Pos) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    flatten(TokenStream::from_str(source).ok()?, 0, &mut tokens);
    tokens.retain(|token| token.span.hi <= pos);
    Some(tokens)
}

fn flatten(stream: TokenStream, depth: usize, out: &mut Vec<Token>) {
    for tree in stream {
        match tree {
            TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                out.push(Token {
                    kind: Kind::Open(delimiter),
                    span: token_span(group.span_open()),
                    depth,
                });
                flatten(group.stream(), depth + 1, out);
                out.push(Token {
                    kind: Kind::Close(delimiter),
                    span: token_span(group.span_close()),
                    depth,
                });
            }
            TokenTree::Punct(punct) if punct.as_char() == '#' => out.push(Token {
                kind: Kind::Pound,
                span: token_span(punct.span()),
                depth,
            }),
            other => out.push(Token {
                kind: Kind::Other,
                span: token_span(other.span()),
                depth,
            }),
        }
    }
}

/// The text of a span on one line of `source`.
fn text_of(source: &str, span: Span) -> Option<&str> {
    if span.lo.line != span.hi.line || span.lo.col >= span.hi.col {
        return None;
    }
    let line = source.lines().nth(span.lo.line.checked_sub(1)? as usize)?;
    let start = line.char_indices().nth(span.lo.col as usize - 1)?.0;
    let end = line
        .char_indices()
        .nth(span.hi.col as usize - 1)
        .map_or(line.len(), |(index, _)| index);
    line.get(start..end)
}

/// A token as rustc names it in "found ...": keywords as such, everything else quoted.
fn describe_token(text: &str) -> String {
    if KEYWORDS.contains(&text) {
        format!("keyword `{text}`")
    } else {
        format!("`{text}`")
    }
}

/// Rust 2021's strict and reserved keywords.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(source: &str) -> Diagnostic {
        let error = syn::parse_file(source).expect_err("a parse error");
        missing_semicolon(&error, source).expect("a missing `;`")
    }

    #[test]
    fn missing_semicolon_is_placed_after_the_token_before_it() {
        let error = error_of("fn main() {\n    let x = 5\n    let y = 6;\n}\n");
        assert_eq!(error.message, "expected `;`, found keyword `let`");
        assert_eq!(
            error.span,
            Some(Span::new(Pos::new(2, 14), Pos::new(2, 14)))
        );
        assert_eq!(
            error.secondary[0].0,
            Span::new(Pos::new(3, 5), Pos::new(3, 8))
        );
    }

    #[test]
    fn an_attribute_before_the_end_of_a_block_is_named() {
        let source = "fn main() {\n    let x = 5;\n    #[allow(unused)]\n    #[inline]\n}\n";
        let error = syn::parse_file(source).expect_err("a parse error");
        let diagnostic = dangling_attribute(&error, source).expect("a dangling attribute");
        assert_eq!(
            diagnostic.message,
            "expected statement after outer attribute"
        );
        assert_eq!(
            diagnostic.span,
            Some(Span::new(Pos::new(4, 5), Pos::new(4, 14)))
        );
        let other = "fn main() {\n    let x = ;\n}\n";
        let error = syn::parse_file(other).expect_err("a parse error");
        assert!(dangling_attribute(&error, other).is_none());
    }

    #[test]
    fn the_token_before_may_close_a_group() {
        let source = "fn main() {\n    println!(\"{}\", 1)\n    println!(\"done\");\n}\n";
        let error = error_of(source);
        assert_eq!(error.message, "expected `;`, found `println`");
        assert_eq!(
            error.span,
            Some(Span::new(Pos::new(2, 22), Pos::new(2, 22)))
        );
    }
}
