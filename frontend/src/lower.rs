//! Lowers the type-checked AST to the IR, as rustc builds MIR: checked arithmetic made
//! explicit (`AssignWithOverflow` + `Assert`, division and shift checks), short-circuit
//! operators and `match` as control flow, loops over integer ranges, panics from the
//! assertion macros, and coverage span markers.

use std::collections::HashMap;
use std::sync::Mutex;

use clifcov_ir::{
    AssertMessage, BinOp, BlockId, Callee, FmtPiece, FuncId, Function, Local, LocalDecl, Operand,
    OverflowOp, Program, Rvalue, Span, StatementKind, TerminatorKind, Ty, UnOp,
};

use crate::ast::*;
use crate::builder::{bool_const, constant, unit, Builder};
use crate::const_lint::{fold_binary, fold_not, wrap, ConstLint};
use crate::diagnostics::Diagnostic;
use crate::infer::FinalTy;
use crate::lint_levels::LintAllows;
use crate::location::SourceLines;
use crate::match_tree::{Candidate, MatchBuilder};
use crate::ordered_map::map_in_order;
use crate::pretty::expr_to_string;
use crate::typeck::Typeck;

/// Lowers a file whose every function has a body (that is, one without errors); fails with
/// the errors of rustc's lints on operations with known operands. Each body is freed once
/// lowered (the functions keep their signatures), so that the IR reuses its memory.
pub fn lower_file(
    file: &mut File,
    typeck: &Typeck,
    path: &str,
    source: &str,
) -> Result<Program, Vec<Diagnostic>> {
    let lines = SourceLines::new(source);
    let bodies: Vec<Option<Block>> = file.functions.iter_mut().map(|f| f.body.take()).collect();
    let with_body: Vec<(&FnItem, Mutex<Option<Block>>)> = file
        .functions
        .iter()
        .zip(bodies)
        .filter_map(|(function, body)| Some((function, Mutex::new(Some(body?)))))
        .collect();
    let lowered = map_in_order(
        &with_body,
        |(_, body)| body_lines(body),
        |(function, body)| {
            let body = take_body(body);
            let mut lint = ConstLint::new(&file.allows);
            let lowered = FnLowering::new(function, &body, typeck, &lines, &mut lint).lower(&body);
            if lint.errors.is_empty() {
                Ok(lowered)
            } else {
                Err(body)
            }
        },
    );
    let mut functions = Vec::with_capacity(lowered.len());
    let mut linted = Vec::new();
    for ((function, _), result) in with_body.iter().zip(lowered) {
        match result {
            Ok(lowered) => functions.push(lowered),
            Err(body) => linted.push((*function, body)),
        }
    }
    if !linted.is_empty() {
        return Err(lint_errors(&linted, typeck, &lines, &file.allows));
    }
    Ok(Program {
        source_path: path.to_string(),
        crate_name: clifcov_ir::crate_name_from_path(path),
        functions,
    })
}

/// The size of a body not yet lowered, to take the largest first.
fn body_lines(body: &Mutex<Option<Block>>) -> usize {
    lock(body).as_ref().map_or(0, Block::lines)
}

/// The body to lower, which only its function's lowering takes.
fn take_body(body: &Mutex<Option<Block>>) -> Block {
    lock(body).take().expect("each body is lowered once")
}

fn lock(body: &Mutex<Option<Block>>) -> std::sync::MutexGuard<'_, Option<Block>> {
    body.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The errors of the lint run while lowering, which notes each lint's level on its first
/// report in the file: the functions that had errors lowered again in order, with one lint
/// (the others report nothing, and so leave it as it was).
fn lint_errors(
    linted: &[(&FnItem, Block)],
    typeck: &Typeck,
    lines: &SourceLines,
    allows: &LintAllows,
) -> Vec<Diagnostic> {
    let mut lint = ConstLint::new(allows);
    for (function, body) in linted {
        FnLowering::new(function, body, typeck, lines, &mut lint).lower(body);
    }
    lint.errors
}

/// The state of a `for` loop over a range: the bounds still to iterate, and for inclusive
/// ranges whether the last item was taken.
struct RangeState {
    lo: Local,
    hi: Local,
    done: Option<Local>,
    ty: Ty,
}

struct LoopScope {
    id: ExprId,
    break_block: BlockId,
    continue_block: BlockId,
    result: Option<Local>,
}

struct FnLowering<'a> {
    typeck: &'a Typeck,
    lines: &'a SourceLines<'a>,
    lint: &'a mut ConstLint,
    /// Locals whose value is known at compile time.
    known: HashMap<Local, i128>,
    b: Builder,
    vars: HashMap<BindingId, Local>,
    loops: Vec<LoopScope>,
    return_block: BlockId,
}

