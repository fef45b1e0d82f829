//! Prints an expression as rustc's `assert!` message does (`assertion failed: x > 0`): rustc
//! pretty-prints the parsed expression with normalised spacing and its own line breaking, so
//! this mirrors the boxes and breaks of rustc's AST pretty printer.

use crate::ast::*;
use crate::layout::Doc;

const INDENT: isize = 4;

/// The expression as rustc's pretty printer writes it.
pub fn expr_to_string(expr: &Expr) -> String {
    let mut printer = Printer {
        doc: Doc::default(),
    };
    printer.expr(expr);
    printer.doc.render()
}

struct Printer {
    doc: Doc,
}

impl Printer {
    fn word(&mut self, text: impl Into<String>) {
        self.doc.text(text);
    }

    fn space(&mut self) {
        self.doc.space();
    }

    fn word_space(&mut self, text: &str) {
        self.word(text);
        self.space();
    }

    fn word_nbsp(&mut self, text: &str) {
        self.word(text);
        self.word(" ");
    }

    fn space_if_not_bol(&mut self) {
        if !self.doc.is_empty() {
            self.space();
        }
    }

    fn expr(&mut self, expr: &Expr) {
        self.doc.ibox(INDENT);
        match &expr.kind {
            ExprKind::Int(lit) => self.word(lit.text.clone()),
            ExprKind::Bool(b) => self.word(b.to_string()),
            ExprKind::Unit => self.word("()"),
            ExprKind::Var(ident) => self.word(ident.name.clone()),
            ExprKind::Paren(inner) => {
                self.word("(");
                self.expr(inner);
                self.word(")");
            }
            ExprKind::Unary(op, operand) => {
                self.word(match op {
                    UnaryOp::Neg => "-",
                    UnaryOp::Not => "!",
                });
                self.expr(operand);
            }
            ExprKind::Binary(op, lhs, rhs) => self.infix(lhs, op.op.symbol(), rhs),
            ExprKind::Assign(place, value) => self.infix(place, "=", value),
            ExprKind::AssignOp(op, place, value) => {
                self.infix(place, &format!("{}=", op.op.symbol()), value)
            }
            ExprKind::Cast(value, ty) => {
                self.expr(value);
                self.space();
                self.word_space("as");
                self.doc.ibox(0);
                self.word(ty.ty.name());
                self.doc.end();
            }
            ExprKind::Block(block) => {
                self.doc.cbox(0);
                self.doc.ibox(0);
                self.block(block, true);
            }
            ExprKind::If { cond, then, els } => self.if_expr(cond, then, els.as_deref()),
            ExprKind::While { label, cond, body } => {
                self.label(label.as_deref());
                self.doc.cbox(0);
                self.doc.ibox(0);
                self.word_nbsp("while");
                self.expr(cond);
                self.space();
                self.block(body, true);
            }
            ExprKind::Loop { label, body } => {
                self.doc.cbox(0);
                self.doc.ibox(0);
                self.label(label.as_deref());
                self.word_nbsp("loop");
                self.block(body, true);
            }
            ExprKind::For(for_loop) => self.for_loop(for_loop),
            ExprKind::Break { label, value } => {
                self.word("break");
                if let Some(label) = label {
                    self.space();
                    self.word(format!("'{}", label.name));
                }
                if let Some(value) = value {
                    self.space();
                    self.expr(value);
                }
            }
            ExprKind::Continue { label } => {
                self.word("continue");
                if let Some(label) = label {
                    self.space();
                    self.word(format!("'{}", label.name));
                }
            }
            ExprKind::Return(value) => {
                self.word("return");
                if let Some(value) = value {
                    self.word(" ");
                    self.expr(value);
                }
            }
            ExprKind::Call { callee, args } => {
                self.path_expr(&callee.name);
                self.call_args(args);
            }
            ExprKind::ProcessExit { path, code, .. } => {
                self.path_expr(path);
                self.call_args(std::slice::from_ref(&**code));
            }
            ExprKind::ArgsLen { path, .. } => {
                self.doc.ibox(INDENT);
                self.path_expr(path);
                self.call_args(&[]);
                self.doc.end();
                self.word(".");
                self.word("len");
                self.call_args(&[]);
            }
            ExprKind::Match { scrutinee, arms } => self.match_expr(scrutinee, arms),
            ExprKind::Macro(mac) => self.macro_call(&mac.call),
        }
        self.doc.end();
    }

