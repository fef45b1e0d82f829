//! The subset AST: the part of Rust that clifcov accepts, built from `syn`'s syntax tree by
//! `syntax.rs`. Every expression has an [`ExprId`] and every binding a [`BindingId`], so the
//! type checker can record its results in side tables that lowering reads.

use clifcov_ir::{Span, Stream, TestAttrs, Ty};

use crate::const_lint::wrap;
use crate::lint_levels::LintAllows;

/// Index of an expression, unique within a file; side tables of the type checker use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(pub u32);

/// Index of a variable binding (parameter, `let`, `for` or match pattern), unique in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BindingId(pub u32);

impl ExprId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl BindingId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A parsed source file: its functions, plus the counts the side tables are sized by.
#[derive(Debug)]
pub struct File {
    pub functions: Vec<FnItem>,
    /// Functions left out because their signature is outside the subset.
    pub broken_fns: Vec<String>,
    /// Where `#[allow(..)]` turns off rustc's deny-by-default lints.
    pub allows: LintAllows,
    pub expr_count: usize,
    pub binding_count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug)]
pub struct FnItem {
    pub name: Ident,
    pub params: Vec<Param>,
    pub ret: Option<TyRef>,
    /// `None` when the body has constructs outside the subset (already reported).
    pub body: Option<Block>,
    pub test: Option<TestAttrs>,
    /// The whole item, attributes included.
    pub span: Span,
    /// From `fn` to the end of the return type (or the parameters' closing parenthesis).
    pub sig_span: Span,
}

#[derive(Debug)]
pub struct Param {
    pub pat: LetPat,
    pub ty: TyRef,
}

/// A type written in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TyRef {
    pub ty: Ty,
    pub span: Span,
}

/// A variable introduced by a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub id: BindingId,
    pub name: String,
    pub mutable: bool,
    /// The span of the name (of `mut name` when mutable).
    pub span: Span,
}

#[derive(Debug)]
pub struct Block {
    pub stmts: Vec<Stmt>,
    /// The final expression without a semicolon, which gives the block its value.
    pub tail: Option<Box<Expr>>,
    pub span: Span,
}

#[derive(Debug)]
pub enum Stmt {
    Let(Let),
    /// An expression statement; `semi` tells whether a semicolon ends it.
    Expr {
        expr: Expr,
        semi: bool,
    },
    /// A lone `;`.
    Empty,
}

#[derive(Debug)]
pub struct Let {
    pub pat: LetPat,
    pub ty: Option<TyRef>,
    pub init: Expr,
    /// From `let` to the semicolon included.
    pub span: Span,
}

#[derive(Debug)]
pub enum LetPat {
    Binding(Binding),
    Wild(Span),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The label without its quote.
    pub name: String,
    pub span: Span,
}

#[derive(Debug)]
pub struct Expr {
    pub id: ExprId,
    pub kind: ExprKind,
    pub span: Span,
}

/// An integer literal as written: its value, suffix and source text (`0x1F`, `1_000u8`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntLit {
    /// The value's low and high 64 bits: a `u128` would align every expression to 16 bytes.
    value: [u64; 2],
    pub suffix: Option<Ty>,
    pub text: String,
}

impl IntLit {
    pub fn new(value: u128, suffix: Option<Ty>, text: String) -> IntLit {
        IntLit {
            value: [value as u64, (value >> 64) as u64],
            suffix,
            text,
        }
    }

    pub fn value(&self) -> u128 {
        u128::from(self.value[0]) | (u128::from(self.value[1]) << 64)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
            BinaryOp::BitAnd => "&",
            BinaryOp::BitOr => "|",
            BinaryOp::BitXor => "^",
            BinaryOp::Shl => "<<",
            BinaryOp::Shr => ">>",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
        }
    }

    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        )
    }

    pub fn is_lazy(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or)
    }

    pub fn is_shift(self) -> bool {
        matches!(self, BinaryOp::Shl | BinaryOp::Shr)
    }

    pub fn is_bitwise(self) -> bool {
        matches!(self, BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor)
    }
}

