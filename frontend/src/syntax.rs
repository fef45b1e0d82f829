//! Builds the subset AST from `syn`'s syntax tree. This is the one place that rejects syntax
//! outside the subset, with an `unsupported <construct>` error pointing at the construct.

use std::cell::Cell;

use clifcov_ir::{Pos, Span, TestAttrs, Ty};
use proc_macro2::{LineColumn, Span as TokenSpan};
use syn::spanned::Spanned;

use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::id_shift::IdCounts;
use crate::lint_levels::{DenyLint, LintAllows};
use crate::node_span::{
    binop_span, block_span, expr_span, item_fn_span, local_span, operands_give_span,
};
use crate::CrateKind;

/// The source span of a syntax node (lines 1-based, columns made 1-based).
pub fn span_of<T: Spanned + ?Sized>(node: &T) -> Span {
    token_span(node.span())
}

/// The file position of a token: its line, moved down by the lines of the file before the
/// text the token was parsed from (see [`with_lines_before`]), and its column made 1-based.
pub fn token_span(span: TokenSpan) -> Span {
    Span::new(file_pos(span.start()), file_pos(span.end()))
}

/// The file span from the start of `first` to the end of `last`, two tokens of one part of
/// the file with `last` not before `first`: [`token_span`] of their join, with two position
/// lookups instead of the join's three.
pub fn token_span_from_to(first: TokenSpan, last: TokenSpan) -> Span {
    Span::new(file_pos(first.start()), file_pos(last.end()))
}

/// The file span of `chars` characters on one line from the start of `first`: a token of
/// that many characters, or adjacent ones, with one position lookup instead of two.
pub fn token_span_of_chars(first: TokenSpan, chars: u32) -> Span {
    let lo = file_pos(first.start());
    Span::new(lo, Pos::new(lo.line, lo.col + chars))
}

/// Gives `expr`, and the expressions inside the parentheses it is made of, the span `span`.
fn widen_through_parens(expr: &mut Expr, span: Span) {
    expr.span = span;
    if let ExprKind::Paren(inner) = &mut expr.kind {
        widen_through_parens(inner, span);
    }
}

/// A proc-macro2 position as a file position (see [`token_span`]).
fn file_pos(position: LineColumn) -> Pos {
    let lines_before = LINES_BEFORE.get();
    Pos::new(
        position.line as u32 + lines_before,
        position.column as u32 + 1,
    )
}

thread_local! {
    /// The lines of the file before the text whose spans this thread converts: zero, but
    /// while converting a part of the file parsed on its own.
    static LINES_BEFORE: Cell<u32> = const { Cell::new(0) };
}

/// Runs `convert` on this thread with every span it converts moved down `lines`: the
/// conversion of a part of the file that starts `lines` lines into it and was parsed alone.
pub fn with_lines_before<R>(lines: u32, convert: impl FnOnce() -> R) -> R {
    let outer = LINES_BEFORE.replace(lines);
    let result = convert();
    LINES_BEFORE.set(outer);
    result
}

/// Converts a parsed file; also returns every error found. Functions whose body has errors
/// keep their signature (so other functions still type-check against it) without a body;
/// functions whose signature has errors are left out and only named in `broken_fns`.
pub fn convert_file(file: &syn::File, kind: CrateKind) -> (File, Vec<Diagnostic>) {
    let uses = convert_uses(&file.attrs, &file.items);
    let (mut items, ids) = convert_items(&file.items, uses.imports, IdCounts::default(), kind);
    items.allows.extend(uses.allows);
    let (file, item_errors) = items.into_file(ids);
    let mut errors = uses.errors;
    errors.extend(item_errors);
    (file, errors)
}

/// The first step of [`convert_file`] on some of the file's items: the inner attributes and
/// `use` items, whose imports the conversion of every function needs.
pub fn convert_uses(inner_attrs: &[syn::Attribute], items: &[syn::Item]) -> UsesFound {
    let mut converter = Converter::default();
    converter.check_inner_attrs(inner_attrs);
    for item in items {
        if let syn::Item::Use(item_use) = item {
            converter.convert_use(item_use);
        }
    }
    UsesFound {
        imports: converter.imports,
        errors: converter.errors,
        allows: converter.allows,
    }
}

/// The second step of [`convert_file`] on a run of the file's items: converts them with the
/// imports of the whole file, numbering expressions and bindings from `ids`; also returns
/// the counts after the last item.
pub fn convert_items(
    items: &[syn::Item],
    imports: Imports,
    ids: IdCounts,
    kind: CrateKind,
) -> (ItemsConverted, IdCounts) {
    let mut converter = Converter {
        next_expr: ids.exprs,
        next_binding: ids.bindings,
        imports,
        imports_needed: Imports::default(),
        errors: Vec::new(),
        allows: LintAllows::default(),
    };
    let mut functions = Vec::new();
    let mut broken_fns = Vec::new();
    for item in items {
        match item {
            syn::Item::Fn(item_fn) if kind == CrateKind::Binary && is_test_fn(item_fn) => {}
            syn::Item::Fn(item_fn) => match converter.convert_fn(item_fn) {
                Some(function) => functions.push(function),
                None => broken_fns.push(item_fn.sig.ident.to_string()),
            },
            syn::Item::Use(_) => {}
            other => converter.unsupported(format!("item: {}", item_name(other)), span_of(other)),
        }
    }
    let ids = IdCounts {
        exprs: converter.next_expr,
        bindings: converter.next_binding,
    };
    let converted = ItemsConverted {
        functions,
        broken_fns,
        errors: converter.errors,
        imports_needed: converter.imports_needed,
        allows: converter.allows,
    };
    (converted, ids)
}

/// The inner attributes' and `use` items' errors and imports of some of the file's items.
pub struct UsesFound {
    pub imports: Imports,
    pub errors: Vec<Diagnostic>,
    /// The lints the crate's inner attributes allow.
    pub allows: LintAllows,
}

/// The functions converted from a run of items, in order, the errors found and the imports
/// that paths in them were resolved with.
#[derive(Default)]
pub struct ItemsConverted {
    pub functions: Vec<FnItem>,
    pub broken_fns: Vec<String>,
    pub errors: Vec<Diagnostic>,
    pub imports_needed: Imports,
    pub allows: LintAllows,
}

impl ItemsConverted {
    /// Appends the items converted after these, their ids moved up by `shift`.
    pub fn append(&mut self, mut next: ItemsConverted, shift: IdCounts) {
        next.functions
            .iter_mut()
            .for_each(|function| shift.shift(function));
        self.functions.extend(next.functions);
        self.broken_fns.extend(next.broken_fns);
        self.errors.extend(next.errors);
        self.allows.extend(next.allows);
    }

    /// The file of these functions, given the final id counts, and the errors.
    pub fn into_file(self, ids: IdCounts) -> (File, Vec<Diagnostic>) {
        let file = File {
            functions: self.functions,
            broken_fns: self.broken_fns,
            allows: self.allows,
            expr_count: ids.exprs as usize,
            binding_count: ids.bindings as usize,
        };
        (file, self.errors)
    }
}

