//! Source spans of syn nodes from their first and last tokens. syn's `Spanned` prints the
//! whole node back to tokens to find them, which costs time in proportion to the subtree
//! (and the converter asks for the span of every nested expression); here the two tokens are
//! read from the tree. Each rule mirrors the order in which syn prints the node; nodes without
//! a rule here (attributes, labels, generic paths, rare expressions) fall back to `Spanned`.

use clifcov_ir::Span;
use proc_macro2::Span as TokenSpan;
use syn::spanned::Spanned;

use crate::syntax::{token_span, token_span_from_to, token_span_of_chars};

/// The span of an expression, as `span_of` gives it.
pub fn expr_span(expr: &syn::Expr) -> Span {
    joined(first_token(expr), last_token(expr)).unwrap_or_else(|| token_span(expr.span()))
}

/// The span of a block: its braces.
pub fn block_span(block: &syn::Block) -> Span {
    token_span(block.brace_token.span.join())
}

/// The span of a `let` statement, from `let` to its semicolon.
pub fn local_span(local: &syn::Local) -> Span {
    let first = local.attrs.is_empty().then_some(local.let_token.span);
    joined(first, Some(local.semi_token.span)).unwrap_or_else(|| token_span(local.span()))
}

/// The span of a function item, from its first attribute or keyword to its closing brace.
pub fn item_fn_span(item: &syn::ItemFn) -> Span {
    let first = match item.attrs.first() {
        Some(attr) => Some(attr.pound_token.span),
        None => visibility_token(&item.vis).or_else(|| signature_token(&item.sig)),
    };
    let last = Some(item.block.brace_token.span.join());
    joined(first, last).unwrap_or_else(|| token_span(item.span()))
}

/// The span of a macro invocation, from its path to its closing delimiter.
pub fn macro_span(mac: &syn::Macro) -> Span {
    joined(path_first(&mac.path), Some(delimiter_span(&mac.delimiter)))
        .unwrap_or_else(|| token_span(mac.span()))
}

/// Whether the span of `expr`, a binary operation or an assignment, is that of its operands
/// together: no attributes on it or its operands (syn prints those first), and for an
/// assignment a left side without parentheses (the converter drops them from a place).
pub fn operands_give_span(expr: &syn::Expr) -> bool {
    let (left, right, assigns) = match expr {
        syn::Expr::Binary(e) if e.attrs.is_empty() => {
            (&e.left, &e.right, is_compound_assignment(&e.op))
        }
        syn::Expr::Assign(e) if e.attrs.is_empty() => (&e.left, &e.right, true),
        _ => return false,
    };
    let parenthesised_place = assigns && matches!(**left, syn::Expr::Paren(_));
    !parenthesised_place && without_attrs(left) && without_attrs(right)
}

fn is_compound_assignment(op: &syn::BinOp) -> bool {
    use syn::BinOp as B;
    matches!(
        op,
        B::AddAssign(_)
            | B::SubAssign(_)
            | B::MulAssign(_)
            | B::DivAssign(_)
            | B::RemAssign(_)
            | B::BitXorAssign(_)
            | B::BitAndAssign(_)
            | B::BitOrAssign(_)
            | B::ShlAssign(_)
            | B::ShrAssign(_)
    )
}

