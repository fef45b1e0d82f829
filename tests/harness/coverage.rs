//! What `llvm-cov` 22 reports for one build over all its runs: the count of every line, the
//! regions of every function (by demangled name), and the number of physical counters.
//!
//! Line counts come from `llvm-cov export -format=lcov` (`DA:LINE,COUNT` for every line that
//! `llvm-cov show` gives a count, exact where `show` abbreviates large counts); regions from
//! `llvm-cov export -format=text`; physical counters from the `Counters:` lines of
//! `llvm-profdata show --all-functions` (one record per instrumented function that was linked).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde_json::Value;

use super::llvm_tools;
use super::settings::Settings;

/// The coverage of one build, all runs merged.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageProfile {
    /// Line number to execution count, for every line `llvm-cov` gives a count.
    pub lines: BTreeMap<u32, u64>,
    /// Demangled function name (crate disambiguator left out) to its regions, sorted.
    pub functions: BTreeMap<String, Vec<Region>>,
    /// Physical counters over all profiled functions.
    pub physical_counters: u64,
}

/// One mapping region as `llvm-cov export` lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Region {
    pub start: (u64, u64),
    pub end: (u64, u64),
    pub kind: RegionKind,
    pub count: u64,
}

impl Region {
    /// The kind and source range, without the count.
    pub fn place(&self) -> String {
        format!(
            "{:<6} {}:{}-{}:{}",
            self.kind.to_string(),
            self.start.0,
            self.start.1,
            self.end.0,
            self.end.1
        )
    }
}

/// `llvm::coverage::CounterMappingRegion::RegionKind`, as exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RegionKind {
    Code,
    Expansion,
    Skipped,
    Gap,
    Branch,
    Other(u64),
}

impl RegionKind {
    fn from_number(number: u64) -> RegionKind {
        match number {
            0 => RegionKind::Code,
            1 => RegionKind::Expansion,
            2 => RegionKind::Skipped,
            3 => RegionKind::Gap,
            4 => RegionKind::Branch,
            other => RegionKind::Other(other),
        }
    }
}

impl fmt::Display for RegionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegionKind::Other(number) => write!(f, "Kind{number}"),
            known => write!(f, "{known:?}"),
        }
    }
}

/// Merges the profiles the runs left in `run_dir` and reads the coverage of `executable`.
pub fn collect(
    settings: &Settings,
    executable: &Path,
    run_dir: &Path,
) -> Result<CoverageProfile, String> {
    let profile = llvm_tools::merge_profiles(settings, run_dir)?;
    let lcov = llvm_tools::export(settings, "lcov", executable, &profile)?;
    let json = llvm_tools::export(settings, "text", executable, &profile)?;
    let shown = llvm_tools::show_profile(settings, &profile)?;
    let mangled = parse_export(&json)?;
    let names: Vec<String> = mangled.iter().map(|(name, _)| name.clone()).collect();
    let demangled = llvm_tools::demangle(settings, &names)?;
    let mut functions = BTreeMap::new();
    for (name, (_, regions)) in demangled.into_iter().zip(mangled) {
        if functions.insert(name.clone(), regions).is_some() {
            return Err(format!("two functions are named {name} once demangled"));
        }
    }
    Ok(CoverageProfile {
        lines: parse_lcov_lines(&lcov)?,
        functions,
        physical_counters: parse_physical_counters(&shown)?,
    })
}

/// The `DA:LINE,COUNT` records of an lcov export of one source file.
fn parse_lcov_lines(lcov: &str) -> Result<BTreeMap<u32, u64>, String> {
    let files = lcov.lines().filter(|line| line.starts_with("SF:")).count();
    if files > 1 {
        return Err(format!("the coverage map names {files} source files"));
    }
    let mut lines = BTreeMap::new();
    for record in lcov.lines().filter_map(|line| line.strip_prefix("DA:")) {
        let parsed = record.split_once(',').and_then(|(line, count)| {
            Some((line.parse::<u32>().ok()?, count.parse::<u64>().ok()?))
        });
        let (line, count) = parsed.ok_or_else(|| format!("malformed lcov record DA:{record}"))?;
        lines.insert(line, count);
    }
    Ok(lines)
}

