//! The macros of the subset (`println!`, `print!`, `eprintln!`, `eprint!`, `assert!`,
//! `assert_eq!`, `assert_ne!`, `panic!`, `unreachable!`, `todo!`): their arguments parsed into
//! the AST, format strings resolved against their arguments.

use std::collections::HashMap;

use clifcov_ir::{Pos, Span, Stream};
use syn::punctuated::Punctuated;
use syn::Token;

use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::format::{parse_format, source_offsets, ArgRef, FormatError, Piece};
use crate::node_span::{expr_span, macro_span};
use crate::syntax::{path_text, span_of, token_span, Converter};

type MacroArgs = Punctuated<syn::Expr, Token![,]>;

impl Converter {
    /// Converts a macro invocation (statement or expression) into a `Macro` expression.
    pub(crate) fn convert_macro(&mut self, mac: &syn::Macro) -> Option<Expr> {
        let span = macro_span(mac);
        let Some(name) = mac.path.get_ident().map(|i| i.to_string()) else {
            self.unsupported(format!("macro: {}!", path_text(&mac.path)), span);
            return None;
        };
        let args: Vec<syn::Expr> = match mac.parse_body_with(MacroArgs::parse_terminated) {
            Ok(args) => args.into_iter().collect(),
            Err(_) if !is_supported_macro(&name) => Vec::new(),
            Err(err) => {
                self.error(Diagnostic::error(err.to_string(), token_span(err.span())));
                return None;
            }
        };
        let kind = match name.as_str() {
            "println" => self.print(&args, Stream::Stdout, true, span)?,
            "print" => self.print(&args, Stream::Stdout, false, span)?,
            "eprintln" => self.print(&args, Stream::Stderr, true, span)?,
            "eprint" => self.print(&args, Stream::Stderr, false, span)?,
            "assert" => self.assert(&args, span)?,
            "assert_eq" => self.assert_cmp(&args, true, span)?,
            "assert_ne" => self.assert_cmp(&args, false, span)?,
            "panic" => MacroKind::Panic(self.optional_message(&name, &args)?),
            "unreachable" => MacroKind::Unreachable(self.optional_message(&name, &args)?),
            "todo" => MacroKind::Todo(self.optional_message(&name, &args)?),
            _ => {
                self.unsupported(format!("macro: {name}!"), span);
                return None;
            }
        };
        let call = macro_call(mac);
        let name_span = span_of(&mac.path).to(span_of(&mac.bang_token));
        let mac = Macro {
            kind,
            name_span,
            call,
        };
        Some(self.expr(ExprKind::Macro(Box::new(mac)), span))
    }

    fn print(
        &mut self,
        args: &[syn::Expr],
        stream: Stream,
        newline: bool,
        span: Span,
    ) -> Option<MacroKind> {
        let format = match args.split_first() {
            Some((format, rest)) => self.format_args(format, rest)?,
            None if newline => FormatArgs {
                segments: Vec::new(),
                args: Vec::new(),
            },
            None => {
                self.error(Diagnostic::error(
                    "requires at least a format string argument",
                    span,
                ));
                return None;
            }
        };
        Some(MacroKind::Print {
            stream,
            newline,
            format,
        })
    }

    fn assert(&mut self, args: &[syn::Expr], span: Span) -> Option<MacroKind> {
        let Some((cond, rest)) = args.split_first() else {
            self.error(
                Diagnostic::error("macro requires a boolean expression as an argument", span)
                    .with_label("boolean expression required"),
            );
            return None;
        };
        let cond = self.convert_expr(cond);
        let message = self.trailing_message(rest);
        Some(MacroKind::Assert {
            cond: Box::new(cond?),
            message: message?,
        })
    }

    fn assert_cmp(&mut self, args: &[syn::Expr], eq: bool, span: Span) -> Option<MacroKind> {
        let [left, right, rest @ ..] = args else {
            self.error(
                Diagnostic::error("unexpected end of macro invocation", span).with_note(format!(
                    "while trying to match `,`; `{}!` takes two values to compare",
                    if eq { "assert_eq" } else { "assert_ne" }
                )),
            );
            return None;
        };
        let left = self.convert_expr(left);
        let right = self.convert_expr(right);
        let message = self.trailing_message(rest);
        Some(MacroKind::AssertCmp {
            eq,
            left: Box::new(left?),
            right: Box::new(right?),
            message: message?,
        })
    }

