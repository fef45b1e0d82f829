//! Checks for programs the front end must refuse: clifcov exits with code 1 without panicking and
//! reports every `// expect-error:` diagnostic; rustc (the oracle) confirms the expectations that
//! are type errors, and accepts programs whose only expectations are unsupported constructs.

use std::fmt::Write;
use std::path::Path;

use super::corpus::Program;
use super::diagnostics::{self, Diagnostic};
use super::diff;
use super::headers::ExpectedError;
use super::process::{Captured, Termination};
use super::settings::Settings;
use super::toolchain::Compiler;

/// Lines of clifcov's stderr quoted in a failure report.
const QUOTED_LINES: usize = 20;

/// Everything wrong with how one rejected program was handled; empty when all is well.
pub fn problems(settings: &Settings, program: &Program, work_dir: &Path) -> Vec<String> {
    let expected = &program.headers.expected_errors;
    if expected.is_empty() {
        return vec!["the program has no `// expect-error:` header".to_string()];
    }
    let clifcov = Compiler::Clifcov.build(settings, &program.source, &work_dir.join("clifcov"));
    let rustc = Compiler::Rustc.build(settings, &program.source, &work_dir.join("rustc"));
    let mut found = clifcov_problems(program, &clifcov);
    found.extend(oracle_problems(program, &rustc));
    found
}

fn clifcov_problems(program: &Program, clifcov: &Captured) -> Vec<String> {
    let mut found = Vec::new();
    if clifcov.termination != Termination::Exited(1) {
        found.push(format!(
            "clifcov ended with {}, expected exit code 1",
            clifcov.termination
        ));
    }
    if clifcov.stderr.contains("panicked") {
        found.push("clifcov panicked".to_string());
    }
    let reported = diagnostics::parse(&clifcov.stderr);
    for expectation in &program.headers.expected_errors {
        if !reported.iter().any(|d| satisfies(program, d, expectation)) {
            found.push(format!(
                "clifcov reported no error at {}:{}:{} matching `{}`",
                program.source, expectation.line, expectation.column, expectation.pattern
            ));
        }
    }
    if !found.is_empty() {
        found.push(quote("clifcov's stderr", &clifcov.stderr));
    }
    found
}

fn oracle_problems(program: &Program, rustc: &Captured) -> Vec<String> {
    let expectations = &program.headers.expected_errors;
    if expectations
        .iter()
        .all(ExpectedError::is_unsupported_construct)
    {
        return if rustc.succeeded() {
            Vec::new()
        } else {
            vec![
                "rustc rejects this program too, so it does not isolate an unsupported construct"
                    .to_string(),
                quote("rustc's stderr", &rustc.stderr),
            ]
        };
    }
    let reported = diagnostics::parse(&rustc.stderr);
    let mut found: Vec<String> = expectations
        .iter()
        .filter(|expectation| !expectation.is_unsupported_construct())
        .filter(|expectation| !reported.iter().any(|d| satisfies(program, d, expectation)))
        .map(|expectation| {
            format!("the oracle disagrees: rustc reported no error matching `{expectation}`")
        })
        .collect();
    if !found.is_empty() {
        found.push(quote("rustc's stderr", &rustc.stderr));
    }
    found
}

fn satisfies(program: &Program, diagnostic: &Diagnostic, expectation: &ExpectedError) -> bool {
    diagnostic.file == program.source
        && diagnostic.line == expectation.line
        && diagnostic.column == expectation.column
        && expectation.matches_message(&diagnostic.message)
}

fn quote(label: &str, text: &str) -> String {
    if text.is_empty() {
        return format!("{label}: (empty)");
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut quoted = format!("{label}:");
    for line in lines.iter().take(QUOTED_LINES) {
        let _ = write!(quoted, "\n      | {}", diff::visible(line));
    }
    if lines.len() > QUOTED_LINES {
        let _ = write!(
            quoted,
            "\n      | ... {} more lines",
            lines.len() - QUOTED_LINES
        );
    }
    quoted
}

/// The report section of one rejected program; empty when there are no problems.
pub fn program_section(program: &Program, problems: &[String]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut text = format!("=== {} ({})\n", program.name, program.source);
    for problem in problems {
        let _ = writeln!(text, "    {problem}");
    }
    text
}

/// The closing line of the rejection test.
pub fn summary(programs: usize, failures: usize) -> String {
    format!("reject: {programs} programs, {failures} failures")
}