/// The standard-library modules brought into scope by `use std::process;` / `use std::env;`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Imports {
    process: bool,
    env: bool,
}

impl Imports {
    /// Both modules imported.
    pub const ALL: Imports = Imports {
        process: true,
        env: true,
    };

    /// Whether every module of `needed` is among these.
    pub fn covers(self, needed: Imports) -> bool {
        (self.process || !needed.process) && (self.env || !needed.env)
    }

    /// The imports of two parts of a file together.
    pub fn union(self, other: Imports) -> Imports {
        Imports {
            process: self.process || other.process,
            env: self.env || other.env,
        }
    }
}

/// Conversion state: id counters, imports and the errors found so far. Failing conversions
/// record an error and return `None`; callers skip the construct and carry on.
#[derive(Default)]
pub(crate) struct Converter {
    next_expr: u32,
    next_binding: u32,
    imports: Imports,
    /// The imports that paths converted so far were resolved with, present or not.
    imports_needed: Imports,
    pub(crate) errors: Vec<Diagnostic>,
    /// The nodes whose `#[allow(..)]` turns off a deny-by-default lint.
    allows: LintAllows,
}

/// How deeply expressions, blocks and patterns may nest: every pass after parsing recurses
/// over the tree (and syn's spans cost time in proportion to the subtree).
const MAX_DEPTH: usize = 1000;

/// Refuses a file whose expressions, blocks or patterns nest deeper than [`MAX_DEPTH`];
/// run before [`convert_file`].
pub fn check_depth(file: &syn::File) -> Result<(), Box<Diagnostic>> {
    let mut depth = DepthCheck::default();
    syn::visit::Visit::visit_file(&mut depth, file);
    match depth.too_deep {
        Some(span) => Err(Box::new(Diagnostic::unsupported(
            format!("nesting deeper than {MAX_DEPTH} levels"),
            span,
        ))),
        None => Ok(()),
    }
}

/// Finds the first expression, block or pattern nested deeper than [`MAX_DEPTH`].
#[derive(Default)]
struct DepthCheck {
    depth: usize,
    too_deep: Option<Span>,
}

impl DepthCheck {
    fn enter(&mut self, span: impl FnOnce() -> Span) -> bool {
        if self.too_deep.is_some() {
            return false;
        }
        if self.depth >= MAX_DEPTH {
            self.too_deep = Some(span());
            return false;
        }
        self.depth += 1;
        true
    }
}

impl<'ast> syn::visit::Visit<'ast> for DepthCheck {
    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        if self.enter(|| span_of(expr)) {
            syn::visit::visit_expr(self, expr);
            self.depth -= 1;
        }
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        if self.enter(|| span_of(block)) {
            syn::visit::visit_block(self, block);
            self.depth -= 1;
        }
    }

    fn visit_pat(&mut self, pat: &'ast syn::Pat) {
        if self.enter(|| span_of(pat)) {
            syn::visit::visit_pat(self, pat);
            self.depth -= 1;
        }
    }
}

fn item_name(item: &syn::Item) -> &'static str {
    match item {
        syn::Item::Const(_) => "const",
        syn::Item::Enum(_) => "enum",
        syn::Item::ExternCrate(_) => "extern crate",
        syn::Item::ForeignMod(_) => "extern block",
        syn::Item::Impl(_) => "impl",
        syn::Item::Macro(_) => "macro definition or invocation",
        syn::Item::Mod(_) => "mod",
        syn::Item::Static(_) => "static",
        syn::Item::Struct(_) => "struct",
        syn::Item::Trait(_) | syn::Item::TraitAlias(_) => "trait",
        syn::Item::Type(_) => "type alias",
        syn::Item::Union(_) => "union",
        syn::Item::Fn(_) => "nested fn",
        syn::Item::Use(_) => "use",
        _ => "item",
    }
}

fn expr_name(expr: &syn::Expr) -> String {
    let name = match expr {
        syn::Expr::Array(_) | syn::Expr::Repeat(_) => "array",
        syn::Expr::Async(_) => "async block",
        syn::Expr::Await(_) => "`.await`",
        syn::Expr::Closure(_) => "closure",
        syn::Expr::Const(_) => "const block",
        syn::Expr::Field(_) => "field access",
        syn::Expr::Index(_) => "indexing",
        syn::Expr::Infer(_) => "`_`",
        syn::Expr::Let(_) => "`let` in a condition",
        syn::Expr::Range(_) => "range outside a `for` loop",
        syn::Expr::RawAddr(_) => "raw address-of",
        syn::Expr::Reference(_) => "reference",
        syn::Expr::Struct(_) => "struct literal",
        syn::Expr::Try(_) => "`?` operator",
        syn::Expr::TryBlock(_) => "try block",
        syn::Expr::Tuple(_) => "tuple",
        syn::Expr::Unsafe(_) => "unsafe block",
        syn::Expr::Yield(_) => "yield",
        syn::Expr::MethodCall(call) => return format!("method call `.{}()`", call.method),
        _ => "expression",
    };
    name.to_string()
}

pub fn path_text(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let prefix = if path.leading_colon.is_some() {
        "::"
    } else {
        ""
    };
    format!("{prefix}{}", segments.join("::"))
}

/// The path's identifiers, or `None` when it has generic arguments.
fn plain_segments(path: &syn::Path) -> Option<Vec<String>> {
    path.segments
        .iter()
        .map(|s| s.arguments.is_none().then(|| s.ident.to_string()))
        .collect()
}

fn attr_name(attr: &syn::Attribute) -> String {
    path_text(attr.path())
}

/// A `#[test]` function, which rustc removes from a build that is not a test build before
/// resolving names and checking types: only a parse error in it is reported.
fn is_test_fn(item: &syn::ItemFn) -> bool {
    item.attrs.iter().any(|attr| attr_name(attr) == "test")
}

/// Matches the outer attributes of the expression `$expr` (a `&syn::Expr` or a
/// `&mut syn::Expr`) as `$attrs`, for the kinds of expression the subset has.
macro_rules! match_expr_attrs {
    ($expr:expr, $attrs:ident => $then:expr, _ => $otherwise:expr) => {
        match $expr {
            syn::Expr::Lit(syn::ExprLit { attrs: $attrs, .. })
            | syn::Expr::Path(syn::ExprPath { attrs: $attrs, .. })
            | syn::Expr::Paren(syn::ExprParen { attrs: $attrs, .. })
            | syn::Expr::Tuple(syn::ExprTuple { attrs: $attrs, .. })
            | syn::Expr::Unary(syn::ExprUnary { attrs: $attrs, .. })
            | syn::Expr::Binary(syn::ExprBinary { attrs: $attrs, .. })
            | syn::Expr::Assign(syn::ExprAssign { attrs: $attrs, .. })
            | syn::Expr::Cast(syn::ExprCast { attrs: $attrs, .. })
            | syn::Expr::Block(syn::ExprBlock { attrs: $attrs, .. })
            | syn::Expr::If(syn::ExprIf { attrs: $attrs, .. })
            | syn::Expr::While(syn::ExprWhile { attrs: $attrs, .. })
            | syn::Expr::Loop(syn::ExprLoop { attrs: $attrs, .. })
            | syn::Expr::ForLoop(syn::ExprForLoop { attrs: $attrs, .. })
            | syn::Expr::Break(syn::ExprBreak { attrs: $attrs, .. })
            | syn::Expr::Continue(syn::ExprContinue { attrs: $attrs, .. })
            | syn::Expr::Return(syn::ExprReturn { attrs: $attrs, .. })
            | syn::Expr::Call(syn::ExprCall { attrs: $attrs, .. })
            | syn::Expr::MethodCall(syn::ExprMethodCall { attrs: $attrs, .. })
            | syn::Expr::Match(syn::ExprMatch { attrs: $attrs, .. })
            | syn::Expr::Macro(syn::ExprMacro { attrs: $attrs, .. }) => $then,
            _ => $otherwise,
        }
    };
}