/// A binary operator with the span of its token (`+`, `+=`), where rustc reports misuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operator {
    pub op: BinaryOp,
    pub span: Span,
}

/// A loop's iteration range: `start..end`, `start..=end`, optionally `.rev()`ed.
#[derive(Debug)]
pub struct RangeIter {
    pub start: Box<Expr>,
    pub end: Box<Expr>,
    pub inclusive: bool,
    /// The span of the `rev` method name, for `(a..b).rev()`.
    pub rev: Option<Span>,
    /// The span of the range `a..b` itself.
    pub span: Span,
}

#[derive(Debug)]
pub enum ExprKind {
    Int(IntLit),
    Bool(bool),
    /// `()`.
    Unit,
    Var(Ident),
    Paren(Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(Operator, Box<Expr>, Box<Expr>),
    /// `place = value`; the place is a `Var` expression.
    Assign(Box<Expr>, Box<Expr>),
    /// `place op= value`.
    AssignOp(Operator, Box<Expr>, Box<Expr>),
    Cast(Box<Expr>, TyRef),
    Block(Block),
    If {
        cond: Box<Expr>,
        then: Block,
        /// A `Block` or another `If` expression.
        els: Option<Box<Expr>>,
    },
    While {
        label: Option<Box<Label>>,
        cond: Box<Expr>,
        body: Block,
    },
    Loop {
        label: Option<Box<Label>>,
        body: Block,
    },
    For(Box<ForLoop>),
    Break {
        label: Option<Box<Label>>,
        value: Option<Box<Expr>>,
    },
    Continue {
        label: Option<Box<Label>>,
    },
    Return(Option<Box<Expr>>),
    Call {
        callee: Ident,
        args: Vec<Expr>,
    },
    /// `std::process::exit(code)`; `path` is the callee as written.
    ProcessExit {
        path: String,
        path_span: Span,
        code: Box<Expr>,
    },
    /// `std::env::args().len()`; `path` is the `args` function as written.
    ArgsLen {
        path: String,
        /// The span of the `std::env::args()` call.
        receiver_span: Span,
        /// The span of `len`.
        method_span: Span,
    },
    Match {
        scrutinee: Box<Expr>,
        arms: Vec<Arm>,
    },
    Macro(Box<Macro>),
}

/// A `for` loop over a range: the largest expression, kept out of line (labels are too), so
/// that every expression takes less memory.
#[derive(Debug)]
pub struct ForLoop {
    pub label: Option<Box<Label>>,
    pub pat: LetPat,
    pub range: RangeIter,
    pub body: Block,
}

#[derive(Debug)]
pub struct Arm {
    pub pat: Pat,
    pub guard: Option<Expr>,
    pub body: Expr,
}

/// A literal in a pattern: its value with the sign applied, and its source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatLit {
    pub value: i128,
    pub suffix: Option<Ty>,
    pub text: String,
    pub span: Span,
}

impl PatLit {
    /// The value the pattern matches on `ty` (see [`wrap`]).
    pub fn value_in(&self, ty: Ty) -> i128 {
        wrap(self.value, ty)
    }
}

#[derive(Debug)]
pub struct Pat {
    pub kind: PatKind,
    pub span: Span,
}

impl Pat {
    /// Whether the pattern matches `value` (an integer, or `bool` as 0 or 1).
    pub fn matches(&self, value: i128) -> bool {
        match &self.kind {
            PatKind::Wild | PatKind::Binding(_, None) => true,
            PatKind::Binding(_, Some(sub)) => sub.matches(value),
            PatKind::Int(lit) => lit.value == value,
            PatKind::Bool(b) => i128::from(*b) == value,
            PatKind::Range { lo, hi, inclusive } => {
                lo.as_ref().is_none_or(|lo| lo.value <= value)
                    && hi
                        .as_ref()
                        .is_none_or(|hi| value < hi.value || (*inclusive && value == hi.value))
            }
            PatKind::Or(alternatives) => alternatives.iter().any(|alt| alt.matches(value)),
        }
    }

