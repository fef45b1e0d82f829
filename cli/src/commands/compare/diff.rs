//! The differences between two sides: their runs (stdout, stderr with the panic header's
//! thread id normalised, exit status), every line whose count differs, every region whose
//! count differs or that one side lacks, per function, and the physical counters each used.

use std::collections::BTreeMap;
use std::path::Path;

use super::coverage_report::{CoverageReport, FunctionRegions, RegionCount, RegionKey};
use super::side::{RunOutcome, Side};
use crate::toolchain::LlvmTools;

/// Everything `compare` found.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The llvm-profdata and llvm-cov that read both sides.
    pub llvm_tools: LlvmTools,
    pub lhs: SideSummary,
    pub rhs: SideSummary,
    /// The program's arguments, when `compare` ran both sides.
    pub arguments: Option<Vec<String>>,
    /// Both runs, when `compare` ran both sides.
    pub runs: Option<RunComparison>,
    /// How many lines have a count on either side.
    pub lines_compared: usize,
    pub lines: Vec<LineDiff>,
    pub functions_compared: usize,
    pub regions_compared: usize,
    pub functions: Vec<FunctionDiff>,
}

/// What the report says about one side besides its counts.
#[derive(Clone, Debug)]
pub struct SideSummary {
    pub label: String,
    pub description: String,
    /// Physical counters per function, and their total.
    pub counters: BTreeMap<String, u64>,
    pub total_counters: u64,
}

#[derive(Clone, Debug)]
pub struct RunComparison {
    pub lhs: RunOutcome,
    pub rhs: RunOutcome,
}

impl RunComparison {
    pub fn stdout_identical(&self) -> bool {
        self.lhs.stdout == self.rhs.stdout
    }

    pub fn stderr_identical(&self) -> bool {
        normalise_stderr(&self.lhs.stderr) == normalise_stderr(&self.rhs.stderr)
    }

    pub fn status_identical(&self) -> bool {
        self.lhs.status == self.rhs.status
    }

    fn identical(&self) -> bool {
        self.stdout_identical() && self.stderr_identical() && self.status_identical()
    }
}

/// A line whose count differs; `None` when a side gives the line no count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineDiff {
    pub file: String,
    pub line: u32,
    pub lhs: Option<u64>,
    pub rhs: Option<u64>,
    /// The source line, when the file is readable.
    pub source: Option<String>,
}

/// A function with differing regions; a function one side lacks has all its regions here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionDiff {
    pub name: String,
    pub in_lhs: bool,
    pub in_rhs: bool,
    pub regions: Vec<RegionDiff>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionDiff {
    pub key: RegionKey,
    pub lhs: Option<RegionCount>,
    pub rhs: Option<RegionCount>,
}

impl Comparison {
    /// Builds the comparison of two sides from their reports.
    pub fn new(
        lhs: (&Side, &CoverageReport),
        rhs: (&Side, &CoverageReport),
        arguments: Option<Vec<String>>,
        llvm_tools: &LlvmTools,
    ) -> Comparison {
        let runs = match (&lhs.0.run, &rhs.0.run) {
            (Some(l), Some(r)) => Some(RunComparison {
                lhs: l.clone(),
                rhs: r.clone(),
            }),
            _ => None,
        };
        let (lines_compared, lines) = line_diffs(&lhs.1.lines, &rhs.1.lines);
        let (functions_compared, regions_compared, functions) =
            function_diffs(&lhs.1.functions, &rhs.1.functions);
        Comparison {
            llvm_tools: llvm_tools.clone(),
            lhs: summary(lhs.0, lhs.1),
            rhs: summary(rhs.0, rhs.1),
            arguments,
            runs,
            lines_compared,
            lines,
            functions_compared,
            regions_compared,
            functions,
        }
    }

    /// True when the runs (if any), every line count and every region agree.
    pub fn identical(&self) -> bool {
        self.runs.as_ref().is_none_or(RunComparison::identical)
            && self.lines.is_empty()
            && self.functions.is_empty()
    }
}