/// The span of a binary operator's token, from its first character to its last (`<<=`):
/// syn parses an operator of several characters only from adjacent ones.
pub fn binop_span(op: &syn::BinOp) -> Span {
    use syn::BinOp as B;
    let spans: &[TokenSpan] = match op {
        B::Add(token) => &token.spans,
        B::AddAssign(token) => &token.spans,
        B::Sub(token) => &token.spans,
        B::SubAssign(token) => &token.spans,
        B::Mul(token) => &token.spans,
        B::MulAssign(token) => &token.spans,
        B::Div(token) => &token.spans,
        B::DivAssign(token) => &token.spans,
        B::Rem(token) => &token.spans,
        B::RemAssign(token) => &token.spans,
        B::BitXor(token) => &token.spans,
        B::BitXorAssign(token) => &token.spans,
        B::BitAnd(token) => &token.spans,
        B::BitAndAssign(token) => &token.spans,
        B::BitOr(token) => &token.spans,
        B::BitOrAssign(token) => &token.spans,
        B::Shl(token) => &token.spans,
        B::ShlAssign(token) => &token.spans,
        B::Shr(token) => &token.spans,
        B::ShrAssign(token) => &token.spans,
        B::And(token) => &token.spans,
        B::Or(token) => &token.spans,
        B::Eq(token) => &token.spans,
        B::Lt(token) => &token.spans,
        B::Le(token) => &token.spans,
        B::Ne(token) => &token.spans,
        B::Ge(token) => &token.spans,
        B::Gt(token) => &token.spans,
        other => return token_span(other.span()),
    };
    token_span_of_chars(spans[0], spans.len() as u32)
}

/// `Spanned::span`'s result for a node printed from `first` to `last`: their join.
/// The span from the start of `first` to the end of `last`, when both are known.
fn joined(first: Option<TokenSpan>, last: Option<TokenSpan>) -> Option<Span> {
    let span = token_span_from_to(first?, last?);
    (span.lo <= span.hi).then_some(span)
}

fn visibility_token(vis: &syn::Visibility) -> Option<TokenSpan> {
    match vis {
        syn::Visibility::Public(token) => Some(token.span),
        syn::Visibility::Restricted(restricted) => Some(restricted.pub_token.span),
        syn::Visibility::Inherited => None,
    }
}

fn signature_token(sig: &syn::Signature) -> Option<TokenSpan> {
    let qualified = sig.constness.is_some()
        || sig.asyncness.is_some()
        || !matches!(sig.safety, syn::Safety::Default)
        || sig.abi.is_some();
    (!qualified).then_some(sig.fn_token.span)
}

fn delimiter_span(delimiter: &syn::MacroDelimiter) -> TokenSpan {
    match delimiter {
        syn::MacroDelimiter::Paren(paren) => paren.span.join(),
        syn::MacroDelimiter::Brace(brace) => brace.span.join(),
        syn::MacroDelimiter::Bracket(bracket) => bracket.span.join(),
    }
}

fn path_first(path: &syn::Path) -> Option<TokenSpan> {
    match &path.leading_colon {
        Some(colons) => Some(colons.spans[0]),
        None => path.segments.first().map(|segment| segment.ident.span()),
    }
}

fn path_last(path: &syn::Path) -> Option<TokenSpan> {
    let segment = path.segments.last()?;
    segment.arguments.is_none().then(|| segment.ident.span())
}

fn unary_op_token(op: &syn::UnOp) -> Option<TokenSpan> {
    match op {
        syn::UnOp::Deref(token) => Some(token.span),
        syn::UnOp::Not(token) => Some(token.span),
        syn::UnOp::Neg(token) => Some(token.span),
        _ => None,
    }
}

/// The outer attributes of the expressions with a rule here.
fn attrs(expr: &syn::Expr) -> Option<&Vec<syn::Attribute>> {
    let attrs = match expr {
        syn::Expr::Lit(e) => &e.attrs,
        syn::Expr::Path(e) => &e.attrs,
        syn::Expr::Paren(e) => &e.attrs,
        syn::Expr::Tuple(e) => &e.attrs,
        syn::Expr::Unary(e) => &e.attrs,
        syn::Expr::Binary(e) => &e.attrs,
        syn::Expr::Assign(e) => &e.attrs,
        syn::Expr::Cast(e) => &e.attrs,
        syn::Expr::Block(e) => &e.attrs,
        syn::Expr::If(e) => &e.attrs,
        syn::Expr::While(e) => &e.attrs,
        syn::Expr::Loop(e) => &e.attrs,
        syn::Expr::ForLoop(e) => &e.attrs,
        syn::Expr::Break(e) => &e.attrs,
        syn::Expr::Continue(e) => &e.attrs,
        syn::Expr::Return(e) => &e.attrs,
        syn::Expr::Call(e) => &e.attrs,
        syn::Expr::MethodCall(e) => &e.attrs,
        syn::Expr::Match(e) => &e.attrs,
        syn::Expr::Macro(e) => &e.attrs,
        syn::Expr::Range(e) => &e.attrs,
        _ => return None,
    };
    Some(attrs)
}