impl<'a> FnLowering<'a> {
    fn new(
        function: &FnItem,
        body: &Block,
        typeck: &'a Typeck,
        lines: &'a SourceLines<'a>,
        lint: &'a mut ConstLint,
    ) -> FnLowering<'a> {
        let ret = function.ret.map_or(Ty::Unit, |r| r.ty);
        let ret_span = function.ret.map_or(function.sig_span, |r| r.span);
        let mut locals = vec![LocalDecl {
            ty: ret,
            name: None,
            mutable: true,
            span: ret_span,
        }];
        let mut vars = HashMap::new();
        for (i, param) in function.params.iter().enumerate() {
            let (name, mutable, span) = match &param.pat {
                LetPat::Binding(binding) => {
                    vars.insert(binding.id, Local(i as u32 + 1));
                    (Some(binding.name.clone()), binding.mutable, binding.span)
                }
                LetPat::Wild(span) => (None, false, *span),
            };
            locals.push(LocalDecl {
                ty: param.ty.ty,
                name,
                mutable,
                span,
            });
        }
        let mut b = Builder::new(Function {
            name: function.name.name.clone(),
            arg_count: function.params.len(),
            locals,
            blocks: Vec::new(),
            span: function.span,
            sig_span: function.sig_span,
            body_span: body.span,
            test: function.test.clone(),
        });
        let return_block = b.new_block();
        FnLowering {
            typeck,
            lines,
            lint,
            known: HashMap::new(),
            b,
            vars,
            loops: Vec::new(),
            return_block,
        }
    }

    fn lower(mut self, body: &Block) -> Function {
        if let Some(value) = self.block(body, false) {
            let span = body.tail.as_ref().map_or(body.span, |t| t.span);
            self.b.assign(Local::RETURN, Rvalue::Use(value), span);
        }
        let close = last_char(body.span);
        self.b.goto(self.return_block, close);
        self.b.switch_to(self.return_block);
        self.b.mark(Span::new(body.span.hi, body.span.hi));
        self.b.terminate(TerminatorKind::Return, close);
        self.b.finish()
    }

    fn ty(&self, expr: &Expr) -> Ty {
        self.typeck.ty(expr).storage()
    }

    /// A local for the value of `expr`, unless its type has no values to keep.
    fn result_local(&mut self, expr: &Expr) -> Option<Local> {
        match self.typeck.ty(expr) {
            FinalTy::Ty(Ty::Unit) | FinalTy::Never | FinalTy::Error => None,
            FinalTy::Ty(ty) => Some(self.b.temp(ty, expr.span)),
        }
    }

    fn result_operand(result: Option<Local>) -> Operand {
        result.map_or_else(unit, Operand::Copy)
    }

    // ----- blocks and statements -----

    /// A block's statements and value. A block without a tail expression marks its own span
    /// where it ends, when `unit_marker` asks for it (branches, loop bodies; rustc assigns
    /// the `()` value with the block's span).
    fn block(&mut self, block: &Block, unit_marker: bool) -> Option<Operand> {
        for stmt in &block.stmts {
            if !self.b.reachable() {
                return None;
            }
            self.stmt(stmt);
        }
        if !self.b.reachable() {
            return None;
        }
        match &block.tail {
            Some(tail) => self.stored(tail),
            None => {
                if unit_marker {
                    self.b.mark(block.span);
                }
                Some(unit())
            }
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Let(local) => self.let_stmt(local),
            Stmt::Expr { expr, .. } => {
                self.expr(expr);
            }
            Stmt::Empty => {}
        }
    }

    fn let_stmt(&mut self, local: &Let) {
        let Some(value) = self.stored(&local.init) else {
            return;
        };
        match &local.pat {
            LetPat::Binding(binding) => {
                self.b.mark(binding.span);
                if let Some(ty) = &local.ty {
                    self.b.mark(ty.span);
                }
                let dest = self.bind(binding);
                let id = binding.id.index();
                if !self.typeck.reassigned[id] && !self.typeck.borrowed[id] {
                    let known = self.known_value(&value);
                    self.remember(Operand::Copy(dest), known);
                }
                self.b.assign(dest, Rvalue::Use(value), local.span);
            }
            LetPat::Wild(_) => {
                self.b.mark(local.init.span);
                if let Some(ty) = &local.ty {
                    self.b.mark(ty.span);
                }
            }
        }
    }

    /// A new local for a binding.
    fn bind(&mut self, binding: &Binding) -> Local {
        let ty = self.typeck.binding_ty(binding.id);
        let local = self.b.local(
            ty,
            Some(binding.name.clone()),
            binding.mutable,
            binding.span,
        );
        self.vars.insert(binding.id, local);
        local
    }

    fn var(&self, expr: &Expr) -> Local {
        let binding = self.typeck.var_res[expr.index()].expect("type checking resolved it");
        self.vars[&binding]
    }

    // ----- expressions -----

    /// Lowers an expression whose value is stored into a local or the return place: a
    /// constant stored so gets a marker of its own.
    fn stored(&mut self, expr: &Expr) -> Option<Operand> {
        let value = self.expr(expr)?;
        let computed = self.computing(expr);
        if is_constant(computed) {
            self.b.mark(computed.span);
        }
        Some(value)
    }

    /// The expression that computes the value of `expr`: parentheses and casts to the same
    /// type (which rustc drops) removed.
    fn computing<'e>(&self, expr: &'e Expr) -> &'e Expr {
        match &expr.kind {
            ExprKind::Paren(inner) => self.computing(inner),
            ExprKind::Cast(inner, ty) if self.ty(inner) == ty.ty => self.computing(inner),
            _ => expr,
        }
    }

    /// Lowers an expression of which rustc takes a reference (format arguments, `assert_eq!`
    /// operands): a variable is read in place, without the copy that marks it.
    fn reference(&mut self, expr: &Expr) -> Option<Operand> {
        let inner = expr.strip_parens();
        match inner.kind {
            ExprKind::Var(_) if self.b.reachable() => Some(Operand::Copy(self.var(inner))),
            _ if self.b.reachable() => match self.promoted_value(inner) {
                Some(value) if self.ty(inner) == Ty::Bool => Some(bool_const(value != 0)),
                Some(value) => Some(constant(self.ty(inner), value)),
                None => self.expr(expr),
            },
            _ => self.expr(expr),
        }
    }

    /// The value of an expression that rustc promotes to a constant when a reference is
    /// taken of it: literals combined by operators that cannot panic (`!`, `& | ^`,
    /// comparisons) and casts. rustc computes it outside the function, which so has no code
    /// and no coverage region for it.
    fn promoted_value(&self, expr: &Expr) -> Option<i128> {
        match &expr.kind {
            ExprKind::Int(lit) => Some(wrap(lit.value() as i128, self.ty(expr))),
            ExprKind::Bool(b) => Some(i128::from(*b)),
            ExprKind::Paren(inner) => self.promoted_value(inner),
            ExprKind::Unary(UnaryOp::Not, operand) => {
                Some(fold_not(self.ty(expr), self.promoted_value(operand)?))
            }
            ExprKind::Unary(UnaryOp::Neg, operand) => match &operand.strip_parens().kind {
                ExprKind::Int(lit) => Some(wrap(-(lit.value() as i128), self.ty(expr))),
                _ => None,
            },
            ExprKind::Binary(op, lhs, rhs) => {
                let (l, r) = (self.promoted_value(lhs)?, self.promoted_value(rhs)?);
                fold_binary(op.op, l, r)
            }
            ExprKind::Cast(inner, ty) => Some(wrap(self.promoted_value(inner)?, ty.ty)),
            _ => None,
        }
    }

    /// Lowers an expression; `None` when control does not come back from it. Reading a
    /// variable marks its span: rustc copies it into a temporary.
    fn expr(&mut self, expr: &Expr) -> Option<Operand> {
        if !self.b.reachable() {
            return None;
        }
        match &expr.kind {
            ExprKind::Int(lit) => {
                let ty = self.ty(expr);
                Some(constant(ty, wrap(lit.value() as i128, ty)))
            }
            ExprKind::Bool(b) => Some(bool_const(*b)),
            ExprKind::Unit => Some(unit()),
            ExprKind::Var(_) => {
                self.b.mark(expr.span);
                Some(Operand::Copy(self.var(expr)))
            }
            ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::Unary(op, operand) => self.unary(expr, *op, operand),
            ExprKind::Binary(op, lhs, rhs) => self.binary(expr, op.op, lhs, rhs),
            ExprKind::Assign(place, value) => {
                let value = self.expr(value)?;
                let dest = self.var(place.strip_parens());
                self.b.mark(expr.span);
                self.b.assign(dest, Rvalue::Use(value), expr.span);
                Some(unit())
            }
            ExprKind::AssignOp(op, place, value) => {
                let rhs = self.expr(value)?;
                let dest = self.var(place.strip_parens());
                let ty = self.b.func.local_ty(dest);
                self.b.mark(expr.span);
                let result = self.arith(op.op, ty, Operand::Copy(dest), rhs, expr.span)?;
                self.b.assign(dest, Rvalue::Use(result), expr.span);
                Some(unit())
            }
            ExprKind::Cast(value, target) => {
                let operand = self.expr(value)?;
                if self.ty(value) == target.ty {
                    return Some(operand);
                }
                self.b.mark(expr.span);
                let folded = self.known_value(&operand).map(|v| wrap(v, target.ty));
                let cast = Rvalue::Cast(operand, target.ty);
                let result = self.b.assign_temp(target.ty, cast, expr.span);
                Some(self.remember(result, folded))
            }
            ExprKind::Block(block) => self.block(block, true),
            ExprKind::If { cond, then, els } => self.if_expr(expr, cond, then, els.as_deref()),
            ExprKind::While { cond, body, .. } => {
                self.while_loop(expr, cond, body);
                self.after_loop()
            }
            ExprKind::Loop { body, .. } => self.infinite_loop(expr, body),
            ExprKind::For(for_loop) => {
                self.for_loop(expr, &for_loop.pat, &for_loop.range, &for_loop.body);
                self.after_loop()
            }
            ExprKind::Break { value, .. } => self.break_expr(expr, value.as_deref()),
            ExprKind::Continue { .. } => {
                let target = self.loop_scope(expr).continue_block;
                self.b.mark(expr.span);
                self.b.goto(target, expr.span);
                None
            }
            ExprKind::Return(value) => {
                let value = match value {
                    Some(value) => self.stored(value)?,
                    None => {
                        self.b.mark(expr.span);
                        unit()
                    }
                };
                self.b.assign(Local::RETURN, Rvalue::Use(value), expr.span);
                self.b.goto(self.return_block, expr.span);
                None
            }
            ExprKind::Call { callee, args } => {
                let index = self.typeck.call_res[expr.index()].expect("resolved call");
                let args = self.operands(&args.iter().collect::<Vec<_>>(), false)?;
                self.b.mark(callee.span);
                self.call(expr, Callee::Function(FuncId(index as u32)), args)
            }
            ExprKind::ProcessExit {
                code, path_span, ..
            } => {
                let code = self.expr(code)?;
                self.b.mark(*path_span);
                self.call(expr, Callee::ProcessExit, vec![code])
            }
            ExprKind::ArgsLen {
                receiver_span,
                method_span,
                ..
            } => {
                self.b.mark(*receiver_span);
                self.b.mark(*method_span);
                self.call(expr, Callee::ArgsLen, Vec::new())
            }
            ExprKind::Match { scrutinee, arms } => self.match_expr(expr, scrutinee, arms),
            ExprKind::Macro(mac) => {
                self.b.mark(mac.name_span);
                self.macro_expr(expr, &mac.kind)
            }
        }
    }

    /// Lowers operands left to right (by reference: see [`Self::reference`]). A variable
    /// read is copied to a temporary when a later operand may assign to variables, so that it
    /// keeps the value it had when evaluated.
    fn operands(&mut self, exprs: &[&Expr], by_reference: bool) -> Option<Vec<Operand>> {
        let mut out = Vec::with_capacity(exprs.len());
        for (i, expr) in exprs.iter().enumerate() {
            let operand = if by_reference {
                self.reference(expr)?
            } else {
                self.expr(expr)?
            };
            let later_assigns = exprs[i + 1..].iter().any(|e| e.may_assign());
            let operand = match operand {
                Operand::Copy(local) if later_assigns => {
                    let ty = self.b.func.local_ty(local);
                    let copy = self
                        .b
                        .assign_temp(ty, Rvalue::Use(Operand::Copy(local)), expr.span);
                    let known = self.known.get(&local).copied();
                    self.remember(copy, known)
                }
                other => other,
            };
            out.push(operand);
        }
        Some(out)
    }

    fn call(&mut self, expr: &Expr, callee: Callee, args: Vec<Operand>) -> Option<Operand> {
        let ty = self.ty(expr);
        let dest = self.b.temp(ty, expr.span);
        if callee == Callee::ProcessExit {
            let kind = TerminatorKind::Call {
                callee,
                args,
                dest,
                target: None,
            };
            self.b.terminate(kind, expr.span);
            return None;
        }
        let next = self.b.new_block();
        let kind = TerminatorKind::Call {
            callee,
            args,
            dest,
            target: Some(next),
        };
        self.b.terminate(kind, expr.span);
        self.b.switch_to(next);
        Some(Operand::Copy(dest))
    }

    fn unary(&mut self, expr: &Expr, op: UnaryOp, operand: &Expr) -> Option<Operand> {
        let ty = self.ty(expr);
        if let (UnaryOp::Neg, ExprKind::Int(lit)) = (op, &operand.strip_parens().kind) {
            return Some(constant(ty, wrap(-(lit.value() as i128), ty)));
        }
        let value = self.expr(operand)?;
        self.b.mark(expr.span);
        let known = self.known_value(&value);
        match op {
            UnaryOp::Not => {
                let result = self
                    .b
                    .assign_temp(ty, Rvalue::UnaryOp(UnOp::Not, value), expr.span);
                Some(self.remember(result, known.map(|v| fold_not(ty, v))))
            }
            UnaryOp::Neg => {
                let folded = self.lint.neg(ty, known, expr.span);
                let is_min = self.b.assign_temp(
                    Ty::Bool,
                    Rvalue::BinaryOp(BinOp::Eq, value.clone(), constant(ty, ty.min_value())),
                    expr.span,
                );
                self.check(is_min, false, AssertMessage::NegOverflow, expr.span);
                let result = self
                    .b
                    .assign_temp(ty, Rvalue::UnaryOp(UnOp::Neg, value), expr.span);
                Some(self.remember(result, folded))
            }
        }
    }

    /// The value of an operand when it is known at compile time (a constant, or a local
    /// assigned once from known values), for rustc's lints on constant operations.
    fn known_value(&self, operand: &Operand) -> Option<i128> {
        match operand {
            Operand::Const(c) => Some(c.value()),
            Operand::Copy(local) => self.known.get(local).copied(),
        }
    }

    /// Records that the local `operand` holds `value`, when known; returns the operand.
    fn remember(&mut self, operand: Operand, value: Option<i128>) -> Operand {
        if let (Operand::Copy(local), Some(value)) = (&operand, value) {
            self.known.insert(*local, value);
        }
        operand
    }

    fn binary(&mut self, expr: &Expr, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Option<Operand> {
        if op.is_lazy() {
            return self.lazy(expr, op, lhs, rhs);
        }
        let operands = self.operands(&[lhs, rhs], false)?;
        let [l, r] = <[Operand; 2]>::try_from(operands).ok()?;
        self.b.mark(expr.span);
        if op.is_comparison() {
            let folded = match (self.known_value(&l), self.known_value(&r)) {
                (Some(l), Some(r)) => fold_binary(op, l, r),
                _ => None,
            };
            let result = self.compare(op, self.ty(lhs), l, r, expr.span);
            return Some(self.remember(result, folded));
        }
        self.arith(op, self.ty(expr), l, r, expr.span)
    }

    /// A built-in check (overflow, division, shift): continues when `cond == expected`, else
    /// panics at the location rustc reports for the expression at `span`.
    fn check(&mut self, cond: Operand, expected: bool, msg: AssertMessage, span: Span) {
        let location = self.lines.panic_location(span);
        self.b.assert(cond, expected, msg, location);
    }

    fn compare(
        &mut self,
        op: BinaryOp,
        operand_ty: Ty,
        l: Operand,
        r: Operand,
        span: Span,
    ) -> Operand {
        let bin = match op {
            BinaryOp::Eq => BinOp::Eq,
            BinaryOp::Ne => BinOp::Ne,
            BinaryOp::Lt => BinOp::Lt,
            BinaryOp::Le => BinOp::Le,
            BinaryOp::Gt => BinOp::Gt,
            _ => BinOp::Ge,
        };
        if operand_ty == Ty::Unit {
            return bool_const(matches!(bin, BinOp::Eq | BinOp::Le | BinOp::Ge));
        }
        self.b
            .assign_temp(Ty::Bool, Rvalue::BinaryOp(bin, l, r), span)
    }

    /// `l op r` for the arithmetic, bitwise and shift operators, with rustc's debug checks.
    fn arith(
        &mut self,
        op: BinaryOp,
        ty: Ty,
        l: Operand,
        r: Operand,
        span: Span,
    ) -> Option<Operand> {
        let rhs_ty = operand_ty(&self.b, &r);
        let (lv, rv) = (self.known_value(&l), self.known_value(&r));
        let folded = self.lint.arith(op, ty, rhs_ty, lv, rv, span);
        let result = self.arith_unfolded(op, ty, l, r, span)?;
        Some(self.remember(result, folded))
    }

    fn arith_unfolded(
        &mut self,
        op: BinaryOp,
        ty: Ty,
        l: Operand,
        r: Operand,
        span: Span,
    ) -> Option<Operand> {
        let checked = match op {
            BinaryOp::Add => Some((OverflowOp::Add, AssertMessage::AddOverflow)),
            BinaryOp::Sub => Some((OverflowOp::Sub, AssertMessage::SubOverflow)),
            BinaryOp::Mul => Some((OverflowOp::Mul, AssertMessage::MulOverflow)),
            _ => None,
        };
        if let Some((overflow_op, msg)) = checked {
            let dest = self.b.temp(ty, span);
            let overflow = self.b.temp(Ty::Bool, span);
            let kind = StatementKind::AssignWithOverflow {
                dest,
                overflow,
                op: overflow_op,
                lhs: l,
                rhs: r,
            };
            self.b.push(kind, span);
            self.check(Operand::Copy(overflow), false, msg, span);
            return Some(Operand::Copy(dest));
        }
        let bin = match op {
            BinaryOp::Div | BinaryOp::Rem => return Some(self.division(op, ty, l, r, span)),
            BinaryOp::Shl | BinaryOp::Shr => return Some(self.shift(op, ty, l, r, span)),
            BinaryOp::BitAnd => BinOp::BitAnd,
            BinaryOp::BitOr => BinOp::BitOr,
            _ => BinOp::BitXor,
        };
        Some(self.b.assign_temp(ty, Rvalue::BinaryOp(bin, l, r), span))
    }

    fn division(&mut self, op: BinaryOp, ty: Ty, l: Operand, r: Operand, span: Span) -> Operand {
        let (bin, zero_msg, overflow_msg) = if op == BinaryOp::Div {
            (
                BinOp::Div,
                AssertMessage::DivByZero,
                AssertMessage::DivOverflow,
            )
        } else {
            (
                BinOp::Rem,
                AssertMessage::RemByZero,
                AssertMessage::RemOverflow,
            )
        };
        let is_zero = self.b.assign_temp(
            Ty::Bool,
            Rvalue::BinaryOp(BinOp::Eq, r.clone(), constant(ty, 0)),
            span,
        );
        self.check(is_zero, false, zero_msg, span);
        if ty.is_signed() {
            let minus_one = self.b.assign_temp(
                Ty::Bool,
                Rvalue::BinaryOp(BinOp::Eq, r.clone(), constant(ty, -1)),
                span,
            );
            let is_min = self.b.assign_temp(
                Ty::Bool,
                Rvalue::BinaryOp(BinOp::Eq, l.clone(), constant(ty, ty.min_value())),
                span,
            );
            let both = self.b.assign_temp(
                Ty::Bool,
                Rvalue::BinaryOp(BinOp::BitAnd, minus_one, is_min),
                span,
            );
            self.check(both, false, overflow_msg, span);
        }
        self.b.assign_temp(ty, Rvalue::BinaryOp(bin, l, r), span)
    }

    /// Shifts check the amount, compared as unsigned, against the bit width.
    fn shift(&mut self, op: BinaryOp, ty: Ty, l: Operand, r: Operand, span: Span) -> Operand {
        let (bin, msg) = if op == BinaryOp::Shl {
            (BinOp::Shl, AssertMessage::ShlOverflow)
        } else {
            (BinOp::Shr, AssertMessage::ShrOverflow)
        };
        let amount_ty = operand_ty(&self.b, &r);
        let unsigned = unsigned_of(amount_ty);
        let amount = if amount_ty == unsigned {
            r.clone()
        } else {
            self.b
                .assign_temp(unsigned, Rvalue::Cast(r.clone(), unsigned), span)
        };
        let in_range = self.b.assign_temp(
            Ty::Bool,
            Rvalue::BinaryOp(BinOp::Lt, amount, constant(unsigned, i128::from(ty.bits()))),
            span,
        );
        self.check(in_range, true, msg, span);
        self.b.assign_temp(ty, Rvalue::BinaryOp(bin, l, r), span)
    }

    /// `a && b` / `a || b`: `b` is evaluated only when it decides the result.
    fn lazy(&mut self, expr: &Expr, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Option<Operand> {
        let lhs = self.expr(lhs)?;
        let known = self.known_value(&lhs);
        let result = self.b.temp(Ty::Bool, expr.span);
        let (eval_rhs, short) = (self.b.new_block(), self.b.new_block());
        let join = self.b.new_block();
        if op == BinaryOp::And {
            self.b.branch(lhs, eval_rhs, short, expr.span);
        } else {
            self.b.branch(lhs, short, eval_rhs, expr.span);
        }
        self.b.switch_to(short);
        self.b.mark(expr.span);
        self.b.assign(
            result,
            Rvalue::Use(bool_const(op == BinaryOp::Or)),
            expr.span,
        );
        self.b.goto(join, expr.span);
        self.b.switch_to(eval_rhs);
        let rhs_dead = known == Some(i128::from(op == BinaryOp::Or));
        let value = self.unless_dead(rhs_dead, |this| this.expr(rhs));
        if let Some(value) = value {
            self.b.assign(result, Rvalue::Use(value), rhs.span);
            self.b.goto(join, expr.span);
        }
        self.b.switch_to(join);
        Some(Operand::Copy(result))
    }

    /// Lowers code that a branch on a known value makes unreachable with `dead` set, so
    /// rustc's lints on constants do not look at it.
    fn unless_dead<T>(&mut self, dead: bool, lower: impl FnOnce(&mut Self) -> T) -> T {
        self.lint.silenced += u32::from(dead);
        let out = lower(self);
        self.lint.silenced -= u32::from(dead);
        out
    }

    fn if_expr(
        &mut self,
        expr: &Expr,
        cond: &Expr,
        then: &Block,
        els: Option<&Expr>,
    ) -> Option<Operand> {
        let cond_value = self.expr(cond)?;
        let known = self.known_value(&cond_value);
        let result = self.result_local(expr);
        let (then_block, else_block, join) =
            (self.b.new_block(), self.b.new_block(), self.b.new_block());
        self.b.branch(cond_value, then_block, else_block, cond.span);
        let mut joined = false;
        self.b.switch_to(then_block);
        let value = self.unless_dead(known == Some(0), |this| this.block(then, true));
        joined |= self.finish_branch(value, result, then.span, join);
        self.b.switch_to(else_block);
        let value = self.unless_dead(known == Some(1), |this| match els {
            Some(els) => this.expr(els),
            None => {
                this.b.mark(Span::new(then.span.hi, then.span.hi));
                Some(unit())
            }
        });
        joined |= self.finish_branch(value, result, els.map_or(expr.span, |e| e.span), join);
        if joined {
            self.b.switch_to(join);
            Some(Self::result_operand(result))
        } else {
            self.b.switch_to(join);
            self.b.terminate(TerminatorKind::Unreachable, expr.span);
            None
        }
    }

    /// Stores a branch's value and jumps to `join`; false when the branch does not return.
    fn finish_branch(
        &mut self,
        value: Option<Operand>,
        result: Option<Local>,
        span: Span,
        join: BlockId,
    ) -> bool {
        let Some(value) = value else {
            return false;
        };
        if let Some(result) = result {
            self.b.assign(result, Rvalue::Use(value), span);
        }
        self.b.goto(join, span);
        true
    }

    fn push_loop(&mut self, expr: &Expr, break_block: BlockId, continue_block: BlockId) {
        let result = self.result_local(expr);
        self.loops.push(LoopScope {
            id: expr.id,
            break_block,
            continue_block,
            result,
        });
    }

    fn loop_scope(&self, expr: &Expr) -> &LoopScope {
        let target = self.typeck.jump_target[expr.index()].expect("resolved jump");
        self.loops
            .iter()
            .rev()
            .find(|l| l.id == target)
            .expect("jump inside its loop")
    }

    /// Continues after a loop at its exit block; its value, if any, is in the result local.
    fn after_loop(&mut self) -> Option<Operand> {
        let scope = self.loops.pop().expect("loop pushed");
        self.b.switch_to(scope.break_block);
        Some(Self::result_operand(scope.result))
    }

    fn while_loop(&mut self, expr: &Expr, cond: &Expr, body: &Block) {
        let (head, body_block, exit) = (self.b.new_block(), self.b.new_block(), self.b.new_block());
        self.b.goto(head, expr.span);
        self.push_loop(expr, exit, head);
        self.b.switch_to(head);
        self.b.mark(expr.span);
        let mut known = None;
        if let Some(cond_value) = self.expr(cond) {
            known = self.known_value(&cond_value);
            self.b.branch(cond_value, body_block, exit, cond.span);
        }
        self.b.switch_to(body_block);
        self.unless_dead(known == Some(0), |this| this.block(body, true));
        self.b.goto(head, body.span);
    }

    fn infinite_loop(&mut self, expr: &Expr, body: &Block) -> Option<Operand> {
        let (body_block, exit) = (self.b.new_block(), self.b.new_block());
        self.b.goto(body_block, expr.span);
        self.push_loop(expr, exit, body_block);
        self.b.switch_to(body_block);
        self.b.mark(expr.span);
        self.block(body, false);
        self.b.goto(body_block, body.span);
        let breaks = self.typeck.ty(expr) != FinalTy::Never;
        let value = self.after_loop();
        if breaks {
            value
        } else {
            self.b.terminate(TerminatorKind::Unreachable, expr.span);
            None
        }
    }

    fn break_expr(&mut self, expr: &Expr, value: Option<&Expr>) -> Option<Operand> {
        let value = match value {
            Some(value) => Some(self.stored(value)?),
            None => {
                self.b.mark(expr.span);
                None
            }
        };
        let scope = self.loop_scope(expr);
        let (target, result) = (scope.break_block, scope.result);
        if let (Some(result), Some(value)) = (result, value) {
            self.b.assign(result, Rvalue::Use(value), expr.span);
        }
        self.b.goto(target, expr.span);
        None
    }

    /// `for pat in range { body }` over an integer range, with `Range`'s and
    /// `RangeInclusive`'s iteration rules (no overflow at the type's maximum).
    fn for_loop(&mut self, expr: &Expr, pat: &LetPat, range: &RangeIter, body: &Block) {
        let ty = self.ty(&range.start);
        let span = range.span;
        let Some(bounds) = self.operands(&[&range.start, &range.end], false) else {
            return;
        };
        let [start, end] = <[Operand; 2]>::try_from(bounds).expect("two bounds");
        self.b.mark(span);
        if let Some(rev) = range.rev {
            self.b.mark(rev);
        }
        let bounds = RangeState {
            lo: self.b.local(ty, None, true, range.start.span),
            hi: self.b.local(ty, None, true, range.end.span),
            done: range
                .inclusive
                .then(|| self.b.local(Ty::Bool, None, true, span)),
            ty,
        };
        self.b.assign(bounds.lo, Rvalue::Use(start), span);
        self.b.assign(bounds.hi, Rvalue::Use(end), span);
        if let Some(done) = bounds.done {
            self.b.assign(done, Rvalue::Use(bool_const(false)), span);
        }
        let (head, next, body_block, exit) = (
            self.b.new_block(),
            self.b.new_block(),
            self.b.new_block(),
            self.b.new_block(),
        );
        self.b.goto(head, span);
        self.push_loop(expr, exit, head);
        self.b.switch_to(head);
        self.range_has_next(&bounds, next, exit, span);
        self.b.switch_to(next);
        let item = self.range_next(&bounds, range.rev.is_some(), body_block, span);
        if let LetPat::Binding(binding) = pat {
            self.b.mark(binding.span);
            let local = self.bind(binding);
            self.b.assign(local, Rvalue::Use(item), binding.span);
        }
        self.block(body, true);
        self.b.goto(head, body.span);
    }

    /// Branches to `next` when the range has another item, else to `exit`.
    fn range_has_next(&mut self, range: &RangeState, next: BlockId, exit: BlockId, span: Span) {
        let (lo, hi) = (Operand::Copy(range.lo), Operand::Copy(range.hi));
        let Some(done) = range.done else {
            let more = self
                .b
                .assign_temp(Ty::Bool, Rvalue::BinaryOp(BinOp::Lt, lo, hi), span);
            self.b.branch(more, next, exit, span);
            return;
        };
        let check = self.b.new_block();
        self.b.branch(Operand::Copy(done), exit, check, span);
        self.b.switch_to(check);
        let more = self
            .b
            .assign_temp(Ty::Bool, Rvalue::BinaryOp(BinOp::Le, lo, hi), span);
        self.b.branch(more, next, exit, span);
    }

    /// Takes the next item (from the back when `rev`) and advances the range; continues at
    /// `body`, returning the item. An exclusive range from the back steps before yielding, from
    /// the front after; an inclusive one stops stepping at its last item and sets `done`.
    fn range_next(&mut self, range: &RangeState, rev: bool, body: BlockId, span: Span) -> Operand {
        let ty = range.ty;
        let item = self.b.temp(ty, span);
        let (end, op) = if rev {
            (range.hi, BinOp::Sub)
        } else {
            (range.lo, BinOp::Add)
        };
        let stepped = Rvalue::BinaryOp(op, Operand::Copy(end), constant(ty, 1));
        let take = Rvalue::Use(Operand::Copy(end));
        match range.done {
            None if rev => {
                self.b.assign(end, stepped, span);
                self.b.assign(item, take, span);
            }
            None => {
                self.b.assign(item, take, span);
                self.b.assign(end, stepped, span);
            }
            Some(done) => {
                self.b.assign(item, take, span);
                let last = self.b.assign_temp(
                    Ty::Bool,
                    Rvalue::BinaryOp(BinOp::Eq, Operand::Copy(range.lo), Operand::Copy(range.hi)),
                    span,
                );
                let (finish, advance) = (self.b.new_block(), self.b.new_block());
                self.b.branch(last, finish, advance, span);
                self.b.switch_to(finish);
                self.b.assign(done, Rvalue::Use(bool_const(true)), span);
                self.b.goto(body, span);
                self.b.switch_to(advance);
                self.b.assign(end, stepped, span);
            }
        }
        self.b.goto(body, span);
        self.b.switch_to(body);
        Operand::Copy(item)
    }

    // ----- match -----

    fn match_expr(&mut self, expr: &Expr, scrutinee: &Expr, arms: &[Arm]) -> Option<Operand> {
        let value = self.reference(scrutinee)?;
        self.b.mark(scrutinee.span);
        let guards_assign = arms
            .iter()
            .any(|a| a.guard.as_ref().is_some_and(Expr::may_assign));
        let value = match value {
            Operand::Copy(local) if guards_assign => {
                let ty = self.b.func.local_ty(local);
                self.b
                    .assign_temp(ty, Rvalue::Use(Operand::Copy(local)), scrutinee.span)
            }
            other => other,
        };
        let ty = self.ty(scrutinee);
        let start = self.b.current()?;
        let mut candidates: Vec<Candidate> = arms
            .iter()
            .map(|arm| Candidate::new(&arm.pat, arm.guard.is_some(), ty))
            .collect();
        let mut refs: Vec<&mut Candidate> = candidates.iter_mut().collect();
        let mut tests = MatchBuilder {
            b: &mut self.b,
            value: value.clone(),
            ty,
            span: scrutinee.span,
        };
        let none_matched = tests.match_candidates(start, &mut refs);
        self.b.switch_to(none_matched);
        self.b
            .terminate(TerminatorKind::Unreachable, scrutinee.span);
        let result = self.result_local(expr);
        let join = self.b.new_block();
        let mut joined = false;
        let known = self.known_value(&value);
        let mut decided = false;
        let fake_borrow = (arms.iter().any(|a| a.guard.is_some())
            && arms.iter().any(|a| a.pat.is_refutable()))
        .then_some(scrutinee.span);
        for (arm, candidate) in arms.iter().zip(&candidates) {
            let dead = known.is_some_and(|v| decided || !arm.pat.matches(v));
            decided |= known.is_some() && !dead && arm.guard.is_none();
            let value = self.unless_dead(dead, |this| {
                this.arm_entry(arm, candidate, &value, fake_borrow);
                this.stored(&arm.body)
            });
            joined |= self.finish_branch(value, result, arm.body.span, join);
        }
        self.b.switch_to(join);
        if joined {
            Some(Self::result_operand(result))
        } else {
            self.b.terminate(TerminatorKind::Unreachable, expr.span);
            None
        }
    }

    /// Binds the arm's variables and evaluates its guard, once for each way the arm's
    /// pattern matched (as rustc does for or-patterns with guards); leaves the cursor where
    /// the arm's body starts. `fake_borrow` is the scrutinee's span when rustc fake-borrows
    /// it around guards (a match with guards that tests the value), which adds markers.
    fn arm_entry(
        &mut self,
        arm: &Arm,
        candidate: &Candidate,
        value: &Operand,
        fake_borrow: Option<Span>,
    ) {
        for binding in arm.pat.bindings() {
            self.bind(binding);
        }
        let leaves = candidate.leaves();
        let body = if leaves.len() == 1 {
            None
        } else {
            Some(self.b.new_block())
        };
        for leaf in &leaves {
            self.b.switch_to(leaf.block);
            for binding in &leaf.bindings {
                let local = self.vars[&binding.id];
                self.b
                    .assign(local, Rvalue::Use(value.clone()), binding.span);
            }
            if let Some(guard) = &arm.guard {
                if let Some(scrutinee) = fake_borrow {
                    self.b.mark(scrutinee);
                }
                self.mark_bindings(&leaf.bindings);
                let passed_block = self.b.new_block();
                if let Some(passed) = self.expr(guard) {
                    self.b
                        .branch(passed, passed_block, leaf.otherwise, guard.span);
                }
                self.b.switch_to(passed_block);
                if fake_borrow.is_some() {
                    self.b.mark(last_char(guard.span));
                }
            }
            self.mark_bindings(&leaf.bindings);
            if let Some(body) = body {
                self.b.goto(body, arm.body.span);
            }
        }
        match body {
            Some(body) => self.b.switch_to(body),
            None if leaves.is_empty() => {
                let unreachable = self.b.new_block();
                self.b.switch_to(unreachable);
            }
            None => {}
        }
    }

    fn mark_bindings(&mut self, bindings: &[&Binding]) {
        for binding in bindings {
            self.b.mark(binding.span);
        }
    }

    // ----- macros -----

    fn macro_expr(&mut self, expr: &Expr, kind: &MacroKind) -> Option<Operand> {
        match kind {
            MacroKind::Print {
                stream,
                newline,
                format,
            } => {
                let mut pieces = self.format(format)?;
                if *newline {
                    pieces.push(FmtPiece::Str("\n".to_string()));
                }
                let stream = *stream;
                let pieces = merge_text(pieces);
                self.b
                    .push(StatementKind::Print { stream, pieces }, expr.span);
                Some(unit())
            }
            MacroKind::Assert { cond, message } => {
                let value = self.expr(cond)?;
                let (ok, fail) = (self.b.new_block(), self.b.new_block());
                self.b.branch(value, ok, fail, expr.span);
                self.b.switch_to(fail);
                let text = format!("assertion failed: {}", expr_to_string(cond));
                let pieces = self.panic_message(&text, message.as_ref(), false);
                self.panic(expr.span, pieces);
                self.b.switch_to(ok);
                Some(unit())
            }
            MacroKind::AssertCmp {
                eq,
                left,
                right,
                message,
            } => self.assert_cmp(expr, *eq, left, right, message.as_ref()),
            MacroKind::Panic(message) => {
                let pieces = self.panic_message("explicit panic", message.as_ref(), false);
                self.panic(expr.span, pieces);
                None
            }
            MacroKind::Unreachable(message) => {
                let default = "internal error: entered unreachable code";
                let pieces = self.panic_message(default, message.as_ref(), true);
                self.panic(expr.span, pieces);
                None
            }
            MacroKind::Todo(message) => {
                let pieces = self.panic_message("not yet implemented", message.as_ref(), true);
                self.panic(expr.span, pieces);
                None
            }
        }
    }

    /// The message of a panicking macro: `default` alone, or a custom message that either
    /// replaces it (`panic!`, `assert!`) or follows it after `: ` (`unreachable!`, `todo!`,
    /// `assert_eq!`). `None` when evaluating the message's arguments does not return.
    fn panic_message(
        &mut self,
        default: &str,
        message: Option<&FormatArgs>,
        keep_default: bool,
    ) -> Option<Vec<FmtPiece>> {
        let Some(format) = message else {
            return Some(vec![FmtPiece::Str(default.to_string())]);
        };
        let mut pieces = Vec::new();
        if keep_default {
            pieces.push(FmtPiece::Str(format!("{default}: ")));
        }
        pieces.extend(self.format(format)?);
        Some(pieces)
    }

    fn panic(&mut self, span: Span, pieces: Option<Vec<FmtPiece>>) {
        if let Some(pieces) = pieces {
            let message = merge_text(pieces);
            let location = self.lines.panic_location(span);
            self.b
                .terminate(TerminatorKind::Panic { message }, location);
        }
    }

    fn assert_cmp(
        &mut self,
        expr: &Expr,
        eq: bool,
        left: &Expr,
        right: &Expr,
        message: Option<&FormatArgs>,
    ) -> Option<Operand> {
        let operands = self.operands(&[left, right], true)?;
        let [l, r] = <[Operand; 2]>::try_from(operands).ok()?;
        let ty = self.ty(left);
        let op = if eq { BinaryOp::Eq } else { BinaryOp::Ne };
        let holds = self.compare(op, ty, l.clone(), r.clone(), expr.span);
        let (ok, fail) = (self.b.new_block(), self.b.new_block());
        self.b.branch(holds, ok, fail, expr.span);
        self.b.switch_to(fail);
        let symbol = if eq { "==" } else { "!=" };
        let head = format!("assertion `left {symbol} right` failed");
        let pieces = self.panic_message(&head, message, true).map(|mut pieces| {
            pieces.extend([
                FmtPiece::Str("\n  left: ".to_string()),
                debug_piece(l, ty),
                FmtPiece::Str("\n right: ".to_string()),
                debug_piece(r, ty),
            ]);
            pieces
        });
        self.panic(expr.span, pieces);
        self.b.switch_to(ok);
        Some(unit())
    }

    /// Evaluates a format string's arguments, in order, and returns its pieces.
    fn format(&mut self, format: &FormatArgs) -> Option<Vec<FmtPiece>> {
        let args: Vec<&Expr> = format.args.iter().collect();
        let values = self.operands(&args, true)?;
        let pieces = format
            .segments
            .iter()
            .map(|segment| match segment {
                FmtSegment::Text(text) => FmtPiece::Str(text.clone()),
                FmtSegment::Arg { index, .. } => {
                    debug_piece(values[*index].clone(), self.ty(args[*index]))
                }
            })
            .collect();
        Some(pieces)
    }
}

/// True for expressions rustc evaluates to a constant: literals, negated literals, `()`.
fn is_constant(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Int(_) | ExprKind::Bool(_) | ExprKind::Unit => true,
        ExprKind::Unary(UnaryOp::Neg, operand) => {
            matches!(operand.strip_parens().kind, ExprKind::Int(_))
        }
        _ => false,
    }
}

