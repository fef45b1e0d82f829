//! Checks the reader against LLVM 22's: a program built by rustc 1.95 and one built by
//! clang 22 (macro expansion, `#if 0`, branches, MC/DC) are run, and for every function
//! `llvm-cov export` lists the regions, branches and MC/DC decisions that `read_elf` found
//! (same kinds, file ids, expanded file ids and `line:col` ranges, same order), and each
//! region's count computed from the resolved expressions and the profile's counters is the
//! count llvm-cov reports.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::*;
use crate::rustc_oracle::llvm_tools::llvm;
use crate::rustc_oracle::RUSTC_COVERAGE_BUILD;

const CLANG: &str = "/usr/bin/clang-22";

const RUST_PROGRAM: &str = r#"fn classify(n: i32) -> &'static str {
    if n < 0 {
        "negative"
    } else if n == 0 {
        "zero"
    } else {
        "positive"
    }
}

fn unused(x: i32) -> i32 {
    if x > 3 { x * 2 } else { x + 1 }
}

fn main() {
    let mut total = 0;
    for i in -2..3 {
        let c = classify(i);
        if c.len() > 4 && i != 2 {
            total += i;
        }
    }
    let v = match total { 0 => "none", 1 | 2 => "few", _ => "many" };
    println!("{total} {v}");
}
"#;

const C_PROGRAM: &str = r#"#include <stdio.h>
#define TWICE(x) ((x) + (x))
static int unused_fn(int a) {
  if (a > 2)
    return a;
  return 0;
}
int foo(int n, int m) {
  int s = 0;
  for (int i = 0; i < n; i++) {
    if ((i > 1 && m) || i == 4)
      s += TWICE(i);
    else
      s -= 1;
  }
#if 0
  s = 99;
#endif
  return s;
}
int main(int argc, char **argv) {
  int r = foo(5, argc > 0);
  if (argc > 5)
    printf("%d\n", r);
  return r > 1000;
}
"#;

