//! Name resolution and type checking of the subset, with rustc's integer inference (literals
//! take their type from every use; unconstrained ones default to `i32`), the never type of
//! diverging expressions, and rustc's error codes and wording where natural.

use std::collections::HashMap;

use clifcov_ir::{Span, Ty};

use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::infer::{FinalTy, InferTable, InferTy};
use crate::ordered_map::map_in_order;
use crate::CrateKind;

/// What type checking found, read by the later checks and by lowering.
#[derive(Debug)]
pub struct Typeck {
    /// The type of every expression, by [`ExprId`].
    pub expr_tys: Vec<FinalTy>,
    /// The type of every binding, by [`BindingId`].
    pub binding_tys: Vec<FinalTy>,
    /// The binding a variable expression or assignment place refers to.
    pub var_res: Vec<Option<BindingId>>,
    /// The function (index in the file) a call expression calls.
    pub call_res: Vec<Option<usize>>,
    /// The loop expression a `break` / `continue` leaves or continues.
    pub jump_target: Vec<Option<ExprId>>,
    /// Whether a binding is assigned after its declaration, by [`BindingId`].
    pub reassigned: Vec<bool>,
    /// Whether a binding is borrowed: a format argument or an `assert_eq!` operand names it
    /// (the macros take references), by [`BindingId`]. rustc's lints on constant operations
    /// never take the value of a borrowed variable as known.
    pub borrowed: Vec<bool>,
}

impl Typeck {
    /// Tables for every expression and binding of `file`, nothing resolved yet.
    fn sized_for(file: &File) -> Typeck {
        Typeck {
            expr_tys: vec![FinalTy::Error; file.expr_count],
            binding_tys: vec![FinalTy::Error; file.binding_count],
            var_res: vec![None; file.expr_count],
            call_res: vec![None; file.expr_count],
            jump_target: vec![None; file.expr_count],
            reassigned: vec![false; file.binding_count],
            borrowed: vec![false; file.binding_count],
        }
    }

    /// Enters what checking one function found.
    fn record(&mut self, found: FnTables) {
        for (id, ty) in found.expr_tys {
            self.expr_tys[id.index()] = ty;
        }
        for (id, ty) in found.binding_tys {
            self.binding_tys[id.index()] = ty;
        }
        for (id, binding) in found.var_res {
            self.var_res[id.index()] = Some(binding);
        }
        for (id, function) in found.call_res {
            self.call_res[id.index()] = Some(function);
        }
        for (id, target) in found.jump_target {
            self.jump_target[id.index()] = Some(target);
        }
        for binding in found.reassigned {
            self.reassigned[binding.index()] = true;
        }
        for binding in found.borrowed {
            self.borrowed[binding.index()] = true;
        }
    }

    pub fn ty(&self, expr: &Expr) -> FinalTy {
        self.expr_tys[expr.index()]
    }

    pub fn binding_ty(&self, id: BindingId) -> Ty {
        self.binding_tys[id.index()].storage()
    }
}

impl Expr {
    pub fn index(&self) -> usize {
        self.id.index()
    }
}

/// What checking one function found, by expression or binding (see [`Typeck`]).
#[derive(Debug, Default)]
struct FnTables {
    expr_tys: Vec<(ExprId, FinalTy)>,
    binding_tys: Vec<(BindingId, FinalTy)>,
    var_res: Vec<(ExprId, BindingId)>,
    call_res: Vec<(ExprId, usize)>,
    jump_target: Vec<(ExprId, ExprId)>,
    reassigned: Vec<BindingId>,
    borrowed: Vec<BindingId>,
}

/// The result of checking one function: its tables, its errors, and its assignments to
/// immutable variables.
struct FnChecked {
    tables: FnTables,
    errors: Vec<Diagnostic>,
    borrow_errors: Vec<Diagnostic>,
}

/// What every function's check reads: the signatures of the file's functions.
struct Items {
    sigs: Vec<Sig>,
    by_name: HashMap<String, usize>,
    /// Functions left out for errors already reported: calls to them report nothing more.
    broken_fns: Vec<String>,
}

impl Items {
    fn new(file: &File) -> Items {
        let mut by_name = HashMap::new();
        let sigs = file
            .functions
            .iter()
            .enumerate()
            .map(|(i, f)| {
                by_name.entry(f.name.name.clone()).or_insert(i);
                Sig {
                    name: f.name.name.clone(),
                    params: f.params.iter().map(|p| p.ty.ty).collect(),
                    ret: f.ret.map_or(Ty::Unit, |r| r.ty),
                    name_span: f.name.span,
                }
            })
            .collect();
        Items {
            sigs,
            by_name,
            broken_fns: file.broken_fns.clone(),
        }
    }
}

/// A function's signature as calls see it.
#[derive(Clone, Debug)]
struct Sig {
    name: String,
    params: Vec<Ty>,
    ret: Ty,
    name_span: Span,
}

/// Where an expected type comes from, for the secondary label of a mismatch.
#[derive(Clone, Debug)]
struct Origin {
    span: Span,
    label: String,
}

/// What the context expects of an expression.
#[derive(Clone, Debug)]
enum Expect {
    None,
    /// The expression must have this type (errors are reported at the leaves).
    Has(InferTy, Option<Origin>),
    /// Only a hint for literals (rustc's "castable to"): `300 as u8` types `300` as `u8`.
    Hint(Ty),
}

impl Expect {
    fn has(ty: InferTy) -> Expect {
        Expect::Has(ty, None)
    }

    /// The integer type a literal checked under this expectation takes.
    fn literal_ty(&self, table: &mut InferTable) -> Option<Ty> {
        let ty = match self {
            Expect::Has(ty, _) => match table.shallow_resolve(*ty) {
                InferTy::Known(ty) => ty,
                _ => return None,
            },
            Expect::Hint(ty) => *ty,
            Expect::None => return None,
        };
        ty.is_integer().then_some(ty)
    }