/// A value as `{}` / `{:?}` print it; `()` (only valid with `{:?}`) is the text `()`.
fn debug_piece(value: Operand, ty: Ty) -> FmtPiece {
    if ty == Ty::Unit {
        FmtPiece::Str("()".to_string())
    } else {
        FmtPiece::Value(value)
    }
}

/// Joins adjacent text pieces.
fn merge_text(pieces: Vec<FmtPiece>) -> Vec<FmtPiece> {
    let mut out: Vec<FmtPiece> = Vec::new();
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(FmtPiece::Str(last)), FmtPiece::Str(text)) => last.push_str(&text),
            (_, FmtPiece::Str(text)) if text.is_empty() => {}
            (_, piece) => out.push(piece),
        }
    }
    out
}

fn operand_ty(b: &Builder, operand: &Operand) -> Ty {
    match operand {
        Operand::Copy(local) => b.func.local_ty(*local),
        Operand::Const(c) => c.ty,
    }
}

fn unsigned_of(ty: Ty) -> Ty {
    match ty {
        Ty::I8 => Ty::U8,
        Ty::I16 => Ty::U16,
        Ty::I32 => Ty::U32,
        Ty::I64 => Ty::U64,
        Ty::Isize => Ty::Usize,
        other => other,
    }
}

/// The span of the last character of a one-line-ended span (a block's closing brace).
pub fn last_char(span: Span) -> Span {
    let hi = span.hi;
    Span::new(
        clifcov_ir::Pos::new(hi.line, hi.col.saturating_sub(1).max(1)),
        hi,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_pieces_merge() {
        let pieces = vec![
            FmtPiece::Str("a".into()),
            FmtPiece::Str("".into()),
            FmtPiece::Str("b".into()),
            FmtPiece::Value(unit()),
            FmtPiece::Str("c".into()),
        ];
        assert_eq!(
            merge_text(pieces),
            vec![
                FmtPiece::Str("ab".into()),
                FmtPiece::Value(unit()),
                FmtPiece::Str("c".into())
            ]
        );
    }
}
