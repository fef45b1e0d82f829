//! What LLVM's own tools say about one side's coverage: line counts (`llvm-cov export
//! -format=lcov`, llvm-cov's line rule, exact counts), region and branch counts per function
//! (`llvm-cov export -format=text`, JSON), and physical counters per function
//! (`llvm-profdata show --all-functions`). Functions are named by their demangled path
//! (`crate::f`), which rustc's and clifcov's symbols share although their crate hashes
//! differ; each region carries its counter or expression from clifcov's decoder.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use clifcov_coverage::read::{read_elf, Counter, CoverageFile, FunctionRecord};
use serde_json::Value;

use super::side::Side;
use super::tool::stdout_of;
use crate::failure::Failure;
use crate::toolchain::LlvmTools;

/// One side's coverage, as llvm-cov reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoverageReport {
    /// `(file, line)` -> execution count, for every line llvm-cov gives a count.
    pub lines: BTreeMap<(String, u32), u64>,
    /// Functions by name, in llvm-cov's order.
    pub functions: Vec<FunctionRegions>,
    /// Function name -> physical counters in the profile.
    pub counters: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunctionRegions {
    pub name: String,
    pub regions: BTreeMap<RegionKey, RegionCount>,
}

/// Where a region is and what kind it is; regions of the two sides match on this.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionKey {
    pub file: String,
    pub start: (u32, u32),
    pub end: (u32, u32),
    pub kind: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionCount {
    /// The execution count; for branches, the true and the false count.
    pub counts: Vec<u64>,
    /// The counters as the coverage map writes them (`#0`, `#1 + #2`), when decoded.
    pub counters: Option<String>,
}

/// Asks llvm-cov and llvm-profdata about `side`, keeping only `sources` when some are given.
pub fn read_report(
    tools: &LlvmTools,
    side: &Side,
    sources: &[PathBuf],
) -> Result<CoverageReport, Failure> {
    let decoded = decode(&side.binary)?;
    let names = DecodedNames::new(&decoded);
    let json = export(tools, side, sources, "text")?;
    let lcov = export(tools, side, sources, "lcov")?;
    let profile = profile_functions(tools, side)?;
    Ok(CoverageReport {
        lines: parse_lcov(&lcov),
        functions: parse_functions(&json, &names)
            .map_err(|e| Failure::error(format!("{}: {e}", side.label)))?,
        counters: profile
            .into_iter()
            .map(|(name, counters)| (names.display(&name), counters))
            .collect(),
    })
}

fn decode(binary: &Path) -> Result<CoverageFile, Failure> {
    let bytes = std::fs::read(binary)
        .map_err(|e| Failure::error(format!("couldn't read `{}`: {e}", binary.display())))?;
    read_elf(&bytes).map_err(|e| {
        Failure::error(format!(
            "`{}` has no readable coverage map: {e}",
            binary.display()
        ))
    })
}

/// `llvm-cov export -format=FORMAT -instr-profile=PROFILE BINARY [SOURCES]`.
fn export(
    tools: &LlvmTools,
    side: &Side,
    sources: &[PathBuf],
    format: &str,
) -> Result<String, Failure> {
    let mut command = Command::new(&tools.cov);
    command
        .arg("export")
        .arg(format!("-format={format}"))
        .arg(format!("-instr-profile={}", side.profile.display()))
        .arg(&side.binary)
        .args(sources);
    stdout_of(
        &mut command,
        &format!("export the {} coverage with llvm-cov", side.label),
    )
}

/// `llvm-profdata show --all-functions`: every function's name and `Counters:` line.
fn profile_functions(tools: &LlvmTools, side: &Side) -> Result<Vec<(String, u64)>, Failure> {
    let mut command = Command::new(&tools.profdata);
    command.args(["show", "--all-functions"]).arg(&side.profile);
    let text = stdout_of(
        &mut command,
        &format!("list the {} profile's functions", side.label),
    )?;
    Ok(parse_profile_functions(&text))
}