fn expr_attrs(expr: &syn::Expr) -> &[syn::Attribute] {
    match_expr_attrs!(expr, attrs => attrs, _ => &[])
}

fn take_expr_attrs(expr: &mut syn::Expr) -> Vec<syn::Attribute> {
    match_expr_attrs!(expr, attrs => std::mem::take(attrs), _ => Vec::new())
}

impl Converter {
    pub(crate) fn unsupported(&mut self, what: impl std::fmt::Display, span: Span) {
        self.errors.push(Diagnostic::unsupported(what, span));
    }

    pub(crate) fn error(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    pub(crate) fn expr(&mut self, kind: ExprKind, span: Span) -> Expr {
        let id = ExprId(self.next_expr);
        self.next_expr += 1;
        Expr { id, kind, span }
    }

    fn binding(&mut self, name: String, mutable: bool, span: Span) -> Binding {
        let id = BindingId(self.next_binding);
        self.next_binding += 1;
        Binding {
            id,
            name,
            mutable,
            span,
        }
    }

    /// The crate's inner attributes: lint levels, whose deny-by-default lints are then off
    /// in the whole file, and doc comments.
    fn check_inner_attrs(&mut self, attrs: &[syn::Attribute]) {
        let lints = self.plain_attrs_allowing(attrs, "#!");
        self.allow_inside(lints, || LintAllows::WHOLE_FILE);
    }

    /// Attributes accepted on `node` (a statement, parameter, match arm...): lint levels,
    /// whose deny-by-default lints are then off inside it, and doc comments.
    fn check_plain_attrs<T: Spanned + ?Sized>(&mut self, attrs: &[syn::Attribute], node: &T) {
        let lints = self.plain_attrs_allowing(attrs, "#");
        self.allow_inside(lints, || span_of(node));
    }

    /// Checks attributes accepted anywhere (lint levels and doc comments), refusing others
    /// as `{pound}[name]`; returns the deny-by-default lints they allow.
    fn plain_attrs_allowing(&mut self, attrs: &[syn::Attribute], pound: &str) -> Vec<DenyLint> {
        let mut lints = Vec::new();
        for attr in attrs {
            match attr_name(attr).as_str() {
                "allow" => lints.extend(self.check_lint_list(attr)),
                "doc" => {}
                name => self.unsupported(format!("attribute `{pound}[{name}]`"), span_of(attr)),
            }
        }
        lints
    }

    /// Turns `lints` off inside the node whose span `region` gives (computed only when
    /// there are any: a node's whole span costs a walk over its tokens).
    fn allow_inside(&mut self, lints: Vec<DenyLint>, region: impl FnOnce() -> Span) {
        if lints.is_empty() {
            return;
        }
        let region = region();
        for lint in lints {
            self.allows.allow(lint, region);
        }
    }

    /// `#[allow(...)]` takes a list of lint names (paths), as rustc requires; returns the
    /// deny-by-default lints among them.
    fn check_lint_list(&mut self, attr: &syn::Attribute) -> Vec<DenyLint> {
        let syn::Meta::List(list) = &attr.meta else {
            let message = "malformed `allow` attribute input";
            self.error(Diagnostic::error(message, span_of(attr)));
            return Vec::new();
        };
        let parsed = list.parse_args_with(
            syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
        );
        let items = match parsed {
            Ok(items) => items,
            Err(error) => {
                self.malformed_lint_list(token_span(error.span()));
                return Vec::new();
            }
        };
        if let Some(item) = items
            .iter()
            .find(|item| !matches!(item, syn::Meta::Path(_)))
        {
            self.malformed_lint_list(span_of(item));
            return Vec::new();
        }
        items
            .iter()
            .filter_map(|item| DenyLint::named(&item.path().get_ident()?.to_string()))
            .collect()
    }

    fn malformed_lint_list(&mut self, span: Span) {
        let message = "malformed lint attribute input";
        self.error(Diagnostic::error(message, span).with_code("E0452"));
    }

    /// `#[inline]` alone or as `#[inline(always)]` / `#[inline(never)]`, as rustc requires.
    fn check_inline(&mut self, attr: &syn::Attribute) {
        let well_formed = match &attr.meta {
            syn::Meta::Path(_) => true,
            syn::Meta::List(list) => list
                .parse_args::<syn::Ident>()
                .is_ok_and(|hint| hint == "always" || hint == "never"),
            syn::Meta::NameValue(_) => false,
        };
        if !well_formed {
            let message = "malformed `inline` attribute input";
            self.error(Diagnostic::error(message, span_of(attr)).with_code("E0539"));
        }
    }

    /// A string literal with a suffix (`"text"u8`), which rustc refuses.
    pub fn check_no_suffix(&mut self, literal: &syn::LitStr) {
        let suffix = literal.suffix();
        if !suffix.is_empty() {
            let message = "suffixes on string literals are invalid";
            let label = format!("invalid suffix `{suffix}`");
            self.error(Diagnostic::error(message, span_of(literal)).with_label(label));
        }
    }

    fn convert_use(&mut self, item: &syn::ItemUse) {
        self.check_plain_attrs(&item.attrs, item);
        let tree = &item.tree;
        let module = match tree {
            syn::UseTree::Path(p) if p.ident == "std" => match &*p.tree {
                syn::UseTree::Name(name) => Some(name.ident.to_string()),
                _ => None,
            },
            _ => None,
        };
        match module.as_deref() {
            Some("process") => self.imports.process = true,
            Some("env") => self.imports.env = true,
            _ => self.unsupported(
                "item: use (only `use std::process;` and `use std::env;` are)",
                span_of(item),
            ),
        }
    }

    fn convert_fn(&mut self, item: &syn::ItemFn) -> Option<FnItem> {
        let sig = &item.sig;
        let test = self.convert_fn_attrs(item);
        self.check_signature(sig);
        let params = sig
            .inputs
            .iter()
            .map(|arg| self.convert_param(arg))
            .collect::<Vec<_>>();
        let ret = match &sig.output {
            syn::ReturnType::Default => None,
            syn::ReturnType::Type(_, ty) => Some(self.convert_type(ty)),
        };
        let body = self.convert_block(&item.block);
        let item_span = item_fn_span(item);
        let sig_start = match &item.vis {
            syn::Visibility::Inherited => token_span(sig.fn_token.span),
            vis => span_of(vis),
        };
        let sig_end = match &sig.output {
            syn::ReturnType::Default => token_span(sig.paren_token.span.close()),
            syn::ReturnType::Type(_, ty) => span_of(ty),
        };
        let params = params.into_iter().collect::<Option<Vec<_>>>()?;
        let ret = match ret {
            Some(ty) => Some(ty?),
            None => None,
        };
        if test.is_some() && !params.is_empty() {
            self.error(Diagnostic::error(
                "functions used as tests can not have any arguments",
                item_span,
            ));
        }
        Some(FnItem {
            name: Ident {
                name: sig.ident.to_string(),
                span: span_of(&sig.ident),
            },
            params,
            ret,
            body,
            test,
            span: item_span,
            sig_span: sig_start.to(sig_end),
        })
    }

    fn check_signature(&mut self, sig: &syn::Signature) {
        if let Some(token) = &sig.constness {
            self.unsupported("item: const fn", span_of(token));
        }
        if let Some(token) = &sig.asyncness {
            self.unsupported("item: async fn", span_of(token));
        }
        match &sig.safety {
            syn::Safety::Unsafe(token) => self.unsupported("item: unsafe fn", span_of(token)),
            syn::Safety::Safe(token) => self.unsupported("item: safe fn", span_of(token)),
            syn::Safety::Default => {}
        }
        if let Some(abi) = &sig.abi {
            self.unsupported("item: extern fn", span_of(abi));
        }
        if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
            self.unsupported("item: generic fn", span_of(&sig.generics));
        }
        if let Some(variadic) = &sig.variadic {
            self.unsupported("item: variadic fn", span_of(variadic));
        }
    }