    fn infix(&mut self, lhs: &Expr, op: &str, rhs: &Expr) {
        self.expr(lhs);
        self.space();
        self.word_space(op);
        self.expr(rhs);
    }

    fn path_expr(&mut self, path: &str) {
        self.doc.ibox(INDENT);
        self.word(path);
        self.doc.end();
    }

    fn call_args(&mut self, args: &[Expr]) {
        self.word("(");
        self.doc.ibox(0);
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                self.word(",");
                self.space_if_not_bol();
            }
            self.expr(arg);
        }
        self.doc.end();
        self.word(")");
    }

    fn for_loop(&mut self, for_loop: &ForLoop) {
        self.label(for_loop.label.as_deref());
        self.doc.cbox(0);
        self.doc.ibox(0);
        self.word_nbsp("for");
        self.let_pat(&for_loop.pat);
        self.space();
        self.word_space("in");
        self.range(&for_loop.range);
        self.space();
        self.block(&for_loop.body, true);
    }

    fn label(&mut self, label: Option<&Label>) {
        if let Some(label) = label {
            self.word(format!("'{}", label.name));
            self.word_space(":");
        }
    }

    /// The iterated range, as the expression `a..b` or the method call `(a..b).rev()`.
    fn range(&mut self, range: &RangeIter) {
        if range.rev.is_some() {
            self.doc.ibox(INDENT);
            self.doc.ibox(INDENT);
            self.word("(");
        }
        self.doc.ibox(INDENT);
        self.expr(&range.start);
        self.word(if range.inclusive { "..=" } else { ".." });
        self.expr(&range.end);
        self.doc.end();
        if range.rev.is_some() {
            self.word(")");
            self.doc.end();
            self.word(".");
            self.word("rev");
            self.call_args(&[]);
            self.doc.end();
        }
    }

    /// A block whose head box (holding what precedes `{`) is open; closes the head box after
    /// `{` and, when `close_outer`, the block's consistent box after `}`.
    fn block(&mut self, block: &Block, close_outer: bool) {
        self.word("{");
        self.doc.end();
        for stmt in &block.stmts {
            self.stmt(stmt);
        }
        if let Some(tail) = &block.tail {
            self.space_if_not_bol();
            self.stmt_expr(tail);
        }
        if !(block.stmts.is_empty() && block.tail.is_none()) {
            self.doc.brk(1, -INDENT);
        }
        self.word("}");
        if close_outer {
            self.doc.end();
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Let(local) => {
                self.space_if_not_bol();
                self.doc.ibox(INDENT);
                self.word_nbsp("let");
                self.doc.ibox(INDENT);
                self.let_pat(&local.pat);
                if let Some(ty) = &local.ty {
                    self.word_space(":");
                    self.doc.ibox(0);
                    self.word(ty.ty.name());
                    self.doc.end();
                }
                self.doc.end();
                self.word(" ");
                self.word_space("=");
                self.expr(&local.init);
                self.word(";");
                self.doc.end();
            }
            Stmt::Expr { expr, semi, .. } => {
                self.space_if_not_bol();
                self.stmt_expr(expr);
                if *semi {
                    self.word(";");
                }
            }
            Stmt::Empty => {
                self.space_if_not_bol();
                self.word(";");
            }
        }
    }

    /// An expression in statement position: a macro there is a statement of its own, which
    /// rustc prints without an expression's box.
    fn stmt_expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Macro(mac) => self.macro_call(&mac.call),
            _ => self.expr(expr),
        }
    }

    fn let_pat(&mut self, pat: &LetPat) {
        match pat {
            LetPat::Binding(binding) => self.binding(binding),
            LetPat::Wild(_) => self.word("_"),
        }
    }

    fn binding(&mut self, binding: &Binding) {
        if binding.mutable {
            self.word_nbsp("mut");
        }
        self.word(binding.name.clone());
    }

    fn if_expr(&mut self, cond: &Expr, then: &Block, els: Option<&Expr>) {
        self.doc.cbox(0);
        self.doc.ibox(0);
        self.word_nbsp("if");
        self.expr(cond);
        self.space();
        self.block(then, true);
        let mut els = els;
        while let Some(branch) = els {
            self.doc.cbox(0);
            self.doc.ibox(0);
            match &branch.kind {
                ExprKind::If {
                    cond,
                    then,
                    els: next,
                } => {
                    self.word(" else if ");
                    self.expr(cond);
                    self.space();
                    self.block(then, true);
                    els = next.as_deref();
                }
                ExprKind::Block(block) => {
                    self.word(" else ");
                    self.block(block, true);
                    els = None;
                }
                _ => {
                    self.word(" else ");
                    self.word("{");
                    self.doc.end();
                    self.word("}");
                    self.doc.end();
                    els = None;
                }
            }
        }
    }

    fn match_expr(&mut self, scrutinee: &Expr, arms: &[Arm]) {
        self.doc.cbox(0);
        self.doc.ibox(0);
        self.word_nbsp("match");
        self.expr(scrutinee);
        self.space();
        self.word("{");
        self.doc.end();
        for arm in arms {
            self.arm(arm);
        }
        if !arms.is_empty() {
            self.doc.brk(1, -INDENT);
        }
        self.word("}");
        self.doc.end();
    }

    fn arm(&mut self, arm: &Arm) {
        self.space();
        self.doc.cbox(INDENT);
        self.doc.ibox(0);
        self.pat(&arm.pat);
        self.space();
        if let Some(guard) = &arm.guard {
            self.word_space("if");
            self.expr(guard);
            self.space();
        }
        self.word_space("=>");
        match &arm.body.kind {
            ExprKind::Block(block) => self.block(block, false),
            _ => {
                self.doc.end();
                self.expr(&arm.body);
                self.word(",");
            }
        }
        self.doc.end();
    }

    fn pat(&mut self, pat: &Pat) {
        match &pat.kind {
            PatKind::Wild => self.word("_"),
            PatKind::Binding(binding, sub) => {
                self.binding(binding);
                if let Some(sub) = sub {
                    self.space();
                    self.word_space("@");
                    self.pat(sub);
                }
            }
            PatKind::Int(lit) => self.pat_lit(lit),
            PatKind::Bool(b) => self.pat_word(&b.to_string()),
            PatKind::Range { lo, hi, inclusive } => {
                if let Some(lo) = lo {
                    self.pat_lit(lo);
                }
                self.word(if *inclusive { "..=" } else { ".." });
                if let Some(hi) = hi {
                    self.pat_lit(hi);
                }
            }
            PatKind::Or(alternatives) => {
                self.doc.ibox(0);
                for (i, alternative) in alternatives.iter().enumerate() {
                    if i > 0 {
                        self.space();
                        self.word_space("|");
                    }
                    self.pat(alternative);
                }
                self.doc.end();
            }
        }
    }

    /// A literal pattern prints as the expression it is (so inside an expression box).
    fn pat_lit(&mut self, lit: &PatLit) {
        self.pat_word(&lit.text);
    }

    fn pat_word(&mut self, text: &str) {
        self.doc.ibox(INDENT);
        self.word(text);
        self.doc.end();
    }

    fn macro_call(&mut self, call: &MacroCall) {
        if call.delim == Delimiter::Brace {
            self.doc.cbox(INDENT);
        }
        self.word(call.path.clone());
        self.word("!");
        if call.delim == Delimiter::Brace {
            self.word(" ");
        }
        self.delimited(call.delim, true, &call.tokens);
    }

    fn delimited(&mut self, delim: Delimiter, open_spaced: bool, tokens: &[TokenTree]) {
        let (open, close) = match delim {
            Delimiter::Paren => ("(", ")"),
            Delimiter::Bracket => ("[", "]"),
            Delimiter::Brace => ("{", "}"),
        };
        self.word(open);
        let brace_space = delim == Delimiter::Brace && open_spaced && !tokens.is_empty();
        if brace_space {
            self.space();
        }
        self.doc.ibox(0);
        self.tokens(tokens);
        self.doc.end();
        if brace_space {
            self.doc.brk(1, -INDENT);
        }
        self.word(close);
        if delim == Delimiter::Brace {
            self.doc.end();
        }
    }

    fn tokens(&mut self, tokens: &[TokenTree]) {
        for (i, token) in tokens.iter().enumerate() {
            match &token.kind {
                TokenKind::Ident(text) | TokenKind::Literal(text) | TokenKind::Punct(text) => {
                    self.word(text.clone())
                }
                TokenKind::Group {
                    delim,
                    open_spaced,
                    tokens,
                } => {
                    if *delim == Delimiter::Brace {
                        self.doc.cbox(INDENT);
                    }
                    self.delimited(*delim, *open_spaced, tokens);
                }
            }
            if let Some(next) = tokens.get(i + 1) {
                if token.spaced && space_between(&token.kind, &next.kind) {
                    self.space();
                }
            }
        }
    }
}