fn parse_profile_functions(text: &str) -> Vec<(String, u64)> {
    let mut functions = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':')) {
            if !name.starts_with(' ') {
                current = Some(name.to_string());
                continue;
            }
        }
        let counters = line.trim().strip_prefix("Counters:").map(str::trim);
        if let (Some(name), Some(Ok(n))) = (&current, counters.map(str::parse::<u64>)) {
            functions.push((name.clone(), n));
            current = None;
        }
    }
    functions
}

/// `DA:LINE,COUNT` lines under each `SF:FILE`.
fn parse_lcov(text: &str) -> BTreeMap<(String, u32), u64> {
    let mut lines = BTreeMap::new();
    let mut file = String::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("SF:") {
            file = name.to_string();
        } else if let Some(data) = line.strip_prefix("DA:") {
            let mut fields = data.split(',');
            let line_number = fields.next().and_then(|f| f.parse().ok());
            let count = fields.next().and_then(|f| f.parse().ok());
            if let (Some(line_number), Some(count)) = (line_number, count) {
                lines.insert((file.clone(), line_number), count);
            }
        }
    }
    lines
}

/// The PGO names of a binary's coverage records, demangled, with their records.
struct DecodedNames<'a> {
    records: HashMap<&'a str, &'a FunctionRecord>,
}

impl<'a> DecodedNames<'a> {
    fn new(file: &'a CoverageFile) -> DecodedNames<'a> {
        DecodedNames {
            records: file
                .functions
                .iter()
                .map(|f| (f.name.as_str(), f))
                .collect(),
        }
    }

    /// `crate::f` for a Rust symbol, the name itself otherwise.
    fn display(&self, name: &str) -> String {
        self.records
            .get(name)
            .and_then(|r| r.demangled_name())
            .unwrap_or_else(|| name.to_string())
    }

    /// The counters of the region of function `name` with this file id, kind and range.
    fn counters(&self, name: &str, file_id: u32, kind: u32, range: [u32; 4]) -> Option<String> {
        let record = self.records.get(name)?;
        let region = record.regions.iter().find(|r| {
            r.file_id == file_id
                && r.kind.llvm_kind() == kind
                && [
                    r.range.start_line,
                    r.range.start_col,
                    r.range.end_line,
                    r.range.end_col,
                ] == range
        })?;
        let texts: Vec<String> = region
            .kind
            .counters()
            .into_iter()
            .map(|c| counter_text(record, c))
            .collect();
        (!texts.is_empty()).then(|| texts.join(", "))
    }
}

/// A counter as a sum of physical counters: `#1`, `#0 - #2`, `0`.
fn counter_text(record: &FunctionRecord, counter: Counter) -> String {
    match counter {
        Counter::Zero => "0".to_string(),
        Counter::Physical(id) => format!("#{id}"),
        Counter::Expression(id) => record
            .resolved_expressions
            .get(id as usize)
            .map_or_else(|| format!("E{id}"), |sum| sum.to_string()),
    }
}

/// LLVM's region kinds by number, as `llvm-cov export` writes them.
fn kind_name(kind: u64) -> &'static str {
    match kind {
        0 => "Code",
        1 => "Expansion",
        2 => "Skipped",
        3 => "Gap",
        4 => "Branch",
        5 => "MCDCDecision",
        6 => "MCDCBranch",
        _ => "Unknown",
    }
}

/// Functions and their regions and branches from `llvm-cov export`'s JSON.
fn parse_functions(json: &str, names: &DecodedNames) -> Result<Vec<FunctionRegions>, String> {
    let document: Value =
        serde_json::from_str(json).map_err(|e| format!("llvm-cov export's JSON: {e}"))?;
    let mut functions: Vec<FunctionRegions> = Vec::new();
    let exported = document["data"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|unit| unit["functions"].as_array().into_iter().flatten());
    for function in exported {
        let pgo_name = function["name"].as_str().unwrap_or_default();
        let mut name = names.display(pgo_name);
        let repeats = functions.iter().filter(|f| f.name == name).count();
        if repeats > 0 {
            name = format!("{name} (copy {})", repeats + 1);
        }
        let filenames: Vec<&str> = function["filenames"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| f.as_str().unwrap_or_default())
            .collect();
        let mut regions = BTreeMap::new();
        for (array, count_fields) in [("regions", 1), ("branches", 2)] {
            for region in function[array].as_array().into_iter().flatten() {
                let fields = numbers(region);
                if let Some((key, count)) =
                    region_entry(&fields, count_fields, &filenames, pgo_name, names)
                {
                    regions.insert(key, count);
                }
            }
        }
        functions.push(FunctionRegions { name, regions });
    }
    Ok(functions)
}

