//! Moves the expression and binding ids of converted functions up by fixed amounts: the
//! parts of a file converted on different threads each number from zero, and numbering the
//! file in order puts each part's ids after those of the parts before it.

use crate::ast::*;

/// Numbers of expressions and bindings: those given ids so far, and how far to move the ids
/// of a part converted after them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IdCounts {
    pub exprs: u32,
    pub bindings: u32,
}

impl IdCounts {
    /// The counts of two parts together.
    pub fn plus(self, other: IdCounts) -> IdCounts {
        IdCounts {
            exprs: self.exprs + other.exprs,
            bindings: self.bindings + other.bindings,
        }
    }

    /// Moves every id in the function up by these counts.
    pub fn shift(self, function: &mut FnItem) {
        for param in &mut function.params {
            self.let_pat(&mut param.pat);
        }
        if let Some(body) = &mut function.body {
            self.block(body);
        }
    }

    fn binding(self, binding: &mut Binding) {
        binding.id.0 += self.bindings;
    }

    fn let_pat(self, pat: &mut LetPat) {
        if let LetPat::Binding(binding) = pat {
            self.binding(binding);
        }
    }

    fn pat(self, pat: &mut Pat) {
        match &mut pat.kind {
            PatKind::Binding(binding, sub) => {
                self.binding(binding);
                if let Some(sub) = sub {
                    self.pat(sub);
                }
            }
            PatKind::Or(alternatives) => alternatives.iter_mut().for_each(|p| self.pat(p)),
            PatKind::Wild | PatKind::Int(_) | PatKind::Bool(_) | PatKind::Range { .. } => {}
        }
    }

    fn block(self, block: &mut Block) {
        for stmt in &mut block.stmts {
            match stmt {
                Stmt::Let(local) => {
                    self.let_pat(&mut local.pat);
                    self.expr(&mut local.init);
                }
                Stmt::Expr { expr, .. } => self.expr(expr),
                Stmt::Empty => {}
            }
        }
        self.optional(&mut block.tail);
    }

    fn optional(self, expr: &mut Option<Box<Expr>>) {
        if let Some(expr) = expr {
            self.expr(expr);
        }
    }

    fn expr(self, expr: &mut Expr) {
        expr.id.0 += self.exprs;
        match &mut expr.kind {
            ExprKind::Int(_)
            | ExprKind::Bool(_)
            | ExprKind::Unit
            | ExprKind::Var(_)
            | ExprKind::Continue { .. }
            | ExprKind::ArgsLen { .. } => {}
            ExprKind::Paren(inner) | ExprKind::Unary(_, inner) | ExprKind::Cast(inner, _) => {
                self.expr(inner)
            }
            ExprKind::Binary(_, a, b) | ExprKind::Assign(a, b) | ExprKind::AssignOp(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Block(block) | ExprKind::Loop { body: block, .. } => self.block(block),
            ExprKind::If { cond, then, els } => {
                self.expr(cond);
                self.block(then);
                self.optional(els);
            }
            ExprKind::While { cond, body, .. } => {
                self.expr(cond);
                self.block(body);
            }
            ExprKind::For(for_loop) => {
                let ForLoop {
                    pat, range, body, ..
                } = &mut **for_loop;
                self.let_pat(pat);
                self.expr(&mut range.start);
                self.expr(&mut range.end);
                self.block(body);
            }
            ExprKind::Break { value, .. } | ExprKind::Return(value) => self.optional(value),
            ExprKind::Call { args, .. } => args.iter_mut().for_each(|arg| self.expr(arg)),
            ExprKind::ProcessExit { code, .. } => self.expr(code),
            ExprKind::Match { scrutinee, arms } => {
                self.expr(scrutinee);
                for arm in arms {
                    self.pat(&mut arm.pat);
                    if let Some(guard) = &mut arm.guard {
                        self.expr(guard);
                    }
                    self.expr(&mut arm.body);
                }
            }
            ExprKind::Macro(mac) => self.macro_kind(&mut mac.kind),
        }
    }

    fn macro_kind(self, kind: &mut MacroKind) {
        match kind {
            MacroKind::Print { format, .. } => self.format(format),
            MacroKind::Assert { cond, message } => {
                self.expr(cond);
                self.message(message);
            }
            MacroKind::AssertCmp {
                left,
                right,
                message,
                ..
            } => {
                self.expr(left);
                self.expr(right);
                self.message(message);
            }
            MacroKind::Panic(message)
            | MacroKind::Unreachable(message)
            | MacroKind::Todo(message) => self.message(message),
        }
    }

    fn message(self, message: &mut Option<FormatArgs>) {
        if let Some(format) = message {
            self.format(format);
        }
    }

    fn format(self, format: &mut FormatArgs) {
        format.args.iter_mut().for_each(|arg| self.expr(arg));
    }
}