    /// Reads `#[test]`, `#[ignore]` and `#[should_panic]`; accepts `#[inline]`, `#[allow]`
    /// (whose deny-by-default lints are then off in the function) and doc comments; rejects
    /// everything else.
    fn convert_fn_attrs(&mut self, item: &syn::ItemFn) -> Option<TestAttrs> {
        let mut is_test = false;
        let mut test = TestAttrs::default();
        let mut allowed = Vec::new();
        for attr in &item.attrs {
            match (attr_name(attr).as_str(), &attr.meta) {
                ("test", syn::Meta::Path(_)) => is_test = true,
                ("ignore", syn::Meta::Path(_) | syn::Meta::NameValue(_)) => test.ignore = true,
                ("should_panic", meta) => test.should_panic = Some(self.should_panic(meta)),
                ("inline", _) => self.check_inline(attr),
                ("allow", _) => allowed.extend(self.check_lint_list(attr)),
                ("doc", _) => {}
                (name, _) => self.unsupported(format!("attribute `#[{name}]`"), span_of(attr)),
            }
        }
        self.allow_inside(allowed, || item_fn_span(item));
        is_test.then_some(test)
    }

    /// The `expected` message of `#[should_panic]`, `#[should_panic = ".."]` or
    /// `#[should_panic(expected = "..")]`.
    fn should_panic(&mut self, meta: &syn::Meta) -> Option<String> {
        match meta {
            syn::Meta::Path(_) => None,
            syn::Meta::NameValue(nv) => self.string_value(&nv.value),
            syn::Meta::List(list) => {
                let parsed = list.parse_args_with(|input: syn::parse::ParseStream| {
                    let name: syn::Ident = input.parse()?;
                    input.parse::<syn::Token![=]>()?;
                    let value: syn::LitStr = input.parse()?;
                    Ok((name, value))
                });
                match parsed {
                    Ok((name, value)) if name == "expected" => {
                        self.check_no_suffix(&value);
                        Some(value.value())
                    }
                    _ => {
                        self.error(
                            Diagnostic::error(
                                "malformed `should_panic` attribute input",
                                span_of(list),
                            )
                            .with_help("use `#[should_panic(expected = \"error message\")]`"),
                        );
                        None
                    }
                }
            }
        }
    }