fn run(dir: &Path, program: &str, args: &[&str]) {
    let output = Command::new(program)
        .current_dir(dir)
        .env("LLVM_PROFILE_FILE", dir.join("run.profraw"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Merges `run.profraw` and returns each function's counters (from the text profile).
fn merge_profile(dir: &Path) -> HashMap<String, Vec<i64>> {
    llvm(
        dir,
        "llvm-profdata",
        &["merge", "-o", "run.profdata", "run.profraw"],
    );
    let text = llvm(dir, "llvm-profdata", &["merge", "--text", "run.profdata"]);
    parse_text_profile(&text)
}

/// `name`, hash, counter count, counters, then optionally `$N` and N MC/DC bitmap bytes.
fn parse_text_profile(text: &str) -> HashMap<String, Vec<i64>> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .peekable();
    let mut profile = HashMap::new();
    while let Some(name) = lines.next() {
        lines.next().expect("function hash");
        let count: usize = lines.next().expect("counter count").parse().unwrap();
        let counters = (0..count)
            .map(|_| lines.next().expect("counter").parse().unwrap())
            .collect();
        if let Some(bytes) = lines.peek().and_then(|l| l.strip_prefix('$')) {
            let bytes: usize = bytes.parse().unwrap();
            lines.next();
            lines.nth(bytes.saturating_sub(1));
        }
        profile.insert(name.to_string(), counters);
    }
    profile
}

fn export(dir: &Path, target: &str) -> Value {
    let json = llvm(
        dir,
        "llvm-cov",
        &[
            "export",
            "-format=text",
            "-instr-profile=run.profdata",
            target,
        ],
    );
    serde_json::from_str(&json).expect("llvm-cov export gives JSON")
}

/// A counter's value for the profile's counters (absent function: all zero).
fn value(function: &FunctionRecord, counters: &[i64], counter: Counter) -> i64 {
    let physical = |id: u32| counters.get(id as usize).copied().unwrap_or(0);
    match counter {
        Counter::Zero => 0,
        Counter::Physical(id) => physical(id),
        Counter::Expression(id) => function.resolved_expressions[id as usize]
            .terms
            .iter()
            .map(|(&id, &coefficient)| coefficient * physical(id))
            .sum(),
    }
}

/// `[line start, col start, line end, col end]`, with llvm-cov's reading of `0:0` columns.
fn geometry(range: SourceRange) -> [i64; 4] {
    let (start_col, end_col) = match (range.start_col, range.end_col) {
        (0, 0) => (1, i64::from(u32::MAX)),
        (start, end) => (i64::from(start), i64::from(end)),
    };
    [
        i64::from(range.start_line),
        start_col,
        i64::from(range.end_line),
        end_col,
    ]
}

fn numbers(entry: &Value) -> Vec<i64> {
    entry
        .as_array()
        .expect("an export entry is an array")
        .iter()
        .map_while(Value::as_i64)
        .collect()
}

fn expanded_file_id(kind: &RegionKind) -> i64 {
    match kind {
        RegionKind::Expansion { expanded_file_id } => i64::from(*expanded_file_id),
        _ => 0,
    }
}

/// llvm-cov's `CountedRegions`: `[geometry, count, file id, expanded file id, kind]`.
fn counted_regions(function: &FunctionRecord, counters: &[i64]) -> Vec<Vec<i64>> {
    function
        .regions
        .iter()
        .filter(|r| r.kind.llvm_kind() <= 3)
        .map(|r| {
            let count = match r.kind {
                RegionKind::Code(c) | RegionKind::Gap(c) => value(function, counters, c),
                RegionKind::Skipped => 0,
                // llvm-cov copies the first count of the expanded file; not compared.
                _ => -1,
            };
            let mut entry = geometry(r.range).to_vec();
            entry.extend([count, i64::from(r.file_id), expanded_file_id(&r.kind)]);
            entry.push(i64::from(r.kind.llvm_kind()));
            entry
        })
        .collect()
}

/// llvm-cov's branches (both counters zero = folded, not listed):
/// `[geometry, true count, false count, file id, expanded file id, kind]`.
fn branches(function: &FunctionRecord, counters: &[i64]) -> Vec<Vec<i64>> {
    function
        .regions
        .iter()
        .filter_map(|r| match r.kind {
            RegionKind::Branch {
                true_counter,
                false_counter,
            }
            | RegionKind::McdcBranch {
                true_counter,
                false_counter,
                ..
            } if !(true_counter == Counter::Zero && false_counter == Counter::Zero) => {
                let mut entry = geometry(r.range).to_vec();
                entry.push(value(function, counters, true_counter));
                entry.push(value(function, counters, false_counter));
                entry.extend([i64::from(r.file_id), 0, i64::from(r.kind.llvm_kind())]);
                Some(entry)
            }
            _ => None,
        })
        .collect()
}

/// MC/DC decisions: geometry, file id, kind (the decision counts need the bitmap).
fn decisions(function: &FunctionRecord) -> Vec<Vec<i64>> {
    function
        .regions
        .iter()
        .filter(|r| matches!(r.kind, RegionKind::McdcDecision { .. }))
        .map(|r| {
            let mut entry = geometry(r.range).to_vec();
            entry.extend([i64::from(r.file_id), i64::from(r.kind.llvm_kind())]);
            entry
        })
        .collect()
}

/// The export's counted regions with the expansion counts replaced by -1.
fn exported_regions(function: &Value) -> Vec<Vec<i64>> {
    function["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .map(|entry| {
            let mut entry = numbers(entry);
            if entry[7] == 1 {
                entry[4] = -1;
            }
            entry
        })
        .collect()
}

fn exported_decisions(function: &Value) -> Vec<Vec<i64>> {
    function["mcdc_records"]
        .as_array()
        .expect("mcdc_records")
        .iter()
        .map(|entry| {
            let n = numbers(entry);
            vec![n[0], n[1], n[2], n[3], n[6], n[8]]
        })
        .collect()
}

/// llvm-cov's file names: relative names joined to the compilation directory (filename 0).
fn resolved_files(file: &CoverageFile, function: &FunctionRecord) -> Vec<String> {
    let compilation_dir = &file.covmap_records[function.covmap_record].filenames[0];
    function
        .files
        .iter()
        .map(|f| {
            if f.name.starts_with('/') {
                f.name.clone()
            } else {
                format!("{compilation_dir}/{}", f.name)
            }
        })
        .collect()
}

/// Compares every exported function with the decoded record of the same name; returns how
/// many regions, branches and decisions were compared.
fn compare(file: &CoverageFile, export: &Value, profile: &HashMap<String, Vec<i64>>) -> [usize; 3] {
    let exported = export["data"][0]["functions"]
        .as_array()
        .expect("functions");
    assert_eq!(exported.len(), file.functions.len());
    let mut compared = [0; 3];
    for function in exported {
        let name = function["name"].as_str().expect("function name");
        let matching: Vec<&FunctionRecord> =
            file.functions.iter().filter(|f| f.name == name).collect();
        let [record] = matching[..] else {
            panic!("{name}: {} decoded records", matching.len());
        };
        let counters = profile.get(name).map(Vec::as_slice).unwrap_or_default();
        if let Some(max) = record.max_counter_id {
            assert!(
                (max as usize) < counters.len(),
                "{name}: counter #{max} not in profile"
            );
        }
        let filenames: Vec<String> = function["filenames"]
            .as_array()
            .expect("filenames")
            .iter()
            .map(|f| f.as_str().expect("filename").to_string())
            .collect();
        assert_eq!(resolved_files(file, record), filenames, "{name}");
        let regions = exported_regions(function);
        assert_eq!(
            counted_regions(record, counters),
            regions,
            "{name}: regions"
        );
        let branch_list: Vec<Vec<i64>> = function["branches"]
            .as_array()
            .expect("branches")
            .iter()
            .map(numbers)
            .collect();
        assert_eq!(branches(record, counters), branch_list, "{name}: branches");
        let decision_list = exported_decisions(function);
        assert_eq!(decisions(record), decision_list, "{name}: MC/DC decisions");
        compared[0] += regions.len();
        compared[1] += branch_list.len();
        compared[2] += decision_list.len();
    }
    compared
}

/// In `(i > 1 && m) || i == 4` (line 11), C's short-circuit rules say which condition is
/// evaluated next: `i > 1` true -> `m`, false -> `i == 4`; `m` true -> decided, false ->
/// `i == 4`; `i == 4` -> decided.
fn check_mcdc_successors(file: &CoverageFile) {
    let foo = file
        .functions
        .iter()
        .find(|f| f.name == "foo")
        .expect("foo");
    let condition = |start_col: u32| {
        foo.regions
            .iter()
            .find_map(|r| match r.kind {
                RegionKind::McdcBranch {
                    condition_id,
                    next_if_true,
                    next_if_false,
                    ..
                } if r.range.start_line == 11 && r.range.start_col == start_col => {
                    Some((condition_id, next_if_true, next_if_false))
                }
                _ => None,
            })
            .expect("an MC/DC condition")
    };
    let (i_gt_1, m, i_eq_4) = (condition(10), condition(19), condition(25));
    assert_eq!(i_gt_1.1, Some(m.0));
    assert_eq!(i_gt_1.2, Some(i_eq_4.0));
    assert_eq!((m.1, m.2), (None, Some(i_eq_4.0)));
    assert_eq!((i_eq_4.1, i_eq_4.2), (None, None));
    let decision = foo.regions.iter().find_map(|r| match r.kind {
        RegionKind::McdcDecision { num_conditions, .. } => Some(num_conditions),
        _ => None,
    });
    assert_eq!(decision, Some(3));
}

#[test]
fn rustc_binary_agrees_with_llvm_cov() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path();
    std::fs::write(path.join("t.rs"), RUST_PROGRAM).unwrap();
    let extra = ["-A", "warnings", "t.rs", "-o", "t"];
    run(path, "rustc", &[&RUSTC_COVERAGE_BUILD[..], &extra].concat());
    run(path, &path.join("t").to_string_lossy(), &[]);
    let profile = merge_profile(path);
    let file = read_elf(&std::fs::read(path.join("t")).unwrap()).unwrap();
    assert_eq!(file.version(), Some(6));
    let compared = compare(&file, &export(path, "t"), &profile);
    assert!(compared[0] >= 30, "{compared:?}");
    let unused = file
        .functions
        .iter()
        .find(|f| f.demangled_name().as_deref() == Some("t::unused"))
        .expect("the unused function has a record");
    assert!(unused.is_unused());
    assert!(file.to_string().contains("function t::classify\n"));
}