/// Whether syn prints `expr` without attributes, which it would print first (and then
/// parenthesise some expressions).
fn without_attrs(expr: &syn::Expr) -> bool {
    attrs(expr).is_some_and(|attrs| attrs.is_empty())
}

/// The one token tree of an expression printed as a single token or delimited group.
fn single_token(expr: &syn::Expr) -> Option<TokenSpan> {
    match expr {
        syn::Expr::Lit(e) => Some(e.lit.span()),
        syn::Expr::Paren(e) => Some(e.paren_token.span.join()),
        syn::Expr::Tuple(e) => Some(e.paren_token.span.join()),
        syn::Expr::Block(e) if e.label.is_none() => Some(e.block.brace_token.span.join()),
        _ => None,
    }
}

/// The span of the first token syn prints for `expr`, if a rule here knows it. Expressions
/// with attributes or labels have none (syn prints those first, or parenthesises).
fn first_token(expr: &syn::Expr) -> Option<TokenSpan> {
    if !without_attrs(expr) {
        return None;
    }
    single_token(expr).or_else(|| match expr {
        syn::Expr::Path(e) if e.qself.is_none() => path_first(&e.path),
        syn::Expr::Unary(e) => unary_op_token(&e.op),
        syn::Expr::Binary(e) => first_token(&e.left),
        syn::Expr::Assign(e) => first_token(&e.left),
        syn::Expr::Cast(e) => first_token(&e.expr),
        syn::Expr::If(e) => Some(e.if_token.span),
        syn::Expr::While(e) if e.label.is_none() => Some(e.while_token.span),
        syn::Expr::Loop(e) if e.label.is_none() => Some(e.loop_token.span),
        syn::Expr::ForLoop(e) if e.label.is_none() => Some(e.for_token.span),
        syn::Expr::Break(e) => Some(e.break_token.span),
        syn::Expr::Continue(e) => Some(e.continue_token.span),
        syn::Expr::Return(e) => Some(e.return_token.span),
        syn::Expr::Call(e) => first_token(&e.func),
        syn::Expr::MethodCall(e) => first_token(&e.receiver),
        syn::Expr::Match(e) => Some(e.match_token.span),
        syn::Expr::Macro(e) => path_first(&e.mac.path),
        syn::Expr::Range(e) => first_token(e.start.as_ref()?),
        _ => None,
    })
}

