//! The human-readable report of a [`Comparison`]: one line per aspect (stdout, stderr, exit
//! code, lines, regions, physical counters), each difference listed below its aspect, and
//! the verdict last.

use std::fmt::Write;

use super::coverage_report::RegionCount;
use super::diff::{normalise_stderr, Comparison, FunctionDiff, LineDiff, RunComparison};

pub fn render(comparison: &Comparison) -> String {
    let mut out = String::new();
    let (l, r) = (&comparison.lhs.label, &comparison.rhs.label);
    let _ = writeln!(out, "{l}: {}", comparison.lhs.description);
    let _ = writeln!(out, "{r}: {}", comparison.rhs.description);
    let tools = &comparison.llvm_tools;
    let _ = writeln!(
        out,
        "read with: {} and {} (LLVM {})",
        tools.profdata.display(),
        tools.cov.display(),
        tools.major
    );
    if let Some(arguments) = &comparison.arguments {
        let shown = if arguments.is_empty() {
            "none".to_string()
        } else {
            arguments.join(" ")
        };
        let _ = writeln!(out, "arguments: {shown}");
    }
    if let Some(runs) = &comparison.runs {
        render_runs(runs, l, r, &mut out);
    }
    render_lines(comparison, &mut out);
    render_regions(comparison, &mut out);
    render_counters(comparison, &mut out);
    let verdict = if comparison.identical() {
        "identical"
    } else {
        "DIFFERENT"
    };
    let _ = writeln!(out, "result: {verdict}");
    out
}

fn render_runs(runs: &RunComparison, l: &str, r: &str, out: &mut String) {
    let lines = runs.lhs.stdout.lines().count();
    if runs.stdout_identical() {
        let _ = writeln!(out, "stdout: identical ({})", plural(lines, "line"));
    } else {
        let _ = writeln!(out, "stdout: DIFFERENT");
        first_difference(&runs.lhs.stdout, &runs.rhs.stdout, l, r, out);
    }
    if runs.stderr_identical() {
        let _ = writeln!(out, "stderr: identical (panic thread id ignored)");
    } else {
        let _ = writeln!(out, "stderr: DIFFERENT");
        let (lhs, rhs) = (
            normalise_stderr(&runs.lhs.stderr),
            normalise_stderr(&runs.rhs.stderr),
        );
        first_difference(&lhs, &rhs, l, r, out);
    }
    if runs.status_identical() {
        let _ = writeln!(out, "exit code: identical ({})", runs.lhs.status);
    } else {
        let _ = writeln!(
            out,
            "exit code: DIFFERENT: {l} {}, {r} {}",
            runs.lhs.status, runs.rhs.status
        );
    }
}

/// The first line where two texts differ, quoted, with its number.
fn first_difference(lhs: &str, rhs: &str, l: &str, r: &str, out: &mut String) {
    let (a, b): (Vec<&str>, Vec<&str>) = (lhs.lines().collect(), rhs.lines().collect());
    let index = (0..a.len().max(b.len()))
        .find(|&i| a.get(i) != b.get(i))
        .unwrap_or(0);
    let quoted = |line: Option<&&str>| line.map_or("(no line)".to_string(), |s| format!("{s:?}"));
    let width = l.len().max(r.len());
    let _ = writeln!(out, "  first difference at line {}:", index + 1);
    let _ = writeln!(out, "    {l:<width$}  {}", quoted(a.get(index)));
    let _ = writeln!(out, "    {r:<width$}  {}", quoted(b.get(index)));
}