    /// The optional `"format", args...` after an assertion's operands.
    fn trailing_message(&mut self, rest: &[syn::Expr]) -> Option<Option<FormatArgs>> {
        match rest.split_first() {
            None => Some(None),
            Some((format, rest)) => Some(Some(self.format_args(format, rest)?)),
        }
    }

    /// The optional message of `panic!`, `unreachable!`, `todo!`.
    fn optional_message(&mut self, name: &str, args: &[syn::Expr]) -> Option<Option<FormatArgs>> {
        if let Some(first) = args.first() {
            if !is_string_literal(first) {
                self.error(
                    Diagnostic::error("format argument must be a string literal", span_of(first))
                        .with_help(format!("you might be missing a string literal to format with: `\"{{}}\", ` in `{name}!`")),
                );
                return None;
            }
        }
        self.trailing_message(args)
    }

    /// Resolves a format string against its positional, named and captured arguments.
    fn format_args(&mut self, format: &syn::Expr, rest: &[syn::Expr]) -> Option<FormatArgs> {
        self.check_expr_attrs(format);
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(literal),
            ..
        }) = format
        else {
            self.error(Diagnostic::error(
                "format argument must be a string literal",
                span_of(format),
            ));
            return None;
        };
        self.check_no_suffix(literal);
        let positions = LiteralPositions::new(literal);
        let pieces = match parse_format(&literal.value()) {
            Ok(pieces) => pieces,
            Err(FormatError::Invalid(message, offset)) => {
                let message = format!("invalid format string: {message}");
                self.error(Diagnostic::error(message, positions.span(offset, 1)));
                return None;
            }
            Err(FormatError::Unsupported(what, offset)) => {
                self.unsupported(what, positions.span(offset, 1));
                return None;
            }
        };
        let mut resolver = ArgResolver::new(self, positions, rest)?;
        resolver.check_implicit_count(self, &pieces)?;
        let segments = pieces
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(text) => Some(FmtSegment::Text(text)),
                Piece::Placeholder { arg, debug, offset } => {
                    let index = resolver.resolve(self, arg, offset)?;
                    Some(FmtSegment::Arg { index, debug })
                }
            })
            .collect::<Vec<_>>();
        let segments = segments.into_iter().collect::<Option<Vec<_>>>()?;
        let args = resolver.finish(self)?;
        Some(FormatArgs { segments, args })
    }
}

fn is_supported_macro(name: &str) -> bool {
    matches!(
        name,
        "println"
            | "print"
            | "eprintln"
            | "eprint"
            | "assert"
            | "assert_eq"
            | "assert_ne"
            | "panic"
            | "unreachable"
            | "todo"
    )
}

fn is_string_literal(expr: &syn::Expr) -> bool {
    matches!(
        expr,
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(_),
            ..
        })
    )
}

/// Matches placeholders to arguments: positional ones by order or index, `name = value`
/// ones by name, and otherwise captures a variable of that name from the scope.
struct ArgResolver {
    positions: LiteralPositions,
    args: Vec<Expr>,
    positional: usize,
    named: HashMap<String, usize>,
    used: Vec<bool>,
    next: usize,
    spans: Vec<Span>,
}

impl ArgResolver {
    fn new(
        converter: &mut Converter,
        positions: LiteralPositions,
        rest: &[syn::Expr],
    ) -> Option<ArgResolver> {
        let mut args = Vec::new();
        let mut spans = Vec::new();
        let mut named = HashMap::new();
        let mut positional = 0;
        let mut ok = true;
        for arg in rest {
            spans.push(expr_span(arg));
            if let Some((name, value)) = named_arg(arg) {
                named.insert(name, args.len());
                args.extend(converter.convert_expr(value).or_else(|| {
                    ok = false;
                    None
                }));
                continue;
            }
            if !named.is_empty() {
                converter.error(Diagnostic::error(
                    "positional arguments cannot follow named arguments",
                    span_of(arg),
                ));
                ok = false;
            }
            positional += 1;
            args.extend(converter.convert_expr(arg).or_else(|| {
                ok = false;
                None
            }));
        }
        let used = vec![false; args.len()];
        ok.then_some(ArgResolver {
            positions,
            args,
            positional,
            named,
            used,
            next: 0,
            spans,
        })
    }