    /// The weaker expectation passed to an operand of `-` / `!`.
    fn to_hint(&self, table: &mut InferTable) -> Expect {
        match self.literal_ty(table) {
            Some(ty) => Expect::Hint(ty),
            None => Expect::None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LoopKind {
    Loop,
    While,
    For,
}

#[derive(Debug)]
struct LoopCtx {
    id: ExprId,
    label: Option<String>,
    kind: LoopKind,
    break_ty: Option<InferTy>,
    has_break: bool,
}

#[derive(Clone, Debug)]
struct BindingInfo {
    name: String,
    mutable: bool,
    span: Span,
    is_param: bool,
}

/// Checks deferred until integer variables are resolved.
#[derive(Debug)]
enum Deferred {
    Neg { ty: InferTy, span: Span },
    Display { ty: InferTy, span: Span },
}

/// Type-checks a file, its functions on all cores; returns the side tables, or every error
/// found (in the order of the functions). On success, also returns the assignments to
/// immutable variables, which rustc's borrow checker reports after type checking succeeds.
/// `eof` is the point after the last character of a non-empty file, where a missing `main`
/// is reported.
pub fn check_file(
    file: &File,
    crate_name: &str,
    path: &str,
    eof: Option<Span>,
    kind: CrateKind,
) -> Result<(Typeck, Vec<Diagnostic>), Vec<Diagnostic>> {
    let items = Items::new(file);
    let mut item_checker = Checker::new(&items);
    item_checker.check_items(crate_name, path, eof, kind);
    let mut errors = item_checker.errors;
    let checked = map_in_order(
        &file.functions,
        |function| function.body.as_ref().map_or(1, Block::lines),
        |function| Checker::new(&items).check_fn(function),
    );
    let mut results = Typeck::sized_for(file);
    let mut borrow_errors = Vec::new();
    for function in checked {
        results.record(function.tables);
        errors.extend(function.errors);
        borrow_errors.extend(function.borrow_errors);
    }
    if errors.is_empty() {
        Ok((results, borrow_errors))
    } else {
        Err(errors)
    }
}

/// Checks the items of a file, then one function (functions are checked on all cores, one
/// checker each).
struct Checker<'a> {
    items: &'a Items,
    tables: FnTables,
    /// The bindings declared so far in the function, by id.
    bindings: HashMap<BindingId, BindingInfo>,
    errors: Vec<Diagnostic>,
    /// Assignments to immutable variables.
    borrow_errors: Vec<Diagnostic>,
    table: InferTable,
    expr_tys: Vec<(ExprId, InferTy)>,
    binding_tys: Vec<(BindingId, InferTy)>,
    scopes: Vec<Vec<(String, BindingId)>>,
    loops: Vec<LoopCtx>,
    ret: InferTy,
    ret_origin: Option<Origin>,
    diverges: bool,
    deferred: Vec<Deferred>,
}

impl<'a> Checker<'a> {
    fn new(items: &'a Items) -> Checker<'a> {
        Checker {
            items,
            tables: FnTables::default(),
            bindings: HashMap::new(),
            errors: Vec::new(),
            borrow_errors: Vec::new(),
            table: InferTable::default(),
            expr_tys: Vec::new(),
            binding_tys: Vec::new(),
            scopes: Vec::new(),
            loops: Vec::new(),
            ret: InferTy::UNIT,
            ret_origin: None,
            diverges: false,
            deferred: Vec::new(),
        }
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    /// Item-level rules: unique names and a `main` of the right shape.
    fn check_items(&mut self, crate_name: &str, path: &str, eof: Option<Span>, kind: CrateKind) {
        let mut seen: HashMap<String, Span> = HashMap::new();
        let names: Vec<(String, Span)> = self
            .items
            .sigs
            .iter()
            .map(|s| (s.name.clone(), s.name_span))
            .collect();
        for (name, span) in names {
            match seen.get(&name) {
                Some(&first) => self.error(
                    Diagnostic::error(format!("the name `{name}` is defined multiple times"), span)
                        .with_code("E0428")
                        .with_label(format!("`{name}` redefined here"))
                        .with_secondary(first, format!("previous definition of the value `{name}` here"))
                        .with_note(format!(
                            "`{name}` must be defined only once in the value namespace of this module"
                        )),
                ),
                None => {
                    seen.insert(name, span);
                }
            }
        }
        match self.items.by_name.get("main").copied() {
            None if self.items.broken_fns.iter().any(|name| name == "main") => {}
            None if kind == CrateKind::Tests => {}
            None => {
                let message = format!("`main` function not found in crate `{crate_name}`");
                let hint = format!("consider adding a `main` function to `{path}`");
                let d = match eof {
                    Some(span) => Diagnostic::error(message, span).with_label(hint),
                    None => Diagnostic::without_span(message).with_note(hint),
                };
                self.error(d.with_code("E0601"));
            }
            Some(main) => self.check_main_sig(main),
        }
    }

    fn check_main_sig(&mut self, main: usize) {
        let sig = &self.items.sigs[main];
        if !sig.params.is_empty() {
            self.error(
                Diagnostic::error("`main` function has wrong type", sig.name_span)
                    .with_code("E0580")
                    .with_label("incorrect number of function parameters")
                    .with_note("expected signature `fn()`"),
            );
        }
        if sig.ret != Ty::Unit {
            self.error(
                Diagnostic::error(
                    format!("`main` has invalid return type `{}`", sig.ret),
                    sig.name_span,
                )
                .with_code("E0277")
                .with_label("`main` can only return types that implement `Termination`"),
            );
        }
    }

    /// Checks one function (on a new checker).
    fn check_fn(mut self, function: &FnItem) -> FnChecked {
        self.scopes = vec![Vec::new()];
        let ret_ty = function.ret.map_or(Ty::Unit, |r| r.ty);
        self.ret = InferTy::Known(ret_ty);
        self.ret_origin = function.ret.map(|r| Origin {
            span: r.span,
            label: format!("expected `{ret_ty}` because of return type"),
        });
        self.declare_params(&function.params);
        if let Some(body) = &function.body {
            let expect = Expect::Has(self.ret, self.ret_origin.clone());
            self.check_block(body, expect);
        }
        self.finish_fn();
        FnChecked {
            tables: self.tables,
            errors: self.errors,
            borrow_errors: self.borrow_errors,
        }
    }

    fn declare_params(&mut self, params: &[Param]) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for param in params {
            if let LetPat::Binding(binding) = &param.pat {
                if let Some(first) = seen.insert(&binding.name, binding.span) {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "identifier `{}` is bound more than once in this parameter list",
                                binding.name
                            ),
                            binding.span,
                        )
                        .with_code("E0415")
                        .with_label("used as parameter more than once")
                        .with_secondary(first, "first use of this identifier"),
                    );
                }
                self.declare(binding, InferTy::Known(param.ty.ty), true);
            }
        }
    }