    /// Whether matching the pattern needs a test of the value (it is not just bindings and
    /// wildcards).
    pub fn is_refutable(&self) -> bool {
        match &self.kind {
            PatKind::Wild | PatKind::Binding(_, None) => false,
            PatKind::Binding(_, Some(sub)) => sub.is_refutable(),
            _ => true,
        }
    }

    /// The bindings the pattern introduces, outermost first.
    pub fn bindings(&self) -> Vec<&Binding> {
        match &self.kind {
            PatKind::Binding(binding, sub) => {
                let mut out = vec![binding];
                out.extend(sub.iter().flat_map(|sub| sub.bindings()));
                out
            }
            PatKind::Or(alternatives) => alternatives.iter().flat_map(Pat::bindings).collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Debug)]
pub enum PatKind {
    Wild,
    /// `name` or `name @ subpattern`.
    Binding(Binding, Option<Box<Pat>>),
    Int(PatLit),
    Bool(bool),
    /// `lo..=hi`, `lo..hi`, `lo..` or `..=hi`.
    Range {
        lo: Option<PatLit>,
        hi: Option<PatLit>,
        inclusive: bool,
    },
    Or(Vec<Pat>),
}

/// A piece of a parsed format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FmtSegment {
    Text(String),
    /// The value of argument `index` of [`FormatArgs::args`]; `debug` for `{:?}`.
    Arg {
        index: usize,
        debug: bool,
    },
}

/// A format string and its arguments; `{name}` arguments appear as `Var` expressions in `args`.
#[derive(Debug)]
pub struct FormatArgs {
    pub segments: Vec<FmtSegment>,
    pub args: Vec<Expr>,
}

#[derive(Debug)]
pub enum MacroKind {
    Print {
        stream: Stream,
        newline: bool,
        format: FormatArgs,
    },
    Assert {
        cond: Box<Expr>,
        message: Option<FormatArgs>,
    },
    /// `assert_eq!` (`eq` true) or `assert_ne!`.
    AssertCmp {
        eq: bool,
        left: Box<Expr>,
        right: Box<Expr>,
        message: Option<FormatArgs>,
    },
    Panic(Option<FormatArgs>),
    Unreachable(Option<FormatArgs>),
    Todo(Option<FormatArgs>),
}

#[derive(Debug)]
pub struct Macro {
    pub kind: MacroKind,
    /// The macro's name with its `!`.
    pub name_span: Span,
    /// The invocation's tokens, which `assert!` messages print.
    pub call: MacroCall,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    Paren,
    Bracket,
    Brace,
}

/// A macro invocation as written: `path!(tokens)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacroCall {
    pub path: String,
    pub delim: Delimiter,
    pub tokens: Vec<TokenTree>,
}

/// One token of a macro's input, with whether whitespace follows it in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenTree {
    pub kind: TokenKind,
    pub spaced: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Ident(String),
    Literal(String),
    /// An operator or other punctuation, multi-character ones (`==`, `::`) as one token.
    Punct(String),
    /// A delimited group; `open_spaced` tells whether whitespace follows the opening delimiter.
    Group {
        delim: Delimiter,
        open_spaced: bool,
        tokens: Vec<TokenTree>,
    },
}

impl Expr {
    /// The expression inside any parentheses.
    pub fn strip_parens(&self) -> &Expr {
        match &self.kind {
            ExprKind::Paren(inner) => inner.strip_parens(),
            _ => self,
        }
    }