/// The span of the last token syn prints for `expr`, if a rule here knows it.
fn last_token(expr: &syn::Expr) -> Option<TokenSpan> {
    if !without_attrs(expr) {
        return None;
    }
    single_token(expr).or_else(|| match expr {
        syn::Expr::Path(e) if e.qself.is_none() => path_last(&e.path),
        syn::Expr::Unary(e) => last_token(&e.expr),
        syn::Expr::Binary(e) => last_token(&e.right),
        syn::Expr::Assign(e) => last_token(&e.right),
        syn::Expr::Cast(e) => Some(e.ty.span()),
        syn::Expr::If(e) => match &e.else_branch {
            Some((_, els)) if matches!(**els, syn::Expr::If(_) | syn::Expr::Block(_)) => {
                last_token(els)
            }
            Some(_) => None,
            None => Some(e.then_branch.brace_token.span.join()),
        },
        syn::Expr::While(e) => Some(e.body.brace_token.span.join()),
        syn::Expr::Loop(e) => Some(e.body.brace_token.span.join()),
        syn::Expr::ForLoop(e) => Some(e.body.brace_token.span.join()),
        syn::Expr::Break(e) => match (&e.expr, &e.label) {
            // syn parenthesises an unlabelled break's value that starts with a label.
            (Some(value), None) => first_token(value).and_then(|_| last_token(value)),
            (Some(value), Some(_)) => last_token(value),
            (None, Some(label)) => Some(label.ident.span()),
            (None, None) => Some(e.break_token.span),
        },
        syn::Expr::Continue(e) => match &e.label {
            Some(label) => Some(label.ident.span()),
            None => Some(e.continue_token.span),
        },
        syn::Expr::Return(e) => match &e.expr {
            Some(value) => last_token(value),
            None => Some(e.return_token.span),
        },
        syn::Expr::Call(e) => Some(e.paren_token.span.join()),
        syn::Expr::MethodCall(e) => Some(e.paren_token.span.join()),
        syn::Expr::Match(e) => Some(e.brace_token.span.join()),
        syn::Expr::Macro(e) => Some(delimiter_span(&e.mac.delimiter)),
        syn::Expr::Range(e) => last_token(e.end.as_ref()?),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::visit::Visit;

    /// Compares every rule with syn's `Spanned` on each node of a file.
    #[derive(Default)]
    struct Compare {
        checked: usize,
        mismatches: Vec<String>,
    }

    impl Compare {
        fn check<T: Spanned>(&mut self, what: &str, fast: Span, node: &T) {
            self.checked += 1;
            let slow = token_span(node.span());
            if fast != slow {
                self.mismatches.push(format!("{what}: {fast} vs {slow}"));
            }
        }
    }

    /// A `Visit` method per rule: compare, then visit the node's children.
    macro_rules! compare_on {
        ($($visit:ident($node:ty) => $rule:ident, $children:ident;)*) => {
            impl<'ast> Visit<'ast> for Compare {
                $(fn $visit(&mut self, node: &'ast $node) {
                    self.check(stringify!($rule), $rule(node), node);
                    syn::visit::$children(self, node);
                })*
            }
        };
    }

    compare_on! {
        visit_expr(syn::Expr) => expr_span, visit_expr;
        visit_block(syn::Block) => block_span, visit_block;
        visit_local(syn::Local) => local_span, visit_local;
        visit_item_fn(syn::ItemFn) => item_fn_span, visit_item_fn;
        visit_macro(syn::Macro) => macro_span, visit_macro;
        visit_bin_op(syn::BinOp) => binop_span, visit_bin_op;
    }

    fn compare(source: &str) -> Compare {
        let file = syn::parse_file(source).expect("test source parses");
        let mut compare = Compare::default();
        compare.visit_file(&file);
        compare
    }

    #[test]
    fn spans_match_syn_on_every_node_kind() {
        let source = r#"
/// doc
#[inline]
fn f(a: i64) -> i64 { a }
pub fn g() {}
pub(crate) fn h() {}
const fn k() {}
fn main() {
    let x: i64 = (1 + 2) * -3 as i64;
    let mut y = !true && x < 4 || x >= 5;
    y = x == 6;
    x += 1;
    let t = ();
    'outer: for i in (0..10).rev() {
        while x > 0 { if i % 2 == 0 { break 'outer; } else if i > 5 { continue; } else { continue 'outer; } }
        loop { break x + 1; }
        'inner: loop { break 'inner 7; }
    }
    let z = match x { 0 => 1, n if n > 3 => { 2 } _ => f(x).max(1) };
    let r = if x > 0 { 1 } else { 2 };
    let w = { 3 };
    let v = std::env::args().len();
    let u = ::std::process::id;
    let s = 1..=x;
    let b = x << 2 >> 1 & 3 | 4 ^ 5 != 6 && x <= 7 || x > 8 || x / 9 <= x % 10 - 11;
    y >>= 1; y <<= 2; y &= 3; y |= 4; y ^= 5; y -= 6; y *= 7; y /= 8; y %= 9;
    println!("{} {}", x, y);
    assert_eq![x, 1];
    #[allow(unused)]
    let q = #[allow(unused)] 5;
    return;
}
"#;
        let compare = compare(source);
        assert!(compare.checked > 60, "only {} nodes", compare.checked);
        assert_eq!(compare.mismatches, Vec::<String>::new());
    }

    /// The spans of the binary operations and assignments syn finds in `file`; a
    /// parenthesised operation takes its parentheses' span, as the converter gives it
    /// (rustc's).
    #[derive(Default)]
    struct Operations {
        spans: Vec<String>,
        parenthesised: Option<Span>,
    }

    impl<'ast> Visit<'ast> for Operations {
        fn visit_expr_paren(&mut self, node: &'ast syn::ExprParen) {
            self.parenthesised = Some(token_span(node.span()));
            syn::visit::visit_expr_paren(self, node);
        }

        fn visit_expr_binary(&mut self, node: &'ast syn::ExprBinary) {
            let span = self.parenthesised.take();
            let span = span.unwrap_or_else(|| token_span(node.span()));
            self.spans.push(span.to_string());
            syn::visit::visit_expr_binary(self, node);
        }

        fn visit_expr_assign(&mut self, node: &'ast syn::ExprAssign) {
            self.spans.push(token_span(node.span()).to_string());
            syn::visit::visit_expr_assign(self, node);
        }

        fn visit_expr(&mut self, node: &'ast syn::Expr) {
            if !matches!(node, syn::Expr::Binary(_)) {
                self.parenthesised = None;
            }
            syn::visit::visit_expr(self, node);
        }
    }

    /// The converted operations' and assignments' spans (composed from their operands') are
    /// syn's.
    #[test]
    fn operations_span_their_operands_as_syn_does() {
        let source = "fn f(a: i64) -> i64 { a }\nfn main() {\n    let x: i64 = (1 + 2) * -3 as i64 - f(4) % (5);\n    let y = !true && x < 4 || (x >= 5) == (x != 6);\n    let z = { 1 } + if x > 0 { 2 } else { 3 } + match x { _ => 4 };\n    let w = x << 1 >> 2 & 3 | 4 ^ 5;\n    let mut v = 0;\n    v += x * 2;\n    (v) -= 1;\n    v = x + (1);\n    (v) = 2;\n    v <<= 1 + v;\n}\n";
        let parsed = syn::parse_file(source).expect("test source parses");
        let mut expected = Operations::default();
        expected.visit_file(&parsed);
        let (file, errors) = crate::syntax::convert_file(&parsed, crate::CrateKind::Tests);
        assert!(errors.is_empty(), "{errors:?}");
        let mut converted = Vec::new();
        for body in file.functions.iter().filter_map(|f| f.body.as_ref()) {
            body.walk(&mut |expr| {
                use crate::ast::ExprKind::{Assign, AssignOp, Binary};
                if let Binary(..) | AssignOp(..) | Assign(..) = expr.kind {
                    converted.push(expr.span.to_string());
                }
            });
        }
        expected.spans.sort();
        converted.sort();
        assert!(converted.len() > 15, "only {} operations", converted.len());
        assert_eq!(converted, expected.spans);
    }

    /// Every program of the differential corpus and every rejected program that parses.
    #[test]
    fn spans_match_syn_on_the_test_programs() {
        let mut checked = 0;
        for dir in ["corpus", "reject"] {
            let dir = format!("{}/../tests/{dir}", env!("CARGO_MANIFEST_DIR"));
            for entry in std::fs::read_dir(dir).expect("test directory") {
                let path = entry.expect("test entry").path();
                let source = std::fs::read_to_string(&path).expect("test program");
                if syn::parse_file(&source).is_err() {
                    continue;
                }
                let compare = compare(&source);
                assert_eq!(
                    compare.mismatches,
                    Vec::<String>::new(),
                    "{}",
                    path.display()
                );
                checked += compare.checked;
            }
        }
        assert!(checked > 1000, "only {checked} nodes");
    }
}
