//! The JSON report of a [`Comparison`] (`--format json`), for scripts and CI: one document
//! with `result` (`identical`, `different` or `error`), both sides, the runs, and every line
//! and region difference with both counts, as the text report shows them.

use serde_json::{json, Map, Value};

use super::coverage_report::RegionCount;
use super::diff::{normalise_stderr, Comparison, FunctionDiff, LineDiff, SideSummary};
use super::side::{RunOutcome, Status};

pub fn render(comparison: &Comparison) -> String {
    let result = if comparison.identical() {
        "identical"
    } else {
        "different"
    };
    let runs = comparison.runs.as_ref().map(|runs| {
        json!({
            "arguments": comparison.arguments,
            "stdout_identical": runs.stdout_identical(),
            "stderr_identical": runs.stderr_identical(),
            "exit_code_identical": runs.status_identical(),
            "lhs": run(&runs.lhs),
            "rhs": run(&runs.rhs),
        })
    });
    let tools = &comparison.llvm_tools;
    let document = json!({
        "result": result,
        "llvm_tools": {
            "major": tools.major,
            "llvm_profdata": tools.profdata,
            "llvm_cov": tools.cov,
        },
        "lhs": side(&comparison.lhs),
        "rhs": side(&comparison.rhs),
        "run": runs,
        "lines": {
            "compared": comparison.lines_compared,
            "differences": comparison.lines.iter().map(line).collect::<Vec<_>>(),
        },
        "regions": {
            "functions_compared": comparison.functions_compared,
            "regions_compared": comparison.regions_compared,
            "differences": comparison.functions.iter().map(function).collect::<Vec<_>>(),
        },
    });
    pretty(&document)
}

/// The document for a comparison that could not be made.
pub fn render_error(message: &str) -> String {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    pretty(&json!({ "result": "error", "error": message }))
}

fn pretty(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

fn side(summary: &SideSummary) -> Value {
    json!({
        "label": summary.label,
        "description": summary.description,
        "physical_counters": {
            "total": summary.total_counters,
            "functions": summary.counters,
        },
    })
}

fn run(outcome: &RunOutcome) -> Value {
    let (exit_code, signal) = match outcome.status {
        Status::Exited(code) => (Some(code), None),
        Status::Signalled(signal) => (None, Some(signal)),
    };
    json!({
        "exit_code": exit_code,
        "signal": signal,
        "stdout": outcome.stdout,
        "stderr": normalise_stderr(&outcome.stderr),
    })
}

fn line(diff: &LineDiff) -> Value {
    json!({
        "file": diff.file,
        "line": diff.line,
        "lhs": diff.lhs,
        "rhs": diff.rhs,
        "source": diff.source,
    })
}

fn function(diff: &FunctionDiff) -> Value {
    let regions: Vec<Value> = diff
        .regions
        .iter()
        .map(|r| {
            json!({
                "kind": r.key.kind,
                "file": r.key.file,
                "start": [r.key.start.0, r.key.start.1],
                "end": [r.key.end.0, r.key.end.1],
                "lhs": r.lhs.as_ref().map(count),
                "rhs": r.rhs.as_ref().map(count),
            })
        })
        .collect();
    json!({
        "function": diff.name,
        "in_lhs": diff.in_lhs,
        "in_rhs": diff.in_rhs,
        "regions": regions,
    })
}

/// `{"count": 3, "counters": "#1 + #2"}`; branches give `true_count` and `false_count`.
fn count(count: &RegionCount) -> Value {
    let mut object = Map::new();
    match count.counts.as_slice() {
        [one] => {
            object.insert("count".to_string(), json!(one));
        }
        [t, f] => {
            object.insert("true_count".to_string(), json!(t));
            object.insert("false_count".to_string(), json!(f));
        }
        many => {
            object.insert("counts".to_string(), json!(many));
        }
    }
    object.insert("counters".to_string(), json!(count.counters));
    Value::Object(object)
}