fn numbers(value: &Value) -> Vec<u64> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| v.as_u64().unwrap_or(0))
        .collect()
}

/// A region `[l1, c1, l2, c2, count..., file_id, expanded_file_id, kind]` with
/// `count_fields` counts (1 for regions, 2 for branches).
fn region_entry(
    fields: &[u64],
    count_fields: usize,
    filenames: &[&str],
    pgo_name: &str,
    names: &DecodedNames,
) -> Option<(RegionKey, RegionCount)> {
    if fields.len() != count_fields + 7 {
        return None;
    }
    let position = |i: usize| u32::try_from(fields[i]).unwrap_or(u32::MAX);
    let file_id = position(4 + count_fields);
    let kind = fields[6 + count_fields];
    let range = [position(0), position(1), position(2), position(3)];
    let key = RegionKey {
        file: filenames
            .get(file_id as usize)
            .map_or_else(|| format!("file id {file_id}"), |f| f.to_string()),
        start: (range[0], range[1]),
        end: (range[2], range[3]),
        kind: kind_name(kind),
    };
    let count = RegionCount {
        counts: fields[4..4 + count_fields].to_vec(),
        counters: names.counters(pgo_name, file_id, kind as u32, range),
    };
    Some((key, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lcov_line_counts_per_file() {
        let text = "SF:/a/t.rs\nFN:1,x\nDA:1,3\nDA:2,0\nend_of_record\nSF:/a/u.rs\nDA:7,12\n";
        let lines = parse_lcov(text);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[&("/a/t.rs".to_string(), 1)], 3);
        assert_eq!(lines[&("/a/t.rs".to_string(), 2)], 0);
        assert_eq!(lines[&("/a/u.rs".to_string(), 7)], 12);
    }

    /// The layout of `llvm-profdata show --all-functions` (LLVM 22).
    #[test]
    fn reads_counters_per_function_from_profdata_show() {
        let text = "Counters:\n  _RNvCs1_1t4main:\n    Hash: 0x5f36d4f7f79ce5e2\n    \
                    Counters: 9\n    Function count: 1\n  foo:\n    Hash: 0x1\n    \
                    Counters: 1\n    Function count: 0\nInstrumentation level: Front-end\n\
                    Functions shown: 2\nTotal functions: 2\n";
        assert_eq!(
            parse_profile_functions(text),
            [("_RNvCs1_1t4main".to_string(), 9), ("foo".to_string(), 1)]
        );
    }

    #[test]
    fn reads_regions_and_branches_from_export_json() {
        let json = r#"{"data":[{"functions":[
            {"name":"f","filenames":["/a/t.c"],"count":3,
             "regions":[[1,10,4,2,3,0,0,0],[2,5,2,9,0,0,0,3]],
             "branches":[[2,7,2,12,2,1,0,0,4]]}]}]}"#;
        let file = CoverageFile {
            covmap_records: vec![],
            functions: vec![],
            names: vec![],
        };
        let functions = parse_functions(json, &DecodedNames::new(&file)).unwrap();
        assert_eq!(functions.len(), 1);
        let f = &functions[0];
        assert_eq!(f.name, "f");
        let entries: Vec<(&str, (u32, u32), Vec<u64>)> = f
            .regions
            .iter()
            .map(|(k, c)| (k.kind, k.start, c.counts.clone()))
            .collect();
        assert_eq!(
            entries,
            [
                ("Code", (1, 10), vec![3]),
                ("Gap", (2, 5), vec![0]),
                ("Branch", (2, 7), vec![2, 1]),
            ]
        );
        assert!(f.regions.keys().all(|k| k.file == "/a/t.c"));
    }
}