/// rustc's keywords (2021 edition), which its token printer does not glue to `(` or `!`.
const KEYWORDS: [&str; 51] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Whether rustc's token printer separates two tokens that had whitespace between them.
fn space_between(first: &TokenKind, second: &TokenKind) -> bool {
    let is_punct = |kind: &TokenKind| matches!(kind, TokenKind::Punct(_));
    let glues_to_call =
        |name: &str| !KEYWORDS.contains(&name) || matches!(name, "fn" | "Self" | "pub");
    match (first, second) {
        (TokenKind::Punct(p), second) if p == "." && !is_punct(second) => false,
        (first, TokenKind::Punct(p))
            if !is_punct(first) && matches!(p.as_str(), "," | ";" | ".") =>
        {
            false
        }
        (TokenKind::Ident(name), TokenKind::Punct(p)) if p == "!" => {
            KEYWORDS.contains(&name.as_str())
        }
        (
            TokenKind::Ident(name),
            TokenKind::Group {
                delim: Delimiter::Paren,
                ..
            },
        ) => !glues_to_call(name),
        (
            TokenKind::Punct(p),
            TokenKind::Group {
                delim: Delimiter::Bracket,
                ..
            },
        ) if p == "#" => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Converter;

    fn pretty(source: &str) -> String {
        let expr: syn::Expr = syn::parse_str(source).expect("parses");
        let mut converter = Converter::default();
        let expr = converter.convert_expr(&expr);
        let expr = expr.unwrap_or_else(|| panic!("{source}: {:?}", converter.errors));
        expr_to_string(&expr)
    }

    /// Each pair: an `assert!` condition as written, and the text after `assertion failed: `
    /// that rustc 1.95 printed for it.
    const FLAT: &[(&str, &str)] = &[
        ("( x + 1 ) * 2 ==  7", "(x + 1) * 2 == 7"),
        ("b == true || x < -3", "b == true || x < -3"),
        ("- x == 5", "-x == 5"),
        ("x as u8 == 5u8", "x as u8 == 5u8"),
        ("x == 0x1F", "x == 0x1F"),
        ("x == 1_000", "x == 1_000"),
        ("{ x } == 5", "{ x } == 5"),
        ("{ let y = x; y + 1 } == 5", "{ let y = x; y + 1 } == 5"),
        (
            "if x > 3 { true } else { false }",
            "if x > 3 { true } else { false }",
        ),
        ("std::env::args().len() == 7", "std::env::args().len() == 7"),
        ("x<<2==x>>1", "x << 2 == x >> 1"),
        ("(x%2!=0)&(x^1==x|3)", "(x % 2 != 0) & (x ^ 1 == x | 3)"),
        ("f(x, -1,) > 0", "f(x, -1) > 0"),
        ("b&&!b", "b && !b"),
        ("(b)", "(b)"),
        ("x == -(1)", "x == -(1)"),
        ("x == - 1i32", "x == -1i32"),
        (
            "x == (1 + 2) as i32 && { b }",
            "x == (1 + 2) as i32 && { b }",
        ),
        (
            "x >= 3 && x <= 4 && !(x != 2)",
            "x >= 3 && x <= 4 && !(x != 2)",
        ),
        (
            "x == {\n        let z = 3;\n        z\n    }",
            "x == { let z = 3; z }",
        ),
        ("x == loop { break 3; }", "x == loop { break 3; }"),
        (
            "x == 'a: loop { break 'a 3; }",
            "x == 'a: loop { break 'a 3; }",
        ),
        (
            "x == { let mut s = 0; for i in 0..3 { s += i; } while s > 100 { s -= 1; } s }",
            "x == { let mut s = 0; for i in 0..3 { s += i; } while s > 100 { s -= 1; } s }",
        ),
        (
            "match x { 1 => { true } _ => { false } }",
            "match x { 1 => { true } _ => { false } }",
        ),
        (
            "match x { 1 => true, _ => false }",
            "match x { 1 => true, _ => false, }",
        ),
        (
            "if x > 30 { true } else if x < 2 { true } else { false }",
            "if x > 30 { true } else if x < 2 { true } else { false }",
        ),
        (
            "x == { println!(\"hi {}\", x); 3 }",
            "x == { println!(\"hi {}\", x); 3 }",
        ),
        (
            "x == { println!( \"hi {x}\" , ); 3 }",
            "x == { println!(\"hi {x}\",); 3 }",
        ),
        ("x == { assert_eq!(x,x); 3 }", "x == { assert_eq!(x,x); 3 }"),
        (
            "x == { let _ = 3; let mut q: u8 = 3; q += 1; q = 2; 3 }",
            "x == { let _ = 3; let mut q: u8 = 3; q += 1; q = 2; 3 }",
        ),
        (
            "x == { if x > 3 { println!(\"a\") } else { println!(\"b\") }; 3 }",
            "x == { if x > 3 { println!(\"a\") } else { println!(\"b\") }; 3 }",
        ),
        (
            "x == { for _ in (0..3).rev() {} 3 }",
            "x == { for _ in (0..3).rev() {} 3 }",
        ),
        ("x == -(-3)", "x == -(-3)"),
        ("x == !(!3)", "x == !(!3)"),
        ("x == 0b11 + 0o7 + 3_i32", "x == 0b11 + 0o7 + 3_i32"),
        ("x == { ; 3 }", "x == { ; 3 }"),
    ];

    #[test]
    fn short_expressions_print_on_one_line() {
        for (source, expected) in FLAT {
            assert_eq!(pretty(source), *expected, "for {source}");
        }
    }

    /// Longer than rustc's 78-column margin: the breaks are rustc's.
    #[test]
    fn long_expressions_break_like_rustc() {
        let cases = [
            (
                "x > 1111111111 && x > 1111111111 && x > 1111111111 && x > 1111111111 && x > 1111111111 && x > 1111111111 && x > 1111111111",
                "x > 1111111111 && x > 1111111111 && x > 1111111111 && x > 1111111111 &&\n            x > 1111111111 && x > 1111111111 && x > 1111111111",
            ),
            (
                "x + 1111111111 + 1111111111 + 1111111111 + 1111111111 + 1111111111 + 1111111111 == 7",
                "x + 1111111111 + 1111111111 + 1111111111 + 1111111111 + 1111111111 +\n        1111111111 == 7",
            ),
            (
                "x == { let y = 2222222222 + x * 3333333333 + 4444444444; let z = 5555555555 - y + 6666666666; y + z + 1 }",
                "x ==\n    {\n        let y = 2222222222 + x * 3333333333 + 4444444444;\n        let z = 5555555555 - y + 6666666666;\n        y + z + 1\n    }",
            ),
            (
                "f(1111111111111 + x, 2222222222222 * x, 3333333333333 - x, 4444444444444 / x) == 5555555555555",
                "f(1111111111111 + x, 2222222222222 * x, 3333333333333 - x, 4444444444444 / x)\n    == 5555555555555",
            ),
            (
                "match x { 1 => true, 2 | 3 => false, 4..=5 if x > 2 => true, y @ 7..=9 => y < 0, _ => x > 99999 }",
                "match x {\n    1 => true,\n    2 | 3 => false,\n    4..=5 if x > 2 => true,\n    y @ 7..=9 => y < 0,\n    _ => x > 99999,\n}",
            ),
            (
                "if x > 30000000000 { x < 100000000000 } else if x < 20000000000 { x > 300000000000 } else { false }",
                "if x > 30000000000 {\n    x < 100000000000\n} else if x < 20000000000 { x > 300000000000 } else { false }",
            ),
            (
                "x == { let mut s = 0; for i in 0..300000000 { s += i; if s > 5 { break; } } while s > 100000000 { s -= 1; } s }",
                "x ==\n    {\n        let mut s = 0;\n        for i in 0..300000000 { s += i; if s > 5 { break; } }\n        while s > 100000000 { s -= 1; }\n        s\n    }",
            ),
            (
                "x == { println!(\"a very long format string that goes on and on {} and on {}\", x, x + 1); 3 }",
                "x ==\n    {\n        println!(\"a very long format string that goes on and on {} and on {}\",\n        x, x + 1);\n        3\n    }",
            ),
        ];
        for (source, expected) in cases {
            assert_eq!(pretty(source), expected, "for {source}");
        }
    }
}
