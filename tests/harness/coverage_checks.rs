//! The coverage checks: `line counts` (every line's count or absence identical to rustc's under
//! `llvm-cov` 22; fails the test), `regions` (each function's list of kind, span and count,
//! functions matched by demangled name; reported and counted, not failing) and `physical
//! counters` (reported when clifcov uses more than rustc on a program; the corpus total is what
//! fails).

use std::collections::{BTreeMap, BTreeSet};

use super::checks::{Comparison, Difference};
use super::coverage::{CoverageProfile, Region};

/// Both sides' coverage when both built; none when neither wrote a profile (every run
/// aborted, say); a difference when one side has coverage and the other none.
fn profiles<'a>(
    name: &'static str,
    comparison: &'a Comparison,
) -> Result<Option<(&'a CoverageProfile, &'a CoverageProfile)>, Box<Difference>> {
    let (oracle, candidate) = (comparison.oracle, comparison.candidate);
    if oracle.build.is_err() || candidate.build.is_err() {
        return Ok(None);
    }
    match (&oracle.coverage, &candidate.coverage) {
        (Ok(expected), Ok(actual)) => Ok(Some((expected, actual))),
        (Err(_), Err(_)) => Ok(None),
        (expected, actual) => {
            let describe = |side: &Result<CoverageProfile, String>| match side {
                Ok(_) => "coverage read".to_string(),
                Err(reason) => format!("no coverage: {reason}"),
            };
            Err(Box::new(Difference::new(
                name,
                None,
                describe(expected),
                describe(actual),
            )))
        }
    }
}

pub fn compare_line_counts(name: &'static str, comparison: &Comparison) -> Vec<Difference> {
    let (expected, actual) = match profiles(name, comparison) {
        Ok(Some(both)) => both,
        Ok(None) => return Vec::new(),
        Err(difference) => return vec![*difference],
    };
    let source: Vec<&str> = comparison.source_text.lines().collect();
    let lines: BTreeSet<u32> = expected
        .lines
        .keys()
        .chain(actual.lines.keys())
        .copied()
        .collect();
    let rows: Vec<String> = lines
        .into_iter()
        .filter(|line| expected.lines.get(line) != actual.lines.get(line))
        .map(|line| {
            let text = source.get(line as usize - 1).copied().unwrap_or("");
            format!(
                "{line:>5} {:>8} {:>8} | {text}",
                count_text(expected.lines.get(&line)),
                count_text(actual.lines.get(&line))
            )
        })
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let mut difference = Difference::new(
        name,
        None,
        format!("{} lines with a count", expected.lines.len()),
        format!(
            "{} lines with a count, {} lines differ",
            actual.lines.len(),
            rows.len()
        ),
    );
    difference.details = std::iter::once(format!(
        "{:>5} {:>8} {:>8} | source",
        "line", "rustc", "clifcov"
    ))
    .chain(rows)
    .collect();
    vec![difference]
}

fn count_text(count: Option<&u64>) -> String {
    count.map_or_else(|| "-".to_string(), u64::to_string)
}

pub fn compare_regions(name: &'static str, comparison: &Comparison) -> Vec<Difference> {
    let Ok(Some((expected, actual))) = profiles(name, comparison) else {
        return Vec::new();
    };
    let names: BTreeSet<&String> = expected
        .functions
        .keys()
        .chain(actual.functions.keys())
        .collect();
    let mut details = Vec::new();
    let (mut functions, mut regions) = (0, 0);
    for function in names {
        let rows = region_rows(
            expected.functions.get(function),
            actual.functions.get(function),
        );
        if rows.is_empty() {
            continue;
        }
        functions += 1;
        regions += rows.len();
        details.push(function_heading(function, expected, actual));
        details.extend(rows);
    }
    if details.is_empty() {
        return Vec::new();
    }
    let mut difference = Difference::new(
        name,
        None,
        function_totals(expected),
        format!(
            "{}; {functions} functions differ in {regions} regions",
            function_totals(actual)
        ),
    );
    difference.details = details;
    vec![difference]
}

fn function_totals(profile: &CoverageProfile) -> String {
    let regions: usize = profile.functions.values().map(Vec::len).sum();
    format!("{} functions, {regions} regions", profile.functions.len())
}

fn function_heading(
    function: &str,
    expected: &CoverageProfile,
    actual: &CoverageProfile,
) -> String {
    let only = match (
        expected.functions.contains_key(function),
        actual.functions.contains_key(function),
    ) {
        (true, false) => " (only in rustc)",
        (false, true) => " (only in clifcov)",
        _ => "",
    };
    format!("fn {function}{only}:")
}

/// One row per kind and span whose counts differ, in source order:
/// `KIND L:C-L:C  rustc COUNTS  clifcov COUNTS`
/// (`-` for no such region; several counts when a side has the same region more than once).
fn region_rows(expected: Option<&Vec<Region>>, actual: Option<&Vec<Region>>) -> Vec<String> {
    let mut places: BTreeMap<Region, (Vec<u64>, Vec<u64>)> = BTreeMap::new();
    for region in expected.into_iter().flatten() {
        places
            .entry(without_count(region))
            .or_default()
            .0
            .push(region.count);
    }
    for region in actual.into_iter().flatten() {
        places
            .entry(without_count(region))
            .or_default()
            .1
            .push(region.count);
    }
    places
        .into_iter()
        .filter(|(_, (rustc, clifcov))| rustc != clifcov)
        .map(|(place, (rustc, clifcov))| {
            format!(
                "  {:<24} rustc {:<8} clifcov {}",
                place.place(),
                counts_text(&rustc),
                counts_text(&clifcov)
            )
        })
        .collect()
}

