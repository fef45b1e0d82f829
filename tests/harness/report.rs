//! Human-readable reports: one section per program with differences (which check, which run,
//! both values, a short diff), and the summary line.

use std::fmt::Write;

use super::checks::Difference;
use super::corpus::Program;
use super::diff;

/// Lines of each value shown in full before it is cut.
const VALUE_LINES: usize = 12;
/// Lines of diff shown per difference.
const DIFF_LINES: usize = 16;

/// The report section of one program; empty when there is nothing to report.
pub fn program_section(program: &Program, differences: &[Difference]) -> String {
    if differences.is_empty() {
        return String::new();
    }
    let mut text = format!(
        "=== {} ({}): {} mismatch{}\n",
        program.name,
        program.source,
        differences.len(),
        if differences.len() == 1 { "" } else { "es" }
    );
    for difference in differences {
        text += &difference_section(program, difference);
    }
    text
}

fn difference_section(program: &Program, difference: &Difference) -> String {
    let mut text = match difference.run {
        Some(index) => format!("--- [{}] {}\n", difference.check, program.run_label(index)),
        None => format!("--- [{}]\n", difference.check),
    };
    let endings_differ = difference.expected.ends_with('\n') != difference.actual.ends_with('\n');
    text += &value_block("rustc", &difference.expected, endings_differ);
    text += &value_block("clifcov", &difference.actual, endings_differ);
    if is_multiline(&difference.expected) && is_multiline(&difference.actual) {
        let lines = diff::short_diff(&difference.expected, &difference.actual, DIFF_LINES);
        if !lines.is_empty() {
            text += "    diff (- rustc, + clifcov):\n";
            for line in lines {
                let _ = writeln!(text, "      {line}");
            }
        }
    }
    text
}

fn is_multiline(value: &str) -> bool {
    value.trim_end_matches('\n').contains('\n')
}

/// `label: value` for one-line values, otherwise the value's lines indented under the label;
/// `mark_ending` notes a missing final newline.
fn value_block(label: &str, value: &str, mark_ending: bool) -> String {
    let pad = " ".repeat("clifcov".len() - label.len());
    if value.is_empty() {
        return format!("    {label}:{pad} (empty)\n");
    }
    let ending = if value.ends_with('\n') || !mark_ending {
        ""
    } else {
        " (no final newline)"
    };
    if !is_multiline(value) {
        let line = diff::visible(value.trim_end_matches('\n'));
        return format!("    {label}:{pad} {line}{ending}\n");
    }
    let lines: Vec<&str> = value.lines().collect();
    let mut text = format!("    {label}:{ending}\n");
    for line in lines.iter().take(VALUE_LINES) {
        let _ = writeln!(text, "      | {}", diff::visible(line));
    }
    if lines.len() > VALUE_LINES {
        let _ = writeln!(text, "      | ... {} more lines", lines.len() - VALUE_LINES);
    }
    text
}

/// The closing line of the corpus test.
pub fn corpus_summary(programs: usize, runs: usize, mismatches: usize) -> String {
    format!("corpus: {programs} programs, {runs} runs, {mismatches} mismatches")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::headers::Headers;

    fn program() -> Program {
        Program {
            name: "demo".to_string(),
            source: "tests/corpus/demo.rs".to_string(),
            headers: Headers {
                runs: vec![vec![], vec!["a".to_string()]],
                expected_errors: Vec::new(),
            },
        }
    }

    #[test]
    fn no_differences_no_section() {
        assert_eq!(program_section(&program(), &[]), "");
    }

    #[test]
    fn one_line_values_are_shown_inline() {
        let difference = Difference {
            check: "exit status",
            run: Some(1),
            expected: "exit code 101".to_string(),
            actual: "exit code 0".to_string(),
        };
        let section = program_section(&program(), &[difference]);
        assert_eq!(
            section,
            "=== demo (tests/corpus/demo.rs): 1 mismatch\n\
             --- [exit status] run with arguments `a`\n    \
             rustc:   exit code 101\n    \
             clifcov: exit code 0\n"
        );
    }

    #[test]
    fn multi_line_values_get_blocks_and_a_diff() {
        let difference = Difference {
            check: "stdout",
            run: Some(0),
            expected: "1\n2\n".to_string(),
            actual: "1\n3".to_string(),
        };
        let section = program_section(&program(), &[difference]);
        assert!(section.contains("--- [stdout] run without arguments\n"));
        assert!(section.contains("    clifcov: (no final newline)\n      | 1\n      | 3\n"));
        assert!(section.contains("      - 2\n      + 3\n"));
    }
}