    fn string_value(&mut self, expr: &syn::Expr) -> Option<String> {
        match expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            other => {
                self.error(Diagnostic::error(
                    "expected a string literal",
                    span_of(other),
                ));
                None
            }
        }
    }

    fn convert_param(&mut self, arg: &syn::FnArg) -> Option<Param> {
        match arg {
            syn::FnArg::Receiver(receiver) => {
                self.unsupported("parameter: `self`", span_of(receiver));
                None
            }
            syn::FnArg::Typed(typed) => {
                self.check_plain_attrs(&typed.attrs, typed);
                let ty = self.convert_type(&typed.ty);
                let pat = self.convert_let_pat(&typed.pat);
                Some(Param { pat: pat?, ty: ty? })
            }
        }
    }

    pub(crate) fn convert_type(&mut self, ty: &syn::Type) -> Option<TyRef> {
        if let Some(named) = Self::named_type(ty) {
            return Some(named);
        }
        let span = span_of(ty);
        match ty {
            syn::Type::Tuple(t) if t.elems.is_empty() => Some(TyRef { ty: Ty::Unit, span }),
            syn::Type::Paren(p) => self.convert_type(&p.elem),
            _ => {
                let text = ty
                    .span()
                    .source_text()
                    .unwrap_or_else(|| "type".to_string());
                self.unsupported(format!("type: {text}"), span);
                None
            }
        }
    }

    /// A type named by one identifier, such as `i32`: its span from the identifier's start
    /// and length, one position lookup instead of the span of the whole type (which joins
    /// the spans of its tokens). `None` for other types.
    fn named_type(ty: &syn::Type) -> Option<TyRef> {
        let syn::Type::Path(path) = ty else {
            return None;
        };
        let ident = path.path.get_ident().filter(|_| path.qself.is_none())?;
        let name = ident.to_string();
        let ty = Ty::from_name(&name)?;
        let span = token_span_of_chars(ident.span(), name.chars().count() as u32);
        Some(TyRef { ty, span })
    }

    /// The span of a binding pattern `x` or `mut x` without attributes: from its first
    /// token's start to the identifier's end, two position lookups instead of the span of
    /// the whole pattern (which joins the spans of its tokens).
    fn binding_span(ident: &syn::PatIdent, name: &str) -> Span {
        let chars = name.chars().count() as u32;
        match (&ident.mutability, ident.attrs.is_empty()) {
            (None, true) => token_span_of_chars(ident.ident.span(), chars),
            (Some(mutability), true) => {
                let end = token_span_of_chars(ident.ident.span(), chars).hi;
                Span::new(token_span(mutability.span).lo, end)
            }
            (_, false) => span_of(ident),
        }
    }

    /// A binding pattern `x` / `mut x` or `_`, as `let`, parameters and `for` allow.
    fn convert_let_pat(&mut self, pat: &syn::Pat) -> Option<LetPat> {
        match pat {
            syn::Pat::Wild(w) => Some(LetPat::Wild(span_of(w))),
            syn::Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
                self.check_plain_attrs(&ident.attrs, ident);
                let name = ident.ident.to_string();
                let span = Self::binding_span(ident, &name);
                Some(LetPat::Binding(self.binding(
                    name,
                    ident.mutability.is_some(),
                    span,
                )))
            }
            other => {
                self.unsupported(format!("pattern: {}", pat_name(other)), span_of(other));
                None
            }
        }
    }

    pub(crate) fn convert_block(&mut self, block: &syn::Block) -> Option<Block> {
        let mut stmts = Vec::new();
        let mut tail = None;
        let mut ok = true;
        let count = block.stmts.len();
        for (i, stmt) in block.stmts.iter().enumerate() {
            let is_last = i + 1 == count;
            match self.convert_stmt(stmt) {
                Some(Stmt::Expr {
                    expr, semi: false, ..
                }) if is_last => tail = Some(Box::new(expr)),
                Some(stmt) => stmts.push(stmt),
                None => ok = false,
            }
        }
        ok.then(|| Block {
            stmts,
            tail,
            span: block_span(block),
        })
    }

    fn convert_stmt(&mut self, stmt: &syn::Stmt) -> Option<Stmt> {
        match stmt {
            syn::Stmt::Local(local) => self.convert_local(local).map(Stmt::Let),
            syn::Stmt::Expr(syn::Expr::Verbatim(tokens), Some(_)) if tokens.is_empty() => {
                Some(Stmt::Empty)
            }
            syn::Stmt::Item(item) => {
                self.unsupported(format!("item: {}", item_name(item)), span_of(item));
                None
            }
            syn::Stmt::Expr(expr, semi) => Some(Stmt::Expr {
                expr: self.convert_attributed_expr(expr)?,
                semi: semi.is_some(),
            }),
            syn::Stmt::Macro(stmt_mac) => {
                self.check_plain_attrs(&stmt_mac.attrs, stmt_mac);
                let expr = self.convert_macro(&stmt_mac.mac)?;
                Some(Stmt::Expr {
                    expr,
                    semi: stmt_mac.semi_token.is_some(),
                })
            }
        }
    }

    fn convert_local(&mut self, local: &syn::Local) -> Option<Let> {
        self.check_plain_attrs(&local.attrs, local);
        let span = local_span(local);
        let (pat, ty) = match &local.pat {
            syn::Pat::Type(typed) => (&*typed.pat, Some(self.convert_type(&typed.ty))),
            pat => (pat, None),
        };
        let pat = self.convert_let_pat(pat);
        let Some(init) = &local.init else {
            self.unsupported("statement: `let` without an initializer", span);
            return None;
        };
        if let Some((else_token, _)) = &init.diverge {
            self.unsupported("statement: `let`-`else`", span_of(else_token));
            return None;
        }
        let init = self.convert_expr(&init.expr);
        let ty = match ty {
            Some(ty) => Some(ty?),
            None => None,
        };
        Some(Let {
            pat: pat?,
            ty,
            init: init?,
            span,
        })
    }

    /// Attributes on an expression that is not a statement, which stable rustc refuses.
    pub(crate) fn check_expr_attrs(&mut self, expr: &syn::Expr) {
        for attr in expr_attrs(expr) {
            let message = "attributes on expressions are experimental";
            let issue = "see issue #15701 <https://github.com/rust-lang/rust/issues/15701> \
                         for more information";
            let error = Diagnostic::error(message, span_of(attr)).with_code("E0658");
            self.error(error.with_note(issue));
        }
    }

    /// An expression where stable rustc accepts outer attributes: an expression statement,
    /// a block's tail, a call's argument. They may be lint levels, whose deny-by-default
    /// lints are then off inside the expression, and doc comments; its span leaves them
    /// out. (syn, like rustc, gives the attributes before a binary operation, assignment or
    /// cast to its left operand, where they are refused.)
    fn convert_attributed_expr(&mut self, expr: &syn::Expr) -> Option<Expr> {
        if expr_attrs(expr).is_empty() {
            return self.convert_expr(expr);
        }
        let mut bare = expr.clone();
        let attrs = take_expr_attrs(&mut bare);
        let lints = self.plain_attrs_allowing(&attrs, "#");
        let converted = self.convert_expr(&bare)?;
        self.allow_inside(lints, || converted.span);
        Some(converted)
    }

    pub(crate) fn convert_expr(&mut self, expr: &syn::Expr) -> Option<Expr> {
        self.check_expr_attrs(expr);
        let operation = match expr {
            syn::Expr::Binary(binary) if operands_give_span(expr) => {
                Some(self.convert_binary(binary))
            }
            syn::Expr::Assign(assign) if operands_give_span(expr) => {
                Some(self.convert_assign(assign))
            }
            _ => None,
        };
        if let Some(kind) = operation {
            return Some(self.operation(expr, kind?));
        }
        if let Some(converted) = self.convert_one_token(expr) {
            return converted;
        }
        let span = expr_span(expr);
        let kind = match expr {
            syn::Expr::Lit(lit) if lit.attrs.is_empty() => self.convert_lit(&lit.lit, span)?,
            syn::Expr::Lit(lit) => self.convert_lit(&lit.lit, span_of(&lit.lit))?,
            syn::Expr::Path(path) => self.convert_path_expr(path, span)?,
            syn::Expr::Paren(paren) => {
                // As in rustc's HIR, the parenthesised expression's span includes the parens:
                // the outermost ones, when parentheses nest.
                let mut inner = self.convert_expr(&paren.expr)?;
                widen_through_parens(&mut inner, span);
                ExprKind::Paren(Box::new(inner))
            }
            syn::Expr::Group(group) => return self.convert_expr(&group.expr),
            syn::Expr::Tuple(tuple) if tuple.elems.is_empty() => ExprKind::Unit,
            syn::Expr::Unary(unary) => self.convert_unary(unary)?,
            syn::Expr::Binary(binary) => self.convert_binary(binary)?,
            syn::Expr::Assign(assign) => self.convert_assign(assign)?,
            syn::Expr::Cast(cast) => {
                let value = self.convert_expr(&cast.expr);
                let ty = self.convert_type(&cast.ty);
                ExprKind::Cast(Box::new(value?), ty?)
            }
            syn::Expr::Block(block) => {
                if let Some(label) = &block.label {
                    self.unsupported("expression: labelled block", span_of(label));
                    return None;
                }
                ExprKind::Block(self.convert_block(&block.block)?)
            }
            syn::Expr::If(expr_if) => self.convert_if(expr_if)?,
            syn::Expr::While(expr_while) => {
                let label = expr_while.label.as_ref().map(convert_label);
                let cond = self.convert_cond(&expr_while.cond);
                let body = self.convert_block(&expr_while.body);
                ExprKind::While {
                    label,
                    cond: Box::new(cond?),
                    body: body?,
                }
            }
            syn::Expr::Loop(expr_loop) => ExprKind::Loop {
                label: expr_loop.label.as_ref().map(convert_label),
                body: self.convert_block(&expr_loop.body)?,
            },
            syn::Expr::ForLoop(for_loop) => self.convert_for(for_loop)?,
            syn::Expr::Break(brk) => ExprKind::Break {
                label: brk.label.as_ref().map(convert_lifetime),
                value: match &brk.expr {
                    Some(value) => Some(Box::new(self.convert_expr(value)?)),
                    None => None,
                },
            },
            syn::Expr::Continue(cont) => ExprKind::Continue {
                label: cont.label.as_ref().map(convert_lifetime),
            },
            syn::Expr::Return(ret) => ExprKind::Return(match &ret.expr {
                Some(value) => Some(Box::new(self.convert_expr(value)?)),
                None => None,
            }),
            syn::Expr::Call(call) => self.convert_call(call, span)?,
            syn::Expr::MethodCall(call) => self.convert_method_call(call, span)?,
            syn::Expr::Match(expr_match) => self.convert_match(expr_match)?,
            syn::Expr::Macro(mac) => return self.convert_macro(&mac.mac),
            other => {
                self.unsupported(format!("expression: {}", expr_name(other)), span);
                return None;
            }
        };
        Some(self.expr(kind, span))
    }

    /// The literal `lit`, whose span is `span`.
    fn convert_lit(&mut self, lit: &syn::Lit, span: Span) -> Option<ExprKind> {
        match lit {
            syn::Lit::Int(int) => {
                let int = self.convert_int(int, int.to_string(), span)?;
                Some(ExprKind::Int(int))
            }
            syn::Lit::Bool(b) => Some(ExprKind::Bool(b.value)),
            other => {
                let name = match other {
                    syn::Lit::Str(_) => "string literal outside a format macro",
                    syn::Lit::ByteStr(_) | syn::Lit::CStr(_) => "byte string literal",
                    syn::Lit::Byte(_) => "byte literal",
                    syn::Lit::Char(_) => "char literal",
                    syn::Lit::Float(_) => "float literal",
                    _ => "literal",
                };
                self.unsupported(format!("expression: {name}"), span);
                None
            }
        }
    }

    /// The suffix type of a literal (`5u8`), or `None` without suffix.
    fn literal_suffix(&mut self, suffix: &str, span: Span) -> Result<Option<Ty>, ()> {
        if suffix.is_empty() {
            return Ok(None);
        }
        match Ty::from_name(suffix).filter(|ty| ty.is_integer()) {
            Some(ty) => Ok(Some(ty)),
            None if matches!(suffix, "i128" | "u128") => {
                self.unsupported(format!("type: {suffix}"), span);
                Err(())
            }
            None if matches!(suffix, "f32" | "f64") => {
                self.unsupported(format!("type: {suffix}"), span);
                Err(())
            }
            None => {
                self.error(
                    Diagnostic::error(
                        format!("invalid suffix `{suffix}` for number literal"),
                        span,
                    )
                    .with_label(format!("invalid suffix `{suffix}`"))
                    .with_help(
                        "the suffix must be one of the numeric types (`u32`, `isize`, `f32`, etc.)",
                    ),
                );
                Err(())
            }
        }
    }

    /// An identifier or an integer literal without attributes: the span comes from the
    /// token's start and its text's length (one position lookup instead of the two of
    /// `expr_span`), and the text is what the expression keeps. `None` for other expressions.
    fn convert_one_token(&mut self, expr: &syn::Expr) -> Option<Option<Expr>> {
        match expr {
            syn::Expr::Lit(syn::ExprLit {
                attrs,
                lit: syn::Lit::Int(int),
            }) if attrs.is_empty() => {
                let text = int.to_string();
                let span = token_span_of_chars(int.span(), text.chars().count() as u32);
                let int = self.convert_int(int, text, span);
                Some(int.map(|int| self.expr(ExprKind::Int(int), span)))
            }
            syn::Expr::Path(path) if path.attrs.is_empty() && path.qself.is_none() => {
                let ident = path.path.get_ident()?;
                let name = ident.to_string();
                let span = token_span_of_chars(ident.span(), name.chars().count() as u32);
                Some(Some(self.expr(ExprKind::Var(Ident { name, span }), span)))
            }
            _ => None,
        }
    }

    /// The integer literal `int`, written `text`, whose span is `span`.
    fn convert_int(&mut self, int: &syn::LitInt, text: String, span: Span) -> Option<IntLit> {
        let suffix = self.literal_suffix(int.suffix(), span).ok()?;
        match int.base10_parse::<u128>() {
            Ok(value) => Some(IntLit::new(value, suffix, text)),
            Err(_) => {
                self.error(
                    Diagnostic::error("integer literal is too large", span)
                        .with_note(format!("value exceeds limit of `{}`", u128::MAX)),
                );
                None
            }
        }
    }

    /// The path expression `path`, whose span is `span`.
    fn convert_path_expr(&mut self, path: &syn::ExprPath, span: Span) -> Option<ExprKind> {
        if path.qself.is_none() {
            if let Some(ident) = path.path.get_ident() {
                return Some(ExprKind::Var(Ident {
                    name: ident.to_string(),
                    span,
                }));
            }
        }
        let text = span.to_string();
        let text = path.span().source_text().unwrap_or(text);
        self.unsupported(format!("expression: path `{text}`"), span);
        None
    }

    fn convert_unary(&mut self, unary: &syn::ExprUnary) -> Option<ExprKind> {
        let op = match unary.op {
            syn::UnOp::Neg(_) => UnaryOp::Neg,
            syn::UnOp::Not(_) => UnaryOp::Not,
            _ => {
                self.unsupported("expression: dereference", span_of(unary));
                return None;
            }
        };
        Some(ExprKind::Unary(
            op,
            Box::new(self.convert_expr(&unary.expr)?),
        ))
    }

    /// The binary operation or assignment `expr`, converted to `kind`, with the span from
    /// the start of its left operand's to the end of its right operand's, as syn prints it:
    /// no position lookups of its own (see `operands_give_span`).
    fn operation(&mut self, expr: &syn::Expr, kind: ExprKind) -> Expr {
        let span = match &kind {
            ExprKind::Binary(_, lhs, rhs)
            | ExprKind::AssignOp(_, lhs, rhs)
            | ExprKind::Assign(lhs, rhs) => Span::new(lhs.span.lo, rhs.span.hi),
            _ => expr_span(expr),
        };
        self.expr(kind, span)
    }

    fn convert_assign(&mut self, assign: &syn::ExprAssign) -> Option<ExprKind> {
        let place = self.convert_place(&assign.left);
        let value = self.convert_expr(&assign.right);
        Some(ExprKind::Assign(Box::new(place?), Box::new(value?)))
    }

    fn convert_binary(&mut self, binary: &syn::ExprBinary) -> Option<ExprKind> {
        use syn::BinOp as B;
        let (op, compound) = match binary.op {
            B::Add(_) => (BinaryOp::Add, false),
            B::Sub(_) => (BinaryOp::Sub, false),
            B::Mul(_) => (BinaryOp::Mul, false),
            B::Div(_) => (BinaryOp::Div, false),
            B::Rem(_) => (BinaryOp::Rem, false),
            B::And(_) => (BinaryOp::And, false),
            B::Or(_) => (BinaryOp::Or, false),
            B::BitXor(_) => (BinaryOp::BitXor, false),
            B::BitAnd(_) => (BinaryOp::BitAnd, false),
            B::BitOr(_) => (BinaryOp::BitOr, false),
            B::Shl(_) => (BinaryOp::Shl, false),
            B::Shr(_) => (BinaryOp::Shr, false),
            B::Eq(_) => (BinaryOp::Eq, false),
            B::Lt(_) => (BinaryOp::Lt, false),
            B::Le(_) => (BinaryOp::Le, false),
            B::Ne(_) => (BinaryOp::Ne, false),
            B::Ge(_) => (BinaryOp::Ge, false),
            B::Gt(_) => (BinaryOp::Gt, false),
            B::AddAssign(_) => (BinaryOp::Add, true),
            B::SubAssign(_) => (BinaryOp::Sub, true),
            B::MulAssign(_) => (BinaryOp::Mul, true),
            B::DivAssign(_) => (BinaryOp::Div, true),
            B::RemAssign(_) => (BinaryOp::Rem, true),
            B::BitXorAssign(_) => (BinaryOp::BitXor, true),
            B::BitAndAssign(_) => (BinaryOp::BitAnd, true),
            B::BitOrAssign(_) => (BinaryOp::BitOr, true),
            B::ShlAssign(_) => (BinaryOp::Shl, true),
            B::ShrAssign(_) => (BinaryOp::Shr, true),
            _ => {
                self.unsupported("expression: operator", span_of(&binary.op));
                return None;
            }
        };
        let lhs = if compound {
            self.convert_place(&binary.left)
        } else {
            self.convert_expr(&binary.left)
        };
        let rhs = self.convert_expr(&binary.right);
        let (lhs, rhs) = (Box::new(lhs?), Box::new(rhs?));
        let op = Operator {
            op,
            span: binop_span(&binary.op),
        };
        Some(if compound {
            ExprKind::AssignOp(op, lhs, rhs)
        } else {
            ExprKind::Binary(op, lhs, rhs)
        })
    }

    /// The left side of an assignment: a variable, possibly parenthesised.
    fn convert_place(&mut self, expr: &syn::Expr) -> Option<Expr> {
        match expr {
            syn::Expr::Path(_) => self.convert_expr(expr),
            syn::Expr::Paren(paren) => self.convert_place(&paren.expr),
            syn::Expr::Field(_)
            | syn::Expr::Index(_)
            | syn::Expr::Unary(_)
            | syn::Expr::Tuple(_) => {
                self.unsupported(
                    format!("assignment target: {}", place_name(expr)),
                    span_of(expr),
                );
                None
            }
            other => {
                self.error(
                    Diagnostic::error("invalid left-hand side of assignment", span_of(other))
                        .with_code("E0070")
                        .with_label("cannot assign to this expression"),
                );
                None
            }
        }
    }

    /// A condition of `if` / `while`; `let` conditions are outside the subset.
    fn convert_cond(&mut self, cond: &syn::Expr) -> Option<Expr> {
        if let syn::Expr::Let(expr_let) = cond {
            self.unsupported("expression: `let` in a condition", span_of(expr_let));
            return None;
        }
        self.convert_expr(cond)
    }

    fn convert_if(&mut self, expr_if: &syn::ExprIf) -> Option<ExprKind> {
        let cond = self.convert_cond(&expr_if.cond);
        let then = self.convert_block(&expr_if.then_branch);
        let els = match &expr_if.else_branch {
            Some((_, els)) => Some(Box::new(self.convert_expr(els)?)),
            None => None,
        };
        Some(ExprKind::If {
            cond: Box::new(cond?),
            then: then?,
            els,
        })
    }

    fn convert_for(&mut self, for_loop: &syn::ExprForLoop) -> Option<ExprKind> {
        let label = for_loop.label.as_ref().map(convert_label);
        let pat = self.convert_let_pat(&for_loop.pat);
        let range = self.convert_range_iter(&for_loop.expr);
        let body = self.convert_block(&for_loop.body);
        Some(ExprKind::For(Box::new(ForLoop {
            label,
            pat: pat?,
            range: range?,
            body: body?,
        })))
    }

    /// The iterated expression of a `for`: `a..b`, `a..=b` or `(a..b).rev()`.
    fn convert_range_iter(&mut self, expr: &syn::Expr) -> Option<RangeIter> {
        let span = expr_span(expr);
        match expr {
            syn::Expr::Paren(paren) => self.convert_range_iter(&paren.expr),
            syn::Expr::MethodCall(call)
                if call.method == "rev" && call.args.is_empty() && call.turbofish.is_none() =>
            {
                let mut range = self.convert_range_iter(&call.receiver)?;
                if range.rev.is_some() {
                    self.unsupported("iterator: `.rev().rev()`", span);
                    return None;
                }
                range.rev = Some(span_of(&call.method));
                Some(range)
            }
            syn::Expr::Range(range) => {
                let (Some(start), Some(end)) = (&range.start, &range.end) else {
                    self.unsupported("iterator: range without both bounds", span);
                    return None;
                };
                let start = self.convert_expr(start);
                let end = self.convert_expr(end);
                Some(RangeIter {
                    start: Box::new(start?),
                    end: Box::new(end?),
                    inclusive: matches!(range.limits, syn::RangeLimits::Closed(_)),
                    rev: None,
                    span,
                })
            }
            other => {
                self.unsupported(
                    "iterator (only `a..b`, `a..=b` and their `.rev()` are)",
                    span_of(other),
                );
                None
            }
        }
    }

    fn is_process_exit(&mut self, segments: &[String]) -> bool {
        match segments {
            [std, process, exit] => std == "std" && process == "process" && exit == "exit",
            [process, exit] if process == "process" && exit == "exit" => {
                self.imports_needed.process = true;
                self.imports.process
            }
            _ => false,
        }
    }

    fn is_env_args(&mut self, segments: &[String]) -> bool {
        match segments {
            [std, env, args] => std == "std" && env == "env" && args == "args",
            [env, args] if env == "env" && args == "args" => {
                self.imports_needed.env = true;
                self.imports.env
            }
            _ => false,
        }
    }

    /// A call; `span` is the call expression's.
    fn convert_call(&mut self, call: &syn::ExprCall, span: Span) -> Option<ExprKind> {
        let syn::Expr::Path(callee) = &*call.func else {
            self.unsupported(
                "expression: call of a computed function",
                span_of(&call.func),
            );
            return None;
        };
        let segments = plain_segments(&callee.path).filter(|_| callee.qself.is_none());
        let Some(segments) = segments else {
            self.unsupported("expression: call of a generic path", span_of(callee));
            return None;
        };
        if self.is_env_args(&segments) {
            self.unsupported(
                "expression: `env::args()` other than in `env::args().len()`",
                span,
            );
            return None;
        }
        let args = call
            .args
            .iter()
            .map(|arg| self.convert_attributed_expr(arg))
            .collect::<Vec<_>>();
        let args = args.into_iter().collect::<Option<Vec<_>>>()?;
        if self.is_process_exit(&segments) {
            return self.process_exit(path_text(&callee.path), span_of(callee), args, span);
        }
        match segments.as_slice() {
            [name] => Some(ExprKind::Call {
                callee: Ident {
                    name: name.clone(),
                    span: span_of(callee),
                },
                args,
            }),
            _ => {
                self.unsupported(
                    format!("library function: `{}`", path_text(&callee.path)),
                    span_of(callee),
                );
                None
            }
        }
    }

    fn process_exit(
        &mut self,
        path: String,
        path_span: Span,
        mut args: Vec<Expr>,
        span: Span,
    ) -> Option<ExprKind> {
        if args.len() != 1 {
            self.error(
                Diagnostic::error(
                    format!(
                        "this function takes 1 argument but {} arguments were supplied",
                        args.len()
                    ),
                    span,
                )
                .with_code("E0061"),
            );
            return None;
        }
        Some(ExprKind::ProcessExit {
            path,
            path_span,
            code: Box::new(args.remove(0)),
        })
    }

    /// A method call; `span` is the call expression's.
    fn convert_method_call(&mut self, call: &syn::ExprMethodCall, span: Span) -> Option<ExprKind> {
        let args_call = match &*call.receiver {
            syn::Expr::Call(inner) if inner.args.is_empty() => match &*inner.func {
                syn::Expr::Path(p) if p.qself.is_none() => plain_segments(&p.path)
                    .filter(|segments| self.is_env_args(segments))
                    .map(|_| path_text(&p.path)),
                _ => None,
            },
            _ => None,
        };
        match args_call {
            Some(path)
                if call.method == "len" && call.args.is_empty() && call.turbofish.is_none() =>
            {
                Some(ExprKind::ArgsLen {
                    path,
                    receiver_span: expr_span(&call.receiver),
                    method_span: span_of(&call.method),
                })
            }
            _ => {
                self.unsupported(
                    format!("expression: method call `.{}()`", call.method),
                    span,
                );
                None
            }
        }
    }

    fn convert_match(&mut self, expr_match: &syn::ExprMatch) -> Option<ExprKind> {
        let scrutinee = self.convert_expr(&expr_match.expr);
        let arms = expr_match
            .arms
            .iter()
            .map(|arm| self.convert_arm(arm))
            .collect::<Vec<_>>();
        Some(ExprKind::Match {
            scrutinee: Box::new(scrutinee?),
            arms: arms.into_iter().collect::<Option<Vec<_>>>()?,
        })
    }

    fn convert_arm(&mut self, arm: &syn::Arm) -> Option<Arm> {
        self.check_plain_attrs(&arm.attrs, arm);
        let (pat, guard) = match &arm.pat {
            syn::Pat::Guard(guarded) => (&*guarded.pat, Some(&*guarded.guard)),
            pat => (pat, None),
        };
        let pat = self.convert_pat(pat);
        let guard = guard.map(|guard| self.convert_cond(guard));
        let body = self.convert_expr(&arm.body);
        Some(Arm {
            pat: pat?,
            guard: match guard {
                Some(guard) => Some(guard?),
                None => None,
            },
            body: body?,
        })
    }

    fn convert_pat(&mut self, pat: &syn::Pat) -> Option<Pat> {
        let span = span_of(pat);
        let kind = match pat {
            syn::Pat::Wild(_) => PatKind::Wild,
            syn::Pat::Paren(paren) => return self.convert_pat(&paren.pat),
            syn::Pat::Ident(ident) if ident.by_ref.is_none() => {
                let sub = match &ident.subpat {
                    Some((_, sub)) => Some(Box::new(self.convert_pat(sub)?)),
                    None => None,
                };
                let name_span = span_of(&ident.ident);
                let binding = self.binding(
                    ident.ident.to_string(),
                    ident.mutability.is_some(),
                    ident
                        .mutability
                        .map_or(name_span, |m| span_of(&m).to(name_span)),
                );
                PatKind::Binding(binding, sub)
            }
            syn::Pat::Lit(lit) => match &lit.lit {
                syn::Lit::Bool(b) => PatKind::Bool(b.value),
                _ => PatKind::Int(self.pat_lit(&lit.lit)?),
            },
            syn::Pat::Range(range) => {
                let lo = match &range.start {
                    Some(e) => Some(self.range_bound(e)?),
                    None => None,
                };
                let hi = match &range.end {
                    Some(e) => Some(self.range_bound(e)?),
                    None => None,
                };
                PatKind::Range {
                    lo,
                    hi,
                    inclusive: matches!(range.limits, syn::RangeLimits::Closed(_)),
                }
            }
            syn::Pat::Or(or) => {
                let alternatives = or
                    .cases
                    .iter()
                    .map(|p| self.convert_pat(p))
                    .collect::<Vec<_>>();
                PatKind::Or(alternatives.into_iter().collect::<Option<Vec<_>>>()?)
            }
            other => {
                self.unsupported(format!("pattern: {}", pat_name(other)), span);
                return None;
            }
        };
        Some(Pat { kind, span })
    }

    fn range_bound(&mut self, expr: &syn::Expr) -> Option<PatLit> {
        match expr {
            syn::Expr::Lit(lit) => self.pat_lit(&lit.lit),
            other => {
                self.unsupported(
                    "pattern: range bound other than an integer literal",
                    span_of(other),
                );
                None
            }
        }
    }

    /// An integer literal of a pattern; syn folds a leading `-` into the literal.
    fn pat_lit(&mut self, lit: &syn::Lit) -> Option<PatLit> {
        let span = span_of(lit);
        let syn::Lit::Int(int) = lit else {
            self.unsupported("pattern: literal other than an integer or `bool`", span);
            return None;
        };
        let suffix = self.literal_suffix(int.suffix(), span).ok()?;
        match int.base10_parse::<i128>() {
            Ok(value) => Some(PatLit {
                value,
                suffix,
                text: int.to_string(),
                span,
            }),
            Err(_) => {
                self.error(Diagnostic::error("integer literal is too large", span));
                None
            }
        }
    }
}