/// The region with count 0: its kind and span as a key.
fn without_count(region: &Region) -> Region {
    Region {
        count: 0,
        ..region.clone()
    }
}

fn counts_text(counts: &[u64]) -> String {
    if counts.is_empty() {
        return "-".to_string();
    }
    counts
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

pub fn compare_physical_counters(name: &'static str, comparison: &Comparison) -> Vec<Difference> {
    let Ok(Some((expected, actual))) = profiles(name, comparison) else {
        return Vec::new();
    };
    if actual.physical_counters <= expected.physical_counters {
        return Vec::new();
    }
    vec![Difference::new(
        name,
        None,
        expected.physical_counters.to_string(),
        actual.physical_counters.to_string(),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::coverage::RegionKind;
    use crate::harness::observe::Observation;

    fn region(line: u64, count: u64) -> Region {
        Region {
            start: (line, 5),
            end: (line, 9),
            kind: RegionKind::Code,
            count,
        }
    }

    fn observation(lines: &[(u32, u64)], regions: Vec<Region>, counters: u64) -> Observation {
        Observation {
            build: Ok(()),
            runs: Vec::new(),
            coverage: Ok(CoverageProfile {
                lines: lines.iter().copied().collect(),
                functions: [("t::main".to_string(), regions)].into(),
                physical_counters: counters,
            }),
        }
    }

    fn compare(
        check: fn(&'static str, &Comparison) -> Vec<Difference>,
        oracle: &Observation,
        candidate: &Observation,
    ) -> Vec<Difference> {
        let comparison = Comparison {
            source_text: "fn main() {\n    let x = 1;\n}\n",
            oracle,
            candidate,
        };
        check("test", &comparison)
    }

    #[test]
    fn differing_and_missing_lines_are_listed_with_their_source() {
        let oracle = observation(&[(1, 1), (2, 3)], Vec::new(), 1);
        let candidate = observation(&[(1, 1), (2, 2), (3, 1)], Vec::new(), 1);
        let differences = compare(compare_line_counts, &oracle, &candidate);
        assert_eq!(differences.len(), 1);
        let details = &differences[0].details;
        assert_eq!(details[1], "    2        3        2 |     let x = 1;");
        assert_eq!(details[2], "    3        -        1 | }");
        assert!(compare(compare_line_counts, &oracle, &oracle).is_empty());
    }

    #[test]
    fn missing_coverage_of_a_built_program_is_a_line_count_difference() {
        let oracle = observation(&[(1, 1)], Vec::new(), 1);
        let mut candidate = observation(&[(1, 1)], Vec::new(), 1);
        candidate.coverage = Err("no .profraw file".to_string());
        let differences = compare(compare_line_counts, &oracle, &candidate);
        assert_eq!(differences[0].actual, "no coverage: no .profraw file");
        candidate.build = Err("exit code 1".to_string());
        assert!(compare(compare_line_counts, &oracle, &candidate).is_empty());
    }

    #[test]
    fn no_coverage_on_either_side_is_no_difference_and_coverage_on_one_side_is() {
        let mut oracle = observation(&[(1, 1)], Vec::new(), 1);
        let mut candidate = observation(&[(1, 1)], Vec::new(), 1);
        oracle.coverage = Err("no .profraw file".to_string());
        candidate.coverage = Err("no .profraw file".to_string());
        assert!(compare(compare_line_counts, &oracle, &candidate).is_empty());
        let written = observation(&[(1, 1)], Vec::new(), 1);
        let differences = compare(compare_line_counts, &oracle, &written);
        assert_eq!(differences[0].expected, "no coverage: no .profraw file");
    }

    #[test]
    fn regions_differing_in_count_or_presence_are_listed_per_function() {
        let oracle = observation(&[], vec![region(1, 1), region(2, 4)], 1);
        let candidate = observation(&[], vec![region(1, 1), region(2, 3), region(3, 0)], 1);
        let differences = compare(compare_regions, &oracle, &candidate);
        assert_eq!(
            differences[0].details,
            [
                "fn t::main:",
                "  Code   2:5-2:9           rustc 4        clifcov 3",
                "  Code   3:5-3:9           rustc -        clifcov 0",
            ]
        );
        assert!(differences[0]
            .actual
            .ends_with("1 functions differ in 2 regions"));
    }

    #[test]
    fn only_more_physical_counters_than_rustc_is_reported() {
        let fewer = observation(&[], Vec::new(), 3);
        let more = observation(&[], Vec::new(), 4);
        assert!(compare(compare_physical_counters, &more, &fewer).is_empty());
        assert_eq!(compare(compare_physical_counters, &fewer, &more).len(), 1);
    }
}
