//! clifcov's front end: parses a Rust source file with `syn`, accepts the subset of
//! `SUBSET.md`, type-checks it as rustc would and lowers it to the clifcov IR.

mod ast;
mod builder;
mod const_lint;
mod diagnostics;
mod exhaustive;
mod format;
mod id_shift;
mod infer;
mod item_cuts;
mod layout;
mod lexical;
mod lint_levels;
mod lints;
mod location;
mod lower;
mod macros;
mod match_tree;
mod node_span;
mod ordered_map;
mod parallel;
mod parse_errors;
mod pretty;
mod syntax;
mod typeck;

use std::time::{Duration, Instant};

use clifcov_ir::{Pos, Program, Span};
use ordered_map::map_in_order;

pub use diagnostics::{Diagnostic, Diagnostics};

/// The stack of the thread that compiles: parsing and the passes over the syntax tree are
/// recursive, and deeply nested expressions must get an error, not a stack overflow.
pub(crate) const STACK_SIZE: usize = 1 << 30;

/// What the crate is built as: an executable needs `main`; a test build (`rustc --test`,
/// `clifcov test`) runs the `#[test]` functions and needs none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CrateKind {
    #[default]
    Binary,
    Tests,
}

/// Compiles the source of the file at `path` to the IR of an executable, or returns its errors.
pub fn compile(path: &str, source: &str) -> Result<Program, Diagnostics> {
    compile_crate(path, source, CrateKind::Binary)
}

/// [`compile`] for a crate of the given kind.
pub fn compile_crate(path: &str, source: &str, kind: CrateKind) -> Result<Program, Diagnostics> {
    compile_crate_timed(path, source, kind, &|_, _| {})
}

/// The stages of the front end, in order, as [`compile_crate_timed`] reports them.
pub const STAGES: [&str; 3] = [
    "parse and convert to the subset's syntax tree",
    "type-check and lint",
    "lower to IR",
];

/// [`compile_crate`], calling `on_stage` with the name (one of [`STAGES`]) and wall time of
/// each stage as it ends; a stage that finds errors ends the compile unreported.
pub fn compile_crate_timed(
    path: &str,
    source: &str,
    kind: CrateKind,
    on_stage: &(dyn Fn(&'static str, Duration) + Sync),
) -> Result<Program, Diagnostics> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("clifcov-frontend".to_string())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || compile_here(path, source, kind, on_stage));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                let error = Diagnostic::without_span("internal compiler error in the front end");
                Err(Diagnostics::new(path, source, vec![error]))
            }),
            Err(_) => compile_here(path, source, kind, on_stage),
        }
    })
}