    /// rustc's error when `{}` placeholders outnumber the positional arguments.
    fn check_implicit_count(&self, converter: &mut Converter, pieces: &[Piece]) -> Option<()> {
        let implicit: Vec<usize> = pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Placeholder {
                    arg: ArgRef::Next,
                    offset,
                    ..
                } => Some(*offset),
                _ => None,
            })
            .collect();
        if implicit.len() <= self.positional {
            return Some(());
        }
        let plural = if implicit.len() == 1 { "" } else { "s" };
        let message = format!(
            "{} positional argument{plural} in format string, but {}",
            implicit.len(),
            argument_count(self.positional)
        );
        let span = self.positions.span(implicit[self.positional], 2);
        converter.error(Diagnostic::error(message, span));
        None
    }

    fn resolve(&mut self, converter: &mut Converter, arg: ArgRef, offset: usize) -> Option<usize> {
        let index = match arg {
            ArgRef::Next => {
                self.next += 1;
                self.next - 1
            }
            ArgRef::Index(index) => index,
            ArgRef::Name(name) => return Some(self.named_or_captured(converter, name, offset)),
        };
        if index >= self.positional {
            let count = argument_count(self.positional);
            let message = format!("invalid reference to positional argument {index} ({count})");
            let error = Diagnostic::error(message, self.positions.span(offset + 1, 1))
                .with_note("positional arguments are zero-based");
            converter.error(error);
            return None;
        }
        self.used[index] = true;
        Some(index)
    }

    /// The argument `name = value`, or else the variable `name` (at `offset + 1` in the
    /// string).
    fn named_or_captured(
        &mut self,
        converter: &mut Converter,
        name: String,
        offset: usize,
    ) -> usize {
        if let Some(&index) = self.named.get(&name) {
            self.used[index] = true;
            return index;
        }
        let span = self.positions.span(offset + 1, name.chars().count());
        let var = converter.expr(
            ExprKind::Var(Ident {
                name: name.clone(),
                span,
            }),
            span,
        );
        self.args.push(var);
        self.used.push(true);
        self.spans.push(span);
        self.named.insert(name, self.args.len() - 1);
        self.args.len() - 1
    }

    fn finish(self, converter: &mut Converter) -> Option<Vec<Expr>> {
        let unused: Vec<usize> = (0..self.used.len()).filter(|&i| !self.used[i]).collect();
        if unused.is_empty() {
            return Some(self.args);
        }
        let message = if unused.len() == 1 {
            "argument never used".to_string()
        } else {
            "multiple unused formatting arguments".to_string()
        };
        let mut diagnostic =
            Diagnostic::error(message, self.spans[unused[0]]).with_label("argument never used");
        for &i in &unused[1..] {
            diagnostic = diagnostic.with_secondary(self.spans[i], "argument never used");
        }
        converter.error(diagnostic);
        None
    }
}

fn argument_count(count: usize) -> String {
    match count {
        0 => "no arguments were given".to_string(),
        1 => "there is 1 argument".to_string(),
        n => format!("there are {n} arguments"),
    }
}

fn named_arg(arg: &syn::Expr) -> Option<(String, &syn::Expr)> {
    let syn::Expr::Assign(assign) = arg else {
        return None;
    };
    let syn::Expr::Path(path) = &*assign.left else {
        return None;
    };
    let name = path.path.get_ident()?.to_string();
    Some((name, &assign.right))
}

/// Source positions inside a string literal, so errors and captured arguments point at the
/// placeholder as rustc does.
struct LiteralPositions {
    whole: Span,
    token: Vec<char>,
    offsets: Vec<usize>,
}

impl LiteralPositions {
    fn new(literal: &syn::LitStr) -> LiteralPositions {
        let token = literal.token().to_string();
        LiteralPositions {
            whole: span_of(literal),
            offsets: source_offsets(&token),
            token: token.chars().collect(),
        }
    }