fn pat_name(pat: &syn::Pat) -> &'static str {
    match pat {
        syn::Pat::Tuple(_) | syn::Pat::TupleStruct(_) => "tuple",
        syn::Pat::Struct(_) => "struct",
        syn::Pat::Slice(_) => "slice",
        syn::Pat::Reference(_) => "reference",
        syn::Pat::Ident(ident) if ident.by_ref.is_some() => "`ref` binding",
        syn::Pat::Ident(_) => "binding with a subpattern",
        syn::Pat::Path(_) => "path",
        syn::Pat::Rest(_) => "`..`",
        syn::Pat::Lit(_) | syn::Pat::Range(_) => "literal",
        syn::Pat::Or(_) => "or-pattern",
        syn::Pat::Macro(_) => "macro",
        syn::Pat::Const(_) => "const block",
        _ => "pattern",
    }
}

fn place_name(expr: &syn::Expr) -> &'static str {
    match expr {
        syn::Expr::Field(_) => "field",
        syn::Expr::Index(_) => "index",
        syn::Expr::Unary(_) => "dereference",
        _ => "tuple",
    }
}

/// A loop label, boxed as the AST keeps labels (they are rare, expressions many).
fn convert_lifetime(lifetime: &syn::Lifetime) -> Box<Label> {
    Box::new(Label {
        name: lifetime.ident.to_string(),
        span: span_of(lifetime),
    })
}

fn convert_label(label: &syn::Label) -> Box<Label> {
    convert_lifetime(&label.name)
}