/// [`compile_crate_timed`] on the current thread.
fn compile_here(
    path: &str,
    source: &str,
    kind: CrateKind,
    on_stage: &(dyn Fn(&'static str, Duration) + Sync),
) -> Result<Program, Diagnostics> {
    let fail = |list| Diagnostics::new(path, source, list);
    let [parse_stage, check_stage, lower_stage] = STAGES;
    let start = Instant::now();
    let (mut file, syntax_errors) = match parallel::convert_in_parts(source, kind, STACK_SIZE) {
        Some(converted) => converted,
        None => parse_and_convert(source, kind).map_err(fail)?,
    };
    if let Some(unknown) = lexical::unknown_token_in_parsed(source) {
        return Err(fail(vec![unknown]));
    }
    on_stage(parse_stage, start.elapsed());
    let start = Instant::now();
    let crate_name = clifcov_ir::crate_name_from_path(path);
    let checked = typeck::check_file(&file, &crate_name, path, end_of_code(source), kind);
    if !syntax_errors.is_empty() {
        let type_errors = checked.err().unwrap_or_default();
        return Err(fail(syntax_errors.into_iter().chain(type_errors).collect()));
    }
    let (typeck, mut errors) = checked.map_err(fail)?;
    let bodies: Vec<&ast::Block> = file
        .functions
        .iter()
        .filter_map(|f| f.body.as_ref())
        .collect();
    let (match_errors, literals_noted): (Vec<_>, Vec<_>) = map_in_order(
        &bodies,
        |body| body.lines(),
        |body| {
            let matches = exhaustive::check_matches(body, &typeck);
            (
                matches,
                lints::check_literals(body, &typeck, &file.allows, true),
            )
        },
    )
    .into_iter()
    .unzip();
    errors.extend(match_errors.into_iter().flatten());
    if !errors.is_empty() {
        return Err(fail(errors));
    }
    let literal_errors = literal_errors(&bodies, literals_noted, &typeck, &file.allows);
    on_stage(check_stage, start.elapsed());
    let start = Instant::now();
    // rustc reports the lints it runs on MIR (on operations, found while lowering here)
    // before its late lints (on literals).
    let program = match lower::lower_file(&mut file, &typeck, path, source) {
        Ok(program) if literal_errors.is_empty() => program,
        Ok(_) => return Err(fail(literal_errors)),
        Err(mut operation_errors) => {
            operation_errors.extend(literal_errors);
            return Err(fail(operation_errors));
        }
    };
    debug_assert_valid(&program);
    drop_in_background((file, typeck));
    on_stage(lower_stage, start.elapsed());
    Ok(program)
}

/// Frees `value` on a thread of its own, which the process does not wait for: the syntax
/// tree and types of a program of 1000 functions take about 7 ms to free, while the passes
/// after the front end have work for every core.
fn drop_in_background<T: Send + 'static>(value: T) {
    let _detached = std::thread::Builder::new().spawn(move || drop(value));
}

/// Parses the file and converts it to the subset AST, on this thread.
fn parse_and_convert(
    source: &str,
    kind: CrateKind,
) -> Result<(ast::File, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parsed = syn::parse_file(source).map_err(|e| vec![parse_error(&e, source)])?;
    syntax::check_depth(&parsed).map_err(|e| vec![*e])?;
    Ok(syntax::convert_file(&parsed, kind))
}

/// The literal lints of the bodies, in order, from those of each body checked alone with the
/// lint's level noted (`noted`, computed beside the match checks); rustc notes the level on
/// its first report only, so the bodies after the first one with errors are checked again
/// without it.
fn literal_errors(
    bodies: &[&ast::Block],
    noted: Vec<Vec<Diagnostic>>,
    typeck: &typeck::Typeck,
    allows: &lint_levels::LintAllows,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (body, found) in bodies.iter().zip(noted) {
        if errors.is_empty() || found.is_empty() {
            errors.extend(found);
        } else {
            errors.extend(lints::check_literals(body, typeck, allows, false));
        }
    }
    errors
}

#[cfg(debug_assertions)]
fn debug_assert_valid(program: &Program) {
    if let Err(errors) = clifcov_ir::validate_program(program) {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("the front end produced invalid IR:\n{}", list.join("\n"));
    }
}

#[cfg(not(debug_assertions))]
fn debug_assert_valid(_: &Program) {}

/// syn's error; for lexical errors, which syn reports without detail, rustc's explanation.
fn parse_error(error: &syn::Error, source: &str) -> Diagnostic {
    lexical::explain(source)
        .or_else(|| parse_errors::missing_semicolon(error, source))
        .or_else(|| parse_errors::dangling_attribute(error, source))
        .unwrap_or_else(|| Diagnostic::error(error.to_string(), syntax::token_span(error.span())))
}

/// The point just after the last non-blank character of the file, if any.
fn end_of_code(source: &str) -> Option<Span> {
    let trimmed = source.trim_end();
    trimmed.chars().last()?;
    let line = clifcov_ir::line_count(trimmed) as u32;
    let last_line = trimmed.rsplit('\n').next().unwrap_or(trimmed);
    let col = last_line.chars().count() as u32 + 1;
    Some(Span::new(Pos::new(line, col), Pos::new(line, col)))
}

#[cfg(test)]
mod tests;