    /// Calls `f` on every direct subexpression, in evaluation order (blocks' contents
    /// included).
    pub fn for_each_child<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        match &self.kind {
            ExprKind::Int(_)
            | ExprKind::Bool(_)
            | ExprKind::Unit
            | ExprKind::Var(_)
            | ExprKind::Continue { .. }
            | ExprKind::ArgsLen { .. } => {}
            ExprKind::Paren(e) | ExprKind::Unary(_, e) | ExprKind::Cast(e, _) => f(e),
            ExprKind::Binary(_, a, b) | ExprKind::Assign(a, b) | ExprKind::AssignOp(_, a, b) => {
                f(a);
                f(b);
            }
            ExprKind::Block(block) | ExprKind::Loop { body: block, .. } => block.for_each_expr(f),
            ExprKind::If { cond, then, els } => {
                f(cond);
                then.for_each_expr(f);
                if let Some(els) = els {
                    f(els);
                }
            }
            ExprKind::While { cond, body, .. } => {
                f(cond);
                body.for_each_expr(f);
            }
            ExprKind::For(for_loop) => {
                f(&for_loop.range.start);
                f(&for_loop.range.end);
                for_loop.body.for_each_expr(f);
            }
            ExprKind::Break { value, .. } | ExprKind::Return(value) => {
                if let Some(value) = value {
                    f(value);
                }
            }
            ExprKind::Call { args, .. } => args.iter().for_each(f),
            ExprKind::ProcessExit { code, .. } => f(code),
            ExprKind::Match { scrutinee, arms } => {
                f(scrutinee);
                for arm in arms {
                    if let Some(guard) = &arm.guard {
                        f(guard);
                    }
                    f(&arm.body);
                }
            }
            ExprKind::Macro(mac) => mac.kind.for_each_expr(f),
        }
    }

    /// Calls `f` on the expression and every expression inside it, outermost first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        self.for_each_child(&mut |child| child.walk(f));
    }

    /// True when evaluating the expression may assign to a variable.
    pub fn may_assign(&self) -> bool {
        matches!(self.kind, ExprKind::Assign(..) | ExprKind::AssignOp(..)) || {
            let mut assigns = false;
            self.for_each_child(&mut |child| assigns = assigns || child.may_assign());
            assigns
        }
    }
}

impl Block {
    /// The lines the block spans: how much work the passes over it do, roughly.
    pub fn lines(&self) -> usize {
        (self.span.hi.line.saturating_sub(self.span.lo.line) + 1) as usize
    }

    /// Calls `f` on each of the block's own expressions: `let` initialisers, expression
    /// statements, the tail.
    pub fn for_each_expr<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        for stmt in &self.stmts {
            match stmt {
                Stmt::Let(local) => f(&local.init),
                Stmt::Expr { expr, .. } => f(expr),
                Stmt::Empty => {}
            }
        }
        if let Some(tail) = &self.tail {
            f(tail);
        }
    }

    /// Calls `f` on every expression of the block, outermost first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        self.for_each_expr(&mut |expr| expr.walk(f));
    }
}

impl MacroKind {
    fn for_each_expr<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        let message = match self {
            MacroKind::Print { format, .. } => Some(format),
            MacroKind::Assert { cond, message } => {
                f(cond);
                message.as_ref()
            }
            MacroKind::AssertCmp {
                left,
                right,
                message,
                ..
            } => {
                f(left);
                f(right);
                message.as_ref()
            }
            MacroKind::Panic(message)
            | MacroKind::Unreachable(message)
            | MacroKind::Todo(message) => message.as_ref(),
        };
        if let Some(format) = message {
            format.args.iter().for_each(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A program has an expression every few bytes of source, so their size is most of the
    /// syntax tree's memory: large variants are boxed and integer literals aligned to 8.
    #[test]
    fn expressions_stay_small() {
        assert!(std::mem::size_of::<Expr>() <= 96);
        assert_eq!(std::mem::align_of::<Expr>(), 8);
    }

    #[test]
    fn integer_literals_keep_all_128_bits() {
        for value in [
            0,
            1,
            u128::from(u64::MAX),
            u128::from(u64::MAX) + 1,
            u128::MAX,
        ] {
            assert_eq!(IntLit::new(value, None, String::new()).value(), value);
        }
    }
}