fn render_lines(comparison: &Comparison, out: &mut String) {
    let compared = comparison.lines_compared;
    if comparison.lines.is_empty() {
        let _ = writeln!(
            out,
            "lines: identical ({} with a count)",
            plural(compared, "line")
        );
        return;
    }
    let _ = writeln!(
        out,
        "lines: {} of {compared} lines DIFFER",
        comparison.lines.len()
    );
    let (l, r) = (&comparison.lhs.label, &comparison.rhs.label);
    let places: Vec<String> = comparison.lines.iter().map(place).collect();
    let width = places.iter().map(String::len).max().unwrap_or(0);
    let (lw, rw) = (l.len().max(5), r.len().max(5));
    let _ = writeln!(out, "  {:<width$}  {l:>lw$}  {r:>rw$}", "line");
    for (diff, place) in comparison.lines.iter().zip(&places) {
        let source = diff
            .source
            .as_deref()
            .map_or(String::new(), |s| format!("  | {s}"));
        let line = format!(
            "  {place:<width$}  {:>lw$}  {:>rw$}{source}",
            optional(diff.lhs),
            optional(diff.rhs)
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// `tests/t.rs:12`, relative to the current directory when the file is under it.
fn place(diff: &LineDiff) -> String {
    format!("{}:{}", relative(&diff.file), diff.line)
}

fn relative(file: &str) -> String {
    let Ok(dir) = std::env::current_dir() else {
        return file.to_string();
    };
    let dir = format!("{}/", dir.display());
    file.strip_prefix(&dir).unwrap_or(file).to_string()
}

/// `1 line`, `2 lines`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn optional(count: Option<u64>) -> String {
    count.map_or("-".to_string(), |c| c.to_string())
}

fn render_regions(comparison: &Comparison, out: &mut String) {
    let (functions, regions) = (comparison.functions_compared, comparison.regions_compared);
    if comparison.functions.is_empty() {
        let _ = writeln!(
            out,
            "regions: identical ({}, {})",
            plural(functions, "function"),
            plural(regions, "region")
        );
        return;
    }
    let differing: usize = comparison.functions.iter().map(|f| f.regions.len()).sum();
    let _ = writeln!(
        out,
        "regions: {} of {functions} functions DIFFER ({differing} of {regions} regions)",
        comparison.functions.len()
    );
    for function in &comparison.functions {
        render_function(function, &comparison.lhs.label, &comparison.rhs.label, out);
    }
}

fn render_function(function: &FunctionDiff, l: &str, r: &str, out: &mut String) {
    let presence = match (function.in_lhs, function.in_rhs) {
        (true, false) => format!(" (only in {l})"),
        (false, true) => format!(" (only in {r})"),
        _ => String::new(),
    };
    let _ = writeln!(out, "  {}{presence}", function.name);
    let rows: Vec<[String; 4]> = function
        .regions
        .iter()
        .map(|d| {
            let range = format!(
                "{}:{}-{}:{}",
                d.key.start.0, d.key.start.1, d.key.end.0, d.key.end.1
            );
            [
                d.key.kind.to_string(),
                range,
                format!("{l} {}", count_text(d.lhs.as_ref())),
                format!("{r} {}", count_text(d.rhs.as_ref())),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|row| row[i].len()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let _ = writeln!(
            out,
            "    {:<w0$}  {:<w1$}  {:<w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
    }
}

/// `3 [#1 + #2]`, `true 2, false 1 [#1, #0 - #1]`, `none`.
fn count_text(count: Option<&RegionCount>) -> String {
    let Some(count) = count else {
        return "none".to_string();
    };
    let counts = match count.counts.as_slice() {
        [one] => one.to_string(),
        [t, f] => format!("true {t}, false {f}"),
        many => format!("{many:?}"),
    };
    match &count.counters {
        Some(counters) => format!("{counts} [{counters}]"),
        None => counts,
    }
}

fn render_counters(comparison: &Comparison, out: &mut String) {
    let (l, r) = (&comparison.lhs, &comparison.rhs);
    let _ = writeln!(
        out,
        "physical counters: {} {}, {} {}",
        l.label, l.total_counters, r.label, r.total_counters
    );
    let mut names: Vec<&String> = l.counters.keys().chain(r.counters.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let (a, b) = (l.counters.get(name), r.counters.get(name));
        if a != b {
            let _ = writeln!(
                out,
                "  {name}: {} {}, {} {}",
                l.label,
                optional(a.copied()),
                r.label,
                optional(b.copied())
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_show_their_counters() {
        let code = RegionCount {
            counts: vec![3],
            counters: Some("#1 + #2".to_string()),
        };
        assert_eq!(count_text(Some(&code)), "3 [#1 + #2]");
        let branch = RegionCount {
            counts: vec![2, 1],
            counters: None,
        };
        assert_eq!(count_text(Some(&branch)), "true 2, false 1");
        assert_eq!(count_text(None), "none");
    }

    #[test]
    fn first_difference_quotes_both_lines() {
        let mut out = String::new();
        first_difference("a\nb\nc\n", "a\nB\n", "rustc", "clifcov", &mut out);
        assert_eq!(
            out,
            "  first difference at line 2:\n    rustc    \"b\"\n    clifcov  \"B\"\n"
        );
        let mut out = String::new();
        first_difference("a\n", "a\nextra\n", "l", "r", &mut out);
        assert!(out.contains("line 2") && out.contains("(no line)"), "{out}");
    }
}