    /// The span of `len` characters of the literal's value from character `index`.
    fn span(&self, index: usize, len: usize) -> Span {
        let (Some(&first), Some(&last)) = (
            self.offsets.get(index),
            self.offsets.get(index + len.max(1) - 1),
        ) else {
            return self.whole;
        };
        Span::new(self.position(first), self.position(last + 1))
    }

    /// The source position of the literal's `raw`-th character.
    fn position(&self, raw: usize) -> Pos {
        let before = &self.token[..raw.min(self.token.len())];
        match before.iter().rposition(|&c| c == '\n') {
            None => Pos::new(self.whole.lo.line, self.whole.lo.col + raw as u32),
            Some(newline) => {
                let lines = before.iter().filter(|&&c| c == '\n').count() as u32;
                Pos::new(self.whole.lo.line + lines, (raw - newline) as u32)
            }
        }
    }
}

/// The invocation's tokens with their source spacing, for printing it as rustc does.
fn macro_call(mac: &syn::Macro) -> MacroCall {
    let delim = match mac.delimiter {
        syn::MacroDelimiter::Paren(_) => Delimiter::Paren,
        syn::MacroDelimiter::Bracket(_) => Delimiter::Bracket,
        syn::MacroDelimiter::Brace(_) => Delimiter::Brace,
    };
    MacroCall {
        path: path_text(&mac.path),
        delim,
        tokens: token_trees(mac.tokens.clone()),
    }
}

/// rustc's multi-character punctuation tokens, longest first.
const OPERATORS: [&str; 25] = [
    "<<=", ">>=", "...", "..=", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=",
    "^=", "&=", "|=", "<<", ">>", "..", "::", "->", "<-", "=>",
];

fn token_trees(stream: proc_macro2::TokenStream) -> Vec<TokenTree> {
    use proc_macro2::{Spacing, TokenTree as Tt};
    let items: Vec<Tt> = stream.into_iter().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let kinds = match &items[i] {
            Tt::Ident(ident) => vec![TokenKind::Ident(ident.to_string())],
            Tt::Literal(lit) => vec![TokenKind::Literal(lit.to_string())],
            Tt::Group(group) => vec![group_tree(group)],
            Tt::Punct(punct) if punct.as_char() == '\'' => match items.get(i + 1) {
                Some(Tt::Ident(ident)) => {
                    i += 1;
                    vec![TokenKind::Literal(format!("'{ident}"))]
                }
                _ => vec![TokenKind::Punct("'".to_string())],
            },
            Tt::Punct(_) => {
                let mut run = String::new();
                while let Some(Tt::Punct(p)) = items.get(i) {
                    run.push(p.as_char());
                    if p.spacing() != Spacing::Joint
                        || !matches!(items.get(i + 1), Some(Tt::Punct(_)))
                    {
                        break;
                    }
                    i += 1;
                }
                split_operators(&run)
                    .into_iter()
                    .map(TokenKind::Punct)
                    .collect()
            }
        };
        let end = items[i].span().end();
        let spaced = items
            .get(i + 1)
            .is_some_and(|next| next.span().start() != end);
        let count = kinds.len();
        out.extend(kinds.into_iter().enumerate().map(|(k, kind)| TokenTree {
            kind,
            spaced: k + 1 == count && spaced,
        }));
        i += 1;
    }
    out
}

fn group_tree(group: &proc_macro2::Group) -> TokenKind {
    let delim = match group.delimiter() {
        proc_macro2::Delimiter::Bracket => Delimiter::Bracket,
        proc_macro2::Delimiter::Brace => Delimiter::Brace,
        _ => Delimiter::Paren,
    };
    let open_spaced = group
        .stream()
        .into_iter()
        .next()
        .is_some_and(|first| first.span().start() != group.span_open().end());
    TokenKind::Group {
        delim,
        open_spaced,
        tokens: token_trees(group.stream()),
    }
}

/// Splits a run of adjacent punctuation into rustc's tokens, longest match first.
fn split_operators(run: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = run;
    while let Some(first) = rest.chars().next() {
        let len = OPERATORS
            .iter()
            .find(|op| rest.starts_with(*op))
            .map_or(first.len_utf8(), |op| op.len());
        out.push(rest[..len].to_string());
        rest = &rest[len..];
    }
    out
}