    /// Resolves every type of the function and runs the deferred checks.
    fn finish_fn(&mut self) {
        for (id, ty) in std::mem::take(&mut self.expr_tys) {
            let ty = self.table.finalize(ty);
            self.tables.expr_tys.push((id, ty));
        }
        for (id, ty) in std::mem::take(&mut self.binding_tys) {
            let ty = self.table.finalize(ty);
            self.tables.binding_tys.push((id, ty));
        }
        for deferred in std::mem::take(&mut self.deferred) {
            self.check_deferred(deferred);
        }
    }

    fn check_deferred(&mut self, deferred: Deferred) {
        match deferred {
            Deferred::Neg { ty, span } => {
                if let FinalTy::Ty(ty) = self.table.finalize(ty) {
                    if !ty.is_signed() {
                        let mut d = Diagnostic::error(
                            format!("cannot apply unary operator `-` to type `{ty}`"),
                            span,
                        )
                        .with_code("E0600")
                        .with_label("cannot apply unary operator `-`");
                        if ty.is_integer() {
                            d = d.with_note("unsigned values cannot be negated");
                        }
                        self.error(d);
                    }
                }
            }
            Deferred::Display { ty, span } => {
                if self.table.finalize(ty) == FinalTy::Ty(Ty::Unit) {
                    self.error(
                        Diagnostic::error("`()` doesn't implement `std::fmt::Display`", span)
                            .with_code("E0277")
                            .with_label("`()` cannot be formatted with the default formatter")
                            .with_help("the trait `std::fmt::Display` is not implemented for `()`"),
                    );
                }
            }
        }
    }

    // ----- scopes and bindings -----

    fn declare(&mut self, binding: &Binding, ty: InferTy, is_param: bool) {
        let info = BindingInfo {
            name: binding.name.clone(),
            mutable: binding.mutable,
            span: binding.span,
            is_param,
        };
        self.bindings.insert(binding.id, info);
        self.binding_tys.push((binding.id, ty));
        self.scopes
            .last_mut()
            .expect("a scope is open")
            .push((binding.name.clone(), binding.id));
    }