#[test]
fn clang_binary_and_object_agree_with_llvm_cov() {
    assert!(
        Path::new(CLANG).exists(),
        "{CLANG} is needed (apt-get install clang-22 libclang-rt-22-dev)"
    );
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path();
    std::fs::write(path.join("c.c"), C_PROGRAM).unwrap();
    let coverage = ["-fprofile-instr-generate", "-fcoverage-mapping"];
    let mut compile = vec!["-O0", "-fcoverage-mcdc", "-c", "c.c", "-o", "c.o"];
    compile.extend(coverage);
    run(path, CLANG, &compile);
    let mut link = vec!["c.o", "-o", "c"];
    link.extend(coverage);
    run(path, CLANG, &link);
    run(path, &path.join("c").to_string_lossy(), &[]);
    let profile = merge_profile(path);
    for target in ["c", "c.o"] {
        let file = read_elf(&std::fs::read(path.join(target)).unwrap()).unwrap();
        let kinds: Vec<u32> = file
            .functions
            .iter()
            .flat_map(|f| f.regions.iter().map(|r| r.kind.llvm_kind()))
            .collect();
        for kind in 0..=6 {
            assert!(kinds.contains(&kind), "{target}: no region of kind {kind}");
        }
        let compared = compare(&file, &export(path, target), &profile);
        assert!(compared.iter().all(|&n| n > 0), "{target}: {compared:?}");
        check_mcdc_successors(&file);
    }
}