/// Each function's mangled name and sorted regions from `llvm-cov export -format=text`.
fn parse_export(json: &str) -> Result<Vec<(String, Vec<Region>)>, String> {
    let document: Value =
        serde_json::from_str(json).map_err(|error| format!("llvm-cov export JSON: {error}"))?;
    let functions = document["data"]
        .as_array()
        .and_then(|data| data.first())
        .and_then(|export| export["functions"].as_array())
        .ok_or("llvm-cov export JSON has no data[0].functions")?;
    functions.iter().map(parse_function).collect()
}

fn parse_function(function: &Value) -> Result<(String, Vec<Region>), String> {
    let name = function["name"]
        .as_str()
        .ok_or("an exported function has no name")?;
    let regions = function["regions"]
        .as_array()
        .ok_or_else(|| format!("{name} has no regions"))?;
    let mut parsed = regions
        .iter()
        .map(parse_region)
        .collect::<Option<Vec<Region>>>()
        .ok_or_else(|| format!("{name} has a malformed region"))?;
    parsed.sort();
    Ok((name.to_string(), parsed))
}

/// `[line start, column start, line end, column end, count, file id, expanded file id, kind]`.
fn parse_region(region: &Value) -> Option<Region> {
    let numbers: Vec<u64> = region
        .as_array()?
        .iter()
        .map(Value::as_u64)
        .collect::<Option<_>>()?;
    let [line_start, column_start, line_end, column_end, count, _, _, kind, ..] = numbers[..]
    else {
        return None;
    };
    Some(Region {
        start: (line_start, column_start),
        end: (line_end, column_end),
        kind: RegionKind::from_number(kind),
        count,
    })
}

/// The sum of the `Counters: N` lines of `llvm-profdata show --all-functions`.
fn parse_physical_counters(shown: &str) -> Result<u64, String> {
    shown
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Counters: "))
        .map(|count| {
            count
                .trim()
                .parse::<u64>()
                .map_err(|_| format!("malformed `Counters: {count}` line"))
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcov_line_records_are_read() {
        let lcov = "SF:/x/t.rs\nFN:3,_RNv\nDA:3,1\nDA:4,12345678901\nLF:2\nend_of_record\n";
        let lines = parse_lcov_lines(lcov).unwrap();
        assert_eq!(lines, BTreeMap::from([(3, 1), (4, 12_345_678_901)]));
        assert!(parse_lcov_lines("DA:x,1\n").is_err());
        assert!(parse_lcov_lines("SF:a.rs\nSF:b.rs\n").is_err());
    }

    #[test]
    fn exported_regions_are_read_and_sorted() {
        let json = r#"{"data":[{"functions":[{"name":"_RNvCs1_1t4main","count":1,
            "regions":[[4,5,4,10,2,0,0,3],[3,1,3,10,1,0,0,0]]}]}]}"#;
        let functions = parse_export(json).unwrap();
        assert_eq!(functions[0].0, "_RNvCs1_1t4main");
        let regions = &functions[0].1;
        assert_eq!(regions[0].place(), "Code   3:1-3:10");
        assert_eq!((regions[1].kind, regions[1].count), (RegionKind::Gap, 2));
        assert!(parse_export(r#"{"data":[]}"#).is_err());
        assert!(
            parse_export(r#"{"data":[{"functions":[{"name":"f","regions":[[1]]}]}]}"#).is_err()
        );
    }

    #[test]
    fn physical_counters_are_summed_over_functions() {
        let shown = "Counters:\n  f:\n    Hash: 0x1\n    Counters: 3\n  g:\n    Counters: 4\n";
        assert_eq!(parse_physical_counters(shown), Ok(7));
        assert!(parse_physical_counters("    Counters: many\n").is_err());
    }
}
