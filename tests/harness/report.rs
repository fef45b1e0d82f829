//! Human-readable reports: one section per program with differences (which check, which run,
//! both values, a short diff or the check's own details), and the summary lines.

use std::fmt::Write;

use super::checks::Difference;
use super::corpus::Program;
use super::diff;
use super::toolchain::Compiler;

/// Lines of each value shown in full before it is cut.
const VALUE_LINES: usize = 12;
/// Lines of diff shown per difference.
const DIFF_LINES: usize = 16;
/// Detail lines shown per difference.
const DETAIL_LINES: usize = 80;

/// The report section of one program; empty when there is nothing to report.
pub fn program_section(program: &Program, differences: &[Difference]) -> String {
    if differences.is_empty() {
        return String::new();
    }
    let failing = differences.iter().filter(|d| d.failing).count();
    let reported = differences.len() - failing;
    let mut text = format!(
        "=== {} ({}): {failing} mismatch{}",
        program.name,
        program.source,
        if failing == 1 { "" } else { "es" }
    );
    if reported > 0 {
        let _ = write!(text, ", {reported} reported only");
    }
    text.push('\n');
    for difference in differences {
        text += &difference_section(program, difference);
    }
    text
}

fn difference_section(program: &Program, difference: &Difference) -> String {
    let mut text = match difference.run {
        Some(index) => format!("--- [{}] {}", difference.check, program.run_label(index)),
        None => format!("--- [{}]", difference.check),
    };
    if difference.candidate != Compiler::Clifcov.label() {
        let _ = write!(text, " ({})", difference.candidate);
    }
    text += if difference.failing {
        "\n"
    } else {
        " (reported, not failing)\n"
    };
    let endings_differ = difference.expected.ends_with('\n') != difference.actual.ends_with('\n');
    text += &value_block("rustc", &difference.expected, endings_differ);
    text += &value_block("clifcov", &difference.actual, endings_differ);
    if !difference.details.is_empty() {
        text += &details_block(&difference.details);
    } else if is_multiline(&difference.expected) && is_multiline(&difference.actual) {
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

fn details_block(details: &[String]) -> String {
    let mut text = String::new();
    for line in details.iter().take(DETAIL_LINES) {
        let _ = writeln!(text, "      {}", diff::visible(line));
    }
    if details.len() > DETAIL_LINES {
        let _ = writeln!(
            text,
            "      ... {} more lines",
            details.len() - DETAIL_LINES
        );
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

/// What the corpus test adds up over all programs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CorpusTotals {
    pub programs: usize,
    pub runs: usize,
    /// Failing differences.
    pub mismatches: usize,
    /// Programs with at least one `regions` difference.
    pub programs_with_region_differences: usize,
    /// Physical counters of all programs built by each compiler.
    pub rustc_counters: u64,
    pub clifcov_counters: u64,
}

/// The closing line of the corpus test.
pub fn corpus_summary(totals: &CorpusTotals) -> String {
    format!(
        "corpus: {} programs, {} runs, {} mismatches, {} programs with region differences",
        totals.programs, totals.runs, totals.mismatches, totals.programs_with_region_differences
    )
}

/// The physical counter totals over the corpus.
pub fn counter_summary(totals: &CorpusTotals) -> String {
    format!(
        "physical counters: clifcov {}, rustc {}",
        totals.clifcov_counters, totals.rustc_counters
    )
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
        let difference = Difference::new(
            "exit status",
            Some(1),
            "exit code 101".to_string(),
            "exit code 0".to_string(),
        );
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
        let difference =
            Difference::new("stdout", Some(0), "1\n2\n".to_string(), "1\n3".to_string());
        let section = program_section(&program(), &[difference]);
        assert!(section.contains("--- [stdout] run without arguments\n"));
        assert!(section.contains("    clifcov: (no final newline)\n      | 1\n      | 3\n"));
        assert!(section.contains("      - 2\n      + 3\n"));
    }

    #[test]
    fn reported_differences_show_their_details_and_do_not_count_as_mismatches() {
        let mut difference = Difference::new(
            "regions",
            None,
            "1 functions, 2 regions".to_string(),
            "1 functions, 3 regions".to_string(),
        );
        difference.details = vec!["fn t::main:".to_string()];
        difference.failing = false;
        let section = program_section(&program(), &[difference]);
        assert_eq!(
            section,
            "=== demo (tests/corpus/demo.rs): 0 mismatches, 1 reported only\n\
             --- [regions] (reported, not failing)\n    \
             rustc:   1 functions, 2 regions\n    \
             clifcov: 1 functions, 3 regions\n      \
             fn t::main:\n"
        );
    }

    #[test]
    fn summary_lines_name_every_total() {
        let totals = CorpusTotals {
            programs: 3,
            runs: 4,
            mismatches: 1,
            programs_with_region_differences: 2,
            rustc_counters: 10,
            clifcov_counters: 9,
        };
        assert_eq!(
            corpus_summary(&totals),
            "corpus: 3 programs, 4 runs, 1 mismatches, 2 programs with region differences"
        );
        assert_eq!(
            counter_summary(&totals),
            "physical counters: clifcov 9, rustc 10"
        );
    }
}