    fn lookup(&self, name: &str) -> Option<BindingId> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|scope| scope.iter().rev())
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }

    fn binding_ty(&self, id: BindingId) -> InferTy {
        self.binding_tys
            .iter()
            .rev()
            .find(|(b, _)| *b == id)
            .map_or(InferTy::Error, |(_, ty)| *ty)
    }

    fn with_scope<T>(&mut self, f: impl FnOnce(&mut Checker) -> T) -> T {
        self.scopes.push(Vec::new());
        let out = f(self);
        self.scopes.pop();
        out
    }

    // ----- types -----

    fn record(&mut self, id: ExprId, ty: InferTy) {
        self.expr_tys.push((id, ty));
    }

    fn mismatch(&mut self, expected: InferTy, found: InferTy, span: Span) -> Diagnostic {
        let expected = self.table.describe(expected);
        let found = self.table.describe(found);
        Diagnostic::error("mismatched types", span)
            .with_code("E0308")
            .with_label(format!("expected {expected}, found {found}"))
    }

    /// Requires `found` to fit `expected`, reporting a mismatch at `span`.
    fn coerce(
        &mut self,
        found: InferTy,
        expected: InferTy,
        span: Span,
        origin: Option<&Origin>,
    ) -> InferTy {
        match self.table.unify(found, expected) {
            Ok(_) if found == InferTy::Never => InferTy::Never,
            Ok(ty) => ty,
            Err(_) => {
                let mut d = self.mismatch(expected, found, span);
                if let Some(origin) = origin {
                    d = d.with_secondary(origin.span, origin.label.clone());
                }
                self.error(d);
                InferTy::Error
            }
        }
    }

    fn demand(&mut self, expr: &Expr, expected: InferTy) -> InferTy {
        self.check_expr(expr, Expect::has(expected))
    }

    fn resolve(&mut self, ty: InferTy) -> InferTy {
        self.table.shallow_resolve(ty)
    }

    /// How rustc writes a type inside operator messages: `u8`, `{integer}`.
    fn op_name(&mut self, ty: InferTy) -> String {
        match self.resolve(ty) {
            InferTy::Known(ty) => ty.to_string(),
            InferTy::Int(_) => "{integer}".to_string(),
            InferTy::Never => "!".to_string(),
            InferTy::Error => "{type error}".to_string(),
        }
    }

    // ----- blocks and statements -----

    fn check_block(&mut self, block: &Block, expect: Expect) -> InferTy {
        let outer = std::mem::replace(&mut self.diverges, false);
        let ty = self.with_scope(|this| {
            for stmt in &block.stmts {
                this.check_stmt(stmt);
            }
            match &block.tail {
                Some(tail) => this.check_expr(tail, expect),
                None if this.diverges => InferTy::Never,
                None => {
                    if let Expect::Has(expected, origin) = &expect {
                        let span = crate::lower::last_char(block.span);
                        this.coerce(InferTy::UNIT, *expected, span, origin.as_ref());
                    }
                    InferTy::UNIT
                }
            }
        });
        self.diverges |= outer;
        ty
    }

    fn check_stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Let(local) => self.check_let(local),
            Stmt::Expr {
                expr, semi: true, ..
            } => {
                self.check_expr(expr, Expect::None);
            }
            Stmt::Expr {
                expr, semi: false, ..
            } => {
                self.demand(expr, InferTy::UNIT);
            }
            Stmt::Empty => {}
        }
    }

    fn check_let(&mut self, local: &Let) {
        let ty = match &local.ty {
            Some(annotation) => {
                let ty = InferTy::Known(annotation.ty);
                let origin = Origin {
                    span: annotation.span,
                    label: "expected due to this".to_string(),
                };
                self.check_expr(&local.init, Expect::Has(ty, Some(origin)));
                ty
            }
            None => self.check_expr(&local.init, Expect::None),
        };
        if let LetPat::Binding(binding) = &local.pat {
            self.declare(binding, ty, false);
        }
    }

    // ----- expressions -----

    fn check_expr(&mut self, expr: &Expr, expect: Expect) -> InferTy {
        let inner = match &expr.kind {
            ExprKind::Match { .. } | ExprKind::If { els: Some(_), .. } => {
                self.adjust_for_branches(&expect)
            }
            _ => expect.clone(),
        };
        let ty = self.check_expr_kind(expr, &inner);
        let checked_inside = matches!(inner, Expect::Has(..))
            && matches!(
                expr.kind,
                ExprKind::Paren(_)
                    | ExprKind::Block(_)
                    | ExprKind::Match { .. }
                    | ExprKind::If { .. }
            );
        let ty = match &expect {
            Expect::Has(expected, origin) if !checked_inside => {
                self.coerce(ty, *expected, expr.span, origin.as_ref())
            }
            _ => ty,
        };
        if ty == InferTy::Never {
            self.diverges = true;
        }
        self.record(expr.id, ty);
        ty
    }

    /// What `if` / `match` branches are checked against: a known expected type, but neither
    /// an unknown one nor a cast's hint (so `(if c { 250 } else { 5 }) as i8` is an `i32`).
    fn adjust_for_branches(&mut self, expect: &Expect) -> Expect {
        match expect {
            Expect::Has(ty, origin) => match self.resolve(*ty) {
                InferTy::Int(_) => Expect::None,
                resolved => Expect::Has(resolved, origin.clone()),
            },
            _ => Expect::None,
        }
    }

    fn check_expr_kind(&mut self, expr: &Expr, expect: &Expect) -> InferTy {
        match &expr.kind {
            ExprKind::Int(lit) => match lit.suffix.or_else(|| expect.literal_ty(&mut self.table)) {
                Some(ty) => InferTy::Known(ty),
                None => self.table.new_int_var(),
            },
            ExprKind::Bool(_) => InferTy::BOOL,
            ExprKind::Unit => InferTy::UNIT,
            ExprKind::Var(ident) => self.check_var(expr, ident),
            ExprKind::Paren(inner) => self.check_expr(inner, expect.clone()),
            ExprKind::Unary(op, operand) => self.check_unary(*op, operand, expr.span, expect),
            ExprKind::Binary(op, lhs, rhs) => self.check_binary(*op, lhs, rhs),
            ExprKind::Assign(place, value) => {
                let ty = self.check_place(place, expr.span);
                self.demand(value, ty);
                InferTy::UNIT
            }
            ExprKind::AssignOp(op, place, value) => {
                let ty = self.check_place(place, expr.span);
                self.check_arith_operands(*op, ty, place.span, value, true);
                InferTy::UNIT
            }
            ExprKind::Cast(value, target) => self.check_cast(value, *target, expr.span),
            ExprKind::Block(block) => self.check_block(block, expect.clone()),
            ExprKind::If { cond, then, els } => {
                self.check_if(cond, then, els.as_deref(), expr.span, expect)
            }
            ExprKind::While { label, cond, body } => {
                self.check_while(expr.id, label.as_deref(), cond, body)
            }
            ExprKind::Loop { label, body } => self.check_loop(expr.id, label.as_deref(), body),
            ExprKind::For(for_loop) => self.check_for(expr.id, for_loop),
            ExprKind::Break { label, value } => {
                self.check_break(expr, label.as_deref(), value.as_deref())
            }
            ExprKind::Continue { label } => {
                self.check_continue(expr, label.as_deref());
                InferTy::Never
            }
            ExprKind::Return(value) => {
                self.check_return(value.as_deref(), expr.span);
                InferTy::Never
            }
            ExprKind::Call { callee, args } => self.check_call(expr, callee, args),
            ExprKind::ProcessExit { code, .. } => {
                self.demand(code, InferTy::Known(Ty::I32));
                InferTy::Never
            }
            ExprKind::ArgsLen { .. } => InferTy::Known(Ty::Usize),
            ExprKind::Match { scrutinee, arms } => self.check_match(scrutinee, arms, expect),
            ExprKind::Macro(mac) => self.check_macro(&mac.kind),
        }
    }

    fn check_var(&mut self, expr: &Expr, ident: &Ident) -> InferTy {
        match self.lookup(&ident.name) {
            Some(binding) => {
                self.tables.var_res.push((expr.id, binding));
                self.binding_ty(binding)
            }
            None if self.items.by_name.contains_key(&ident.name) => {
                self.error(Diagnostic::unsupported(
                    format!("expression: function `{}` used as a value", ident.name),
                    ident.span,
                ));
                InferTy::Error
            }
            None => {
                self.error(
                    Diagnostic::error(
                        format!("cannot find value `{}` in this scope", ident.name),
                        ident.span,
                    )
                    .with_code("E0425")
                    .with_label("not found in this scope"),
                );
                InferTy::Error
            }
        }
    }

    /// The left side of an assignment: a variable, which must be mutable.
    fn check_place(&mut self, place: &Expr, assign_span: Span) -> InferTy {
        let ty = self.check_expr(place, Expect::None);
        let Some(resolved) = self.variable_just_checked(place) else {
            return ty;
        };
        self.tables.var_res.push((place.id, resolved));
        self.tables.reassigned.push(resolved);
        let info = self.bindings.get(&resolved);
        if let Some(info) = info.filter(|info| !info.mutable) {
            self.borrow_errors.push(immutable_assign(info, assign_span));
        }
        ty
    }

    fn check_unary(&mut self, op: UnaryOp, operand: &Expr, span: Span, expect: &Expect) -> InferTy {
        let hint = expect.to_hint(&mut self.table);
        let ty = self.check_expr(operand, hint);
        let ty = self.resolve(ty);
        if ty.is_never_or_error() {
            return ty;
        }
        let symbol = match op {
            UnaryOp::Neg => "-",
            UnaryOp::Not => "!",
        };
        let ok = match op {
            UnaryOp::Neg => ty.is_integral(),
            UnaryOp::Not => ty.is_integral() || ty == InferTy::BOOL,
        };
        if !ok {
            let name = self.op_name(ty);
            self.error(
                Diagnostic::error(
                    format!("cannot apply unary operator `{symbol}` to type `{name}`"),
                    span,
                )
                .with_code("E0600")
                .with_label(format!("cannot apply unary operator `{symbol}`")),
            );
            return InferTy::Error;
        }
        if op == UnaryOp::Neg {
            self.deferred.push(Deferred::Neg { ty, span });
        }
        ty
    }

    fn check_binary(&mut self, operator: Operator, lhs: &Expr, rhs: &Expr) -> InferTy {
        let op = operator.op;
        if op.is_lazy() {
            self.demand(lhs, InferTy::BOOL);
            let saved = self.diverges;
            self.demand(rhs, InferTy::BOOL);
            self.diverges = saved;
            return InferTy::BOOL;
        }
        let lhs_ty = self.check_expr(lhs, Expect::None);
        if op.is_comparison() {
            let rhs_ty = self.check_expr(rhs, Expect::None);
            if let Err((_, _)) = self.table.unify(lhs_ty, rhs_ty) {
                let d = self.mismatch(lhs_ty, rhs_ty, rhs.span);
                self.error(d);
            }
            return InferTy::BOOL;
        }
        self.check_arith_operands(operator, lhs_ty, lhs.span, rhs, false)
    }

    /// The operands of `+ - * / % & | ^ << >>` (also compound): integers of one type (either
    /// side for shifts), or `bool` for the bitwise operators. Returns the result type.
    fn check_arith_operands(
        &mut self,
        operator: Operator,
        lhs_ty: InferTy,
        lhs_span: Span,
        rhs: &Expr,
        assign: bool,
    ) -> InferTy {
        let op = operator.op;
        let rhs_ty = self.check_expr(rhs, Expect::None);
        let (lhs_ty, rhs_ty) = (self.resolve(lhs_ty), self.resolve(rhs_ty));
        if lhs_ty.is_never_or_error() || rhs_ty.is_never_or_error() {
            return if lhs_ty == InferTy::Error {
                InferTy::Error
            } else {
                lhs_ty
            };
        }
        let lhs_ok = lhs_ty.is_integral() || op.is_bitwise() && lhs_ty == InferTy::BOOL;
        if !lhs_ok {
            let d = self.unsupported_operand(operator, lhs_ty, rhs_ty, lhs_span, rhs.span, assign);
            self.error(d);
            return InferTy::Error;
        }
        if op.is_shift() {
            if !rhs_ty.is_integral() {
                let d = self.no_operator(op, lhs_ty, rhs_ty, operator.span, assign, "E0277");
                self.error(d);
            }
            return lhs_ty;
        }
        match self.table.unify(lhs_ty, rhs_ty) {
            Ok(ty) => ty,
            Err(_) if rhs_ty.is_integral() && lhs_ty.is_integral() => {
                let d = self.mismatch(lhs_ty, rhs_ty, rhs.span);
                self.error(d);
                InferTy::Error
            }
            Err(_) => {
                let d = self.no_operator(op, lhs_ty, rhs_ty, operator.span, assign, "E0277");
                self.error(d);
                InferTy::Error
            }
        }
    }

    /// E0369 (E0368 for `op=`): the left operand's type has no such operator at all.
    fn unsupported_operand(
        &mut self,
        operator: Operator,
        lhs: InferTy,
        rhs: InferTy,
        lhs_span: Span,
        rhs_span: Span,
        assign: bool,
    ) -> Diagnostic {
        if assign {
            let l = self.op_name(lhs);
            let symbol = format!("{}=", operator.op.symbol());
            return Diagnostic::error(
                format!("binary assignment operation `{symbol}` cannot be applied to type `{l}`"),
                operator.span,
            )
            .with_code("E0368")
            .with_secondary(lhs_span, format!("cannot use `{symbol}` on type `{l}`"));
        }
        let (l, r) = (self.op_name(lhs), self.op_name(rhs));
        let mut d = self.no_operator(operator.op, lhs, rhs, operator.span, false, "E0369");
        d.label = None;
        d.with_secondary(lhs_span, l).with_secondary(rhs_span, r)
    }

    fn no_operator(
        &mut self,
        op: BinaryOp,
        lhs: InferTy,
        rhs: InferTy,
        span: Span,
        assign: bool,
        code: &'static str,
    ) -> Diagnostic {
        let (l, r) = (self.op_name(lhs), self.op_name(rhs));
        let symbol = if assign {
            format!("{}=", op.symbol())
        } else {
            op.symbol().to_string()
        };
        let message = match (op, assign) {
            (BinaryOp::Add, false) => format!("cannot add `{r}` to `{l}`"),
            (BinaryOp::Sub, false) => format!("cannot subtract `{r}` from `{l}`"),
            (BinaryOp::Mul, false) => format!("cannot multiply `{l}` by `{r}`"),
            (BinaryOp::Div, false) => format!("cannot divide `{l}` by `{r}`"),
            (BinaryOp::Rem, false) => {
                format!("cannot calculate the remainder of `{l}` divided by `{r}`")
            }
            _ => format!("no implementation for `{l} {symbol} {r}`"),
        };
        Diagnostic::error(message, span)
            .with_code(code)
            .with_label(format!("no implementation for `{l} {symbol} {r}`"))
    }

    fn check_cast(&mut self, value: &Expr, target: TyRef, span: Span) -> InferTy {
        let from = self.check_expr(value, Expect::Hint(target.ty));
        let from = self.resolve(from);
        if from.is_never_or_error() {
            return InferTy::Known(target.ty);
        }
        let from_name = self.op_name(from);
        let castable_from = from.is_integral() || from == InferTy::BOOL;
        if !castable_from || target.ty == Ty::Unit {
            self.error(
                Diagnostic::error(format!("non-primitive cast: `{from_name}` as `{}`", target.ty), span)
                    .with_code("E0605")
                    .with_label("an `as` expression can only be used to convert between primitive types or to coerce to a specific trait object"),
            );
        } else if target.ty == Ty::Bool && from != InferTy::BOOL {
            self.error(
                Diagnostic::error(format!("cannot cast `{from_name}` as `bool`"), span)
                    .with_code("E0054")
                    .with_help("compare with zero instead"),
            );
        }
        InferTy::Known(target.ty)
    }

    fn check_if(
        &mut self,
        cond: &Expr,
        then: &Block,
        els: Option<&Expr>,
        span: Span,
        expect: &Expect,
    ) -> InferTy {
        self.demand(cond, InferTy::BOOL);
        let after_cond = self.diverges;
        let Some(els) = els else {
            self.check_if_without_else(then, span, expect);
            self.diverges = after_cond;
            return InferTy::UNIT;
        };
        let then_ty = self.check_block(then, expect.clone());
        let then_diverges = std::mem::replace(&mut self.diverges, after_cond);
        let else_ty = self.check_expr(els, expect.clone());
        let else_diverges = self.diverges;
        self.diverges = after_cond || then_diverges && else_diverges;
        match expect {
            Expect::Has(expected, _)
                if !(then_ty == InferTy::Never && else_ty == InferTy::Never) =>
            {
                *expected
            }
            _ => self.join(
                then_ty,
                else_ty,
                els.span,
                "`if` and `else` have incompatible types",
            ),
        }
    }

    /// An `if` without `else` has type `()`: its block must too, and the context must accept it.
    fn check_if_without_else(&mut self, then: &Block, span: Span, expect: &Expect) {
        let expected = match expect {
            Expect::Has(ty, _) => self.resolve(*ty),
            _ => InferTy::UNIT,
        };
        if matches!(
            expected,
            InferTy::Known(Ty::Unit) | InferTy::Never | InferTy::Error
        ) {
            self.check_block(then, Expect::has(InferTy::UNIT));
            return;
        }
        self.check_block(then, Expect::None);
        let expected = self.table.describe(expected);
        self.error(
            Diagnostic::error("`if` may be missing an `else` clause", span)
                .with_code("E0317")
                .with_label(format!("expected {expected}, found `()`"))
                .with_note("`if` expressions without `else` evaluate to `()`"),
        );
    }

    /// The common type of two branches.
    fn join(&mut self, first: InferTy, second: InferTy, span: Span, message: &str) -> InferTy {
        match self.table.unify(first, second) {
            Ok(_) if first == InferTy::Never && second == InferTy::Never => InferTy::Never,
            Ok(ty) => ty,
            Err(_) => {
                let (expected, found) = (self.table.describe(first), self.table.describe(second));
                self.error(
                    Diagnostic::error(message, span)
                        .with_code("E0308")
                        .with_label(format!("expected {expected}, found {found}")),
                );
                InferTy::Error
            }
        }
    }

    fn push_loop(&mut self, id: ExprId, label: Option<&Label>, kind: LoopKind) {
        self.loops.push(LoopCtx {
            id,
            label: label.map(|l| l.name.clone()),
            kind,
            break_ty: None,
            has_break: false,
        });
    }

    fn check_while(
        &mut self,
        id: ExprId,
        label: Option<&Label>,
        cond: &Expr,
        body: &Block,
    ) -> InferTy {
        self.push_loop(id, label, LoopKind::While);
        self.demand(cond, InferTy::BOOL);
        let after_cond = self.diverges;
        self.check_block(body, Expect::has(InferTy::UNIT));
        self.diverges = after_cond;
        self.loops.pop();
        InferTy::UNIT
    }

    fn check_loop(&mut self, id: ExprId, label: Option<&Label>, body: &Block) -> InferTy {
        let before = self.diverges;
        self.push_loop(id, label, LoopKind::Loop);
        self.check_block(body, Expect::has(InferTy::UNIT));
        let ctx = self.loops.pop().expect("pushed above");
        self.diverges = before;
        if ctx.has_break {
            ctx.break_ty.unwrap_or(InferTy::UNIT)
        } else {
            InferTy::Never
        }
    }

    fn check_for(&mut self, id: ExprId, for_loop: &ForLoop) -> InferTy {
        let ForLoop {
            label,
            pat,
            range,
            body,
        } = for_loop;
        let label = label.as_deref();
        let start = self.check_expr(&range.start, Expect::None);
        let elem = self.check_expr(&range.end, Expect::has(start));
        let elem = self.resolve(elem);
        if !elem.is_integral() && !elem.is_never_or_error() {
            let name = self.op_name(elem);
            self.error(
                Diagnostic::error(
                    format!("the trait bound `{name}: Step` is not satisfied"),
                    range.span,
                )
                .with_code("E0277")
                .with_label(format!("the trait `Step` is not implemented for `{name}`")),
            );
        }
        let before = self.diverges;
        self.with_scope(|this| {
            if let LetPat::Binding(binding) = pat {
                this.declare(binding, elem, false);
            }
            this.push_loop(id, label, LoopKind::For);
            this.check_block(body, Expect::has(InferTy::UNIT));
            this.loops.pop();
        });
        self.diverges = before;
        InferTy::UNIT
    }

    /// The loop a `break` / `continue` refers to, or an error.
    fn jump_target(&mut self, expr: &Expr, label: Option<&Label>, keyword: &str) -> Option<usize> {
        let found = match label {
            Some(label) => self
                .loops
                .iter()
                .rposition(|l| l.label.as_deref() == Some(&label.name)),
            None => self.loops.len().checked_sub(1),
        };
        match (found, label) {
            (Some(index), _) => {
                self.tables
                    .jump_target
                    .push((expr.id, self.loops[index].id));
                Some(index)
            }
            (None, Some(label)) => {
                self.error(
                    Diagnostic::error(
                        format!("use of undeclared label `'{}`", label.name),
                        label.span,
                    )
                    .with_code("E0426")
                    .with_label(format!("undeclared label `'{}`", label.name)),
                );
                None
            }
            (None, None) => {
                self.error(
                    Diagnostic::error(format!("`{keyword}` outside of a loop"), expr.span)
                        .with_code("E0268")
                        .with_label(format!("cannot `{keyword}` outside of a loop")),
                );
                None
            }
        }
    }

    fn check_break(&mut self, expr: &Expr, label: Option<&Label>, value: Option<&Expr>) -> InferTy {
        let Some(index) = self.jump_target(expr, label, "break") else {
            if let Some(value) = value {
                self.check_expr(value, Expect::None);
            }
            return InferTy::Never;
        };
        self.loops[index].has_break = true;
        if self.loops[index].kind != LoopKind::Loop {
            if let Some(value) = value {
                let kind = if self.loops[index].kind == LoopKind::While {
                    "while"
                } else {
                    "for"
                };
                self.check_expr(value, Expect::None);
                self.error(
                    Diagnostic::error(
                        format!("`break` with value from a `{kind}` loop"),
                        expr.span,
                    )
                    .with_code("E0571")
                    .with_label("can only break with a value inside `loop` or breakable block"),
                );
            }
            return InferTy::Never;
        }
        let value_ty = match (value, self.loops[index].break_ty) {
            (Some(value), Some(ty)) => self.demand(value, ty),
            (Some(value), None) => self.check_expr(value, Expect::None),
            (None, Some(ty)) => self.coerce(InferTy::UNIT, ty, expr.span, None),
            (None, None) => InferTy::UNIT,
        };
        if self.loops[index].break_ty.is_none() && value_ty != InferTy::Never {
            self.loops[index].break_ty = Some(value_ty);
        }
        InferTy::Never
    }

    fn check_continue(&mut self, expr: &Expr, label: Option<&Label>) {
        self.jump_target(expr, label, "continue");
    }

    fn check_return(&mut self, value: Option<&Expr>, span: Span) {
        let ret = self.ret;
        let origin = self.ret_origin.clone();
        match value {
            Some(value) => {
                self.check_expr(value, Expect::Has(ret, origin));
            }
            None => {
                if ret != InferTy::UNIT {
                    self.error(
                        Diagnostic::error(
                            "`return;` in a function whose return type is not `()`",
                            span,
                        )
                        .with_code("E0069")
                        .with_label("return type is not `()`"),
                    );
                }
            }
        }
    }

    fn check_call(&mut self, expr: &Expr, callee: &Ident, args: &[Expr]) -> InferTy {
        let items = self.items;
        let Some(&index) = items.by_name.get(&callee.name) else {
            for arg in args {
                self.check_expr(arg, Expect::None);
            }
            if items.broken_fns.contains(&callee.name) {
                return InferTy::Error;
            }
            let d = if self.lookup(&callee.name).is_some() {
                Diagnostic::error("expected function, found local variable", callee.span)
                    .with_code("E0618")
                    .with_label(format!("`{}` is not a function", callee.name))
            } else {
                Diagnostic::error(
                    format!("cannot find function `{}` in this scope", callee.name),
                    callee.span,
                )
                .with_code("E0425")
                .with_label("not found in this scope")
            };
            self.error(d);
            return InferTy::Error;
        };
        self.tables.call_res.push((expr.id, index));
        let sig = &items.sigs[index];
        if args.len() != sig.params.len() {
            for arg in args {
                self.check_expr(arg, Expect::None);
            }
            self.error(wrong_arg_count(sig, args.len(), callee.span));
            return InferTy::Known(sig.ret);
        }
        for (arg, param) in args.iter().zip(&sig.params) {
            let origin = Origin {
                span: sig.name_span,
                label: "function defined here".to_string(),
            };
            self.check_expr(arg, Expect::Has(InferTy::Known(*param), Some(origin)));
        }
        InferTy::Known(sig.ret)
    }

    fn check_match(&mut self, scrutinee: &Expr, arms: &[Arm], expect: &Expect) -> InferTy {
        let scrutinee_ty = self.check_expr(scrutinee, Expect::None);
        let resolved = self.resolve(scrutinee_ty);
        if !(resolved.is_integral() || resolved == InferTy::BOOL || resolved.is_never_or_error()) {
            let name = self.op_name(resolved);
            self.error(Diagnostic::unsupported(
                format!("match on type: {name}"),
                scrutinee.span,
            ));
        }
        let after_scrutinee = self.diverges;
        let mut all_diverge = true;
        let mut result: Option<InferTy> = None;
        for arm in arms {
            self.diverges = after_scrutinee;
            let body_ty = self.with_scope(|this| {
                this.check_pat(&arm.pat, scrutinee_ty, false);
                if let Some(guard) = &arm.guard {
                    this.demand(guard, InferTy::BOOL);
                }
                this.check_expr(&arm.body, expect.clone())
            });
            all_diverge &= self.diverges;
            result = Some(match (result, expect) {
                (None, _) => body_ty,
                (Some(prev), Expect::Has(..)) => self.table.unify(prev, body_ty).unwrap_or(prev),
                (Some(prev), _) => self.join(
                    prev,
                    body_ty,
                    arm.body.span,
                    "`match` arms have incompatible types",
                ),
            });
        }
        self.diverges = after_scrutinee || (all_diverge && !arms.is_empty());
        match (result, expect) {
            (None, _) => InferTy::Never,
            (Some(InferTy::Never), _) => InferTy::Never,
            (Some(_), Expect::Has(expected, _)) => *expected,
            (Some(ty), _) => ty,
        }
    }

    fn check_pat(&mut self, pat: &Pat, ty: InferTy, in_or: bool) {
        match &pat.kind {
            PatKind::Wild => {}
            PatKind::Binding(binding, sub) => {
                if in_or {
                    self.error(Diagnostic::unsupported(
                        "pattern: binding inside an or-pattern",
                        binding.span,
                    ));
                }
                if let Some(sub) = sub {
                    self.check_pat(sub, ty, in_or);
                }
                self.declare(binding, ty, false);
            }
            PatKind::Int(lit) => self.check_pat_lit(lit, ty),
            PatKind::Bool(_) => self.pat_unify(InferTy::BOOL, ty, pat.span),
            PatKind::Range { lo, hi, .. } => {
                let resolved = self.resolve(ty);
                if resolved == InferTy::BOOL {
                    self.error(
                        Diagnostic::error(
                            "only `char` and numeric types are allowed in range patterns",
                            pat.span,
                        )
                        .with_code("E0029"),
                    );
                    return;
                }
                for bound in lo.iter().chain(hi) {
                    self.check_pat_lit(bound, ty);
                }
            }
            PatKind::Or(alternatives) => {
                for alternative in alternatives {
                    self.check_pat(alternative, ty, true);
                }
            }
        }
    }

    fn check_pat_lit(&mut self, lit: &PatLit, ty: InferTy) {
        let lit_ty = match lit.suffix {
            Some(suffix) => InferTy::Known(suffix),
            None => self.table.new_int_var(),
        };
        self.pat_unify(lit_ty, ty, lit.span);
        if lit.value < 0 {
            self.deferred.push(Deferred::Neg { ty, span: lit.span });
        }
    }

    fn pat_unify(&mut self, pat_ty: InferTy, scrutinee: InferTy, span: Span) {
        if self.table.unify(pat_ty, scrutinee).is_err() {
            let d = self.mismatch(scrutinee, pat_ty, span);
            self.error(d);
        }
    }

    fn check_macro(&mut self, kind: &MacroKind) -> InferTy {
        match kind {
            MacroKind::Print { format, .. } => {
                self.check_format(format);
                InferTy::UNIT
            }
            MacroKind::Assert { cond, message } => {
                self.demand(cond, InferTy::BOOL);
                self.check_optional_format(message.as_ref());
                InferTy::UNIT
            }
            MacroKind::AssertCmp {
                left,
                right,
                message,
                ..
            } => {
                let left_ty = self.check_borrowed(left);
                let right_ty = self.check_borrowed(right);
                if self.table.unify(left_ty, right_ty).is_err() {
                    let d = self.mismatch(left_ty, right_ty, right.span);
                    self.error(d);
                }
                self.check_optional_format(message.as_ref());
                InferTy::UNIT
            }
            MacroKind::Panic(message)
            | MacroKind::Unreachable(message)
            | MacroKind::Todo(message) => {
                self.check_optional_format(message.as_ref());
                InferTy::Never
            }
        }
    }

    /// Checks `expr`, which a macro takes a reference to: when it names a variable, that
    /// variable is borrowed.
    fn check_borrowed(&mut self, expr: &Expr) -> InferTy {
        let ty = self.check_expr(expr, Expect::None);
        if let Some(binding) = self.variable_just_checked(expr) {
            self.tables.borrowed.push(binding);
        }
        ty
    }

    /// The variable `expr` (parentheses aside) names, if it is one, right after `expr` was
    /// checked: a variable is resolved last while it is checked (`check_var` logs it), so the
    /// log's last entry is the variable's.
    fn variable_just_checked(&self, expr: &Expr) -> Option<BindingId> {
        let target = expr.strip_parens();
        match self.tables.var_res.last() {
            Some(&(id, binding)) if id == target.id => Some(binding),
            _ => None,
        }
    }

    fn check_optional_format(&mut self, format: Option<&FormatArgs>) {
        if let Some(format) = format {
            self.check_format(format);
        }
    }

    fn check_format(&mut self, format: &FormatArgs) {
        let saved = self.diverges;
        for (index, arg) in format.args.iter().enumerate() {
            let ty = self.check_borrowed(arg);
            let displayed = format.segments.iter().any(|s| {
                *s == FmtSegment::Arg {
                    index,
                    debug: false,
                }
            });
            if displayed {
                self.deferred.push(Deferred::Display { ty, span: arg.span });
            }
        }
        self.diverges |= saved;
    }
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

fn wrong_arg_count(sig: &Sig, supplied: usize, span: Span) -> Diagnostic {
    let verb = if supplied == 1 { "was" } else { "were" };
    Diagnostic::error(
        format!(
            "this function takes {} but {} {verb} supplied",
            plural(sig.params.len(), "argument"),
            plural(supplied, "argument")
        ),
        span,
    )
    .with_code("E0061")
    .with_secondary(sig.name_span, "function defined here")
}

fn immutable_assign(info: &BindingInfo, span: Span) -> Diagnostic {
    let name = &info.name;
    if info.is_param {
        Diagnostic::error(
            format!("cannot assign to immutable argument `{name}`"),
            span,
        )
        .with_code("E0384")
        .with_label("cannot assign to immutable argument")
        .with_help(format!(
            "consider making this binding mutable: `mut {name}`"
        ))
    } else {
        Diagnostic::error(
            format!("cannot assign twice to immutable variable `{name}`"),
            span,
        )
        .with_code("E0384")
        .with_label("cannot assign twice to immutable variable")
        .with_secondary(info.span, format!("first assignment to `{name}`"))
        .with_help(format!(
            "consider making this binding mutable: `mut {name}`"
        ))
    }
}