fn summary(side: &Side, report: &CoverageReport) -> SideSummary {
    SideSummary {
        label: side.label.clone(),
        description: side.description.clone(),
        counters: report.counters.clone(),
        total_counters: report.counters.values().sum(),
    }
}

/// Replaces the thread id of rustc 1.95's panic header, `thread 'main' (1234) panicked at`,
/// with `<tid>`; it differs from run to run.
pub fn normalise_stderr(stderr: &str) -> String {
    stderr
        .split_inclusive('\n')
        .map(|line| normalise_panic_header(line).unwrap_or_else(|| line.to_string()))
        .collect()
}

fn normalise_panic_header(line: &str) -> Option<String> {
    let rest = line.strip_prefix("thread '")?;
    let (name, rest) = rest.split_once("' (")?;
    let (tid, rest) = rest.split_once(") panicked at ")?;
    if tid.is_empty() || !tid.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!("thread '{name}' (<tid>) panicked at {rest}"))
}

fn line_diffs(
    lhs: &BTreeMap<(String, u32), u64>,
    rhs: &BTreeMap<(String, u32), u64>,
) -> (usize, Vec<LineDiff>) {
    let mut keys: Vec<&(String, u32)> = lhs.keys().chain(rhs.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut sources: BTreeMap<&str, Option<Vec<String>>> = BTreeMap::new();
    let mut diffs = Vec::new();
    for key in &keys {
        let (l, r) = (lhs.get(*key).copied(), rhs.get(*key).copied());
        if l == r {
            continue;
        }
        let (file, line) = (key.0.as_str(), key.1);
        let text = sources.entry(file).or_insert_with(|| read_lines(file));
        diffs.push(LineDiff {
            file: file.to_string(),
            line,
            lhs: l,
            rhs: r,
            source: text
                .as_ref()
                .and_then(|t| t.get((line as usize).checked_sub(1)?).cloned()),
        });
    }
    (keys.len(), diffs)
}

fn read_lines(file: &str) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(Path::new(file)).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

/// `(functions compared, regions compared, differing functions)`; functions in lhs order,
/// then those only rhs has.
fn function_diffs(
    lhs: &[FunctionRegions],
    rhs: &[FunctionRegions],
) -> (usize, usize, Vec<FunctionDiff>) {
    let mut names: Vec<&str> = lhs.iter().map(|f| f.name.as_str()).collect();
    for f in rhs {
        if !names.contains(&f.name.as_str()) {
            names.push(&f.name);
        }
    }
    let empty = BTreeMap::new();
    let mut regions_compared = 0;
    let mut diffs = Vec::new();
    for name in &names {
        let l = lhs.iter().find(|f| f.name == *name);
        let r = rhs.iter().find(|f| f.name == *name);
        let (l_regions, r_regions) = (
            l.map_or(&empty, |f| &f.regions),
            r.map_or(&empty, |f| &f.regions),
        );
        let (compared, regions) = region_diffs(l_regions, r_regions);
        regions_compared += compared;
        if !regions.is_empty() || l.is_none() || r.is_none() {
            diffs.push(FunctionDiff {
                name: name.to_string(),
                in_lhs: l.is_some(),
                in_rhs: r.is_some(),
                regions,
            });
        }
    }
    (names.len(), regions_compared, diffs)
}

/// Regions that one side lacks or whose counts differ (the counters may differ freely: each
/// backend places its own).
fn region_diffs(
    lhs: &BTreeMap<RegionKey, RegionCount>,
    rhs: &BTreeMap<RegionKey, RegionCount>,
) -> (usize, Vec<RegionDiff>) {
    let mut keys: Vec<&RegionKey> = lhs.keys().chain(rhs.keys()).collect();
    keys.sort();
    keys.dedup();
    let diffs = keys
        .iter()
        .filter_map(|key| {
            let (l, r) = (lhs.get(*key), rhs.get(*key));
            let same = matches!((l, r), (Some(l), Some(r)) if l.counts == r.counts);
            (!same).then(|| RegionDiff {
                key: (*key).clone(),
                lhs: l.cloned(),
                rhs: r.cloned(),
            })
        })
        .collect();
    (keys.len(), diffs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_headers_lose_only_their_thread_id() {
        let stderr = "warning\nthread 'main' (28106) panicked at t.rs:3:5:\nboom\n";
        assert_eq!(
            normalise_stderr(stderr),
            "warning\nthread 'main' (<tid>) panicked at t.rs:3:5:\nboom\n"
        );
        let other = "thread 'main' (x1) panicked at t.rs:3:5:\n";
        assert_eq!(normalise_stderr(other), other);
        assert_eq!(
            normalise_stderr("thread 'main' (1) panicked at a\n"),
            normalise_stderr("thread 'main' (999) panicked at a\n")
        );
    }

    fn key(line: u32, kind: &'static str) -> RegionKey {
        RegionKey {
            file: "/t.rs".to_string(),
            start: (line, 1),
            end: (line, 9),
            kind,
        }
    }

    fn count(n: u64, counters: &str) -> RegionCount {
        RegionCount {
            counts: vec![n],
            counters: Some(counters.to_string()),
        }
    }

    #[test]
    fn regions_differ_by_count_or_presence_not_by_counter() {
        let lhs = BTreeMap::from([
            (key(1, "Code"), count(1, "#0")),
            (key(2, "Code"), count(3, "#1")),
            (key(3, "Gap"), count(0, "#2")),
        ]);
        let rhs = BTreeMap::from([
            (key(1, "Code"), count(1, "#0 + #1")),
            (key(2, "Code"), count(2, "#1")),
        ]);
        let (compared, diffs) = region_diffs(&lhs, &rhs);
        assert_eq!(compared, 3);
        let lines: Vec<(u32, Option<u64>, Option<u64>)> = diffs
            .iter()
            .map(|d| {
                (
                    d.key.start.0,
                    d.lhs.as_ref().map(|c| c.counts[0]),
                    d.rhs.as_ref().map(|c| c.counts[0]),
                )
            })
            .collect();
        assert_eq!(lines, [(2, Some(3), Some(2)), (3, Some(0), None)]);
    }

    #[test]
    fn lines_differ_by_count_or_presence() {
        let lhs = BTreeMap::from([
            (("/nonexistent.rs".to_string(), 1), 1),
            (("/nonexistent.rs".to_string(), 2), 5),
        ]);
        let rhs = BTreeMap::from([
            (("/nonexistent.rs".to_string(), 1), 1),
            (("/nonexistent.rs".to_string(), 2), 4),
            (("/nonexistent.rs".to_string(), 9), 0),
        ]);
        let (compared, diffs) = line_diffs(&lhs, &rhs);
        assert_eq!(compared, 3);
        let found: Vec<(u32, Option<u64>, Option<u64>)> =
            diffs.iter().map(|d| (d.line, d.lhs, d.rhs)).collect();
        assert_eq!(found, [(2, Some(5), Some(4)), (9, None, Some(0))]);
        assert!(diffs.iter().all(|d| d.source.is_none()));
    }

    #[test]
    fn a_function_one_side_lacks_is_a_difference() {
        let f = |name: &str| FunctionRegions {
            name: name.to_string(),
            regions: BTreeMap::from([(key(1, "Code"), count(1, "#0"))]),
        };
        let (functions, regions, diffs) = function_diffs(&[f("t::a"), f("t::b")], &[f("t::a")]);
        assert_eq!((functions, regions), (2, 2));
        assert_eq!(diffs.len(), 1);
        assert_eq!(diffs[0].name, "t::b");
        assert!(diffs[0].in_lhs && !diffs[0].in_rhs);
        assert_eq!(diffs[0].regions.len(), 1);
    }
}
