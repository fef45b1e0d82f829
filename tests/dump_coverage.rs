//! `clifcov dump-coverage` and `clifcov emit covmap`: on a rustc-built binary the dump lists
//! the functions, region kinds and ranges that `llvm-cov export` reports, and as many
//! physical counters as the profile holds; on a clifcov-built binary it prints exactly what
//! `emit covmap` prints for the source; input that is not an instrumented ELF file gets a
//! clear error.

mod cli_support;

use std::collections::BTreeMap;
use std::process::Command;

use cli_support::*;
use serde_json::Value;

/// A function of the dump: its mangled name, regions `(kind, [l1, c1, l2, c2])` and the
/// highest counter id.
#[derive(Debug, Default, PartialEq, Eq)]
struct DumpedFunction {
    regions: Vec<(String, [u64; 4])>,
    highest_counter: Option<u64>,
}

/// Parses the dump's `function` blocks by mangled name.
fn parse_dump(dump: &str) -> BTreeMap<String, DumpedFunction> {
    let mut functions = BTreeMap::new();
    let mut current: Option<(String, DumpedFunction)> = None;
    for line in dump.lines() {
        if let Some(name) = line.strip_prefix("  mangled name: ") {
            current = Some((name.to_string(), DumpedFunction::default()));
        } else if let Some(id) = line.strip_prefix("  highest counter id: ") {
            let (name, mut function) = current.take().expect("a function before its counter");
            function.highest_counter = id.strip_prefix('#').map(|n| n.parse().unwrap());
            functions.insert(name, function);
        } else if let (Some((_, function)), Some(region)) = (&mut current, region_line(line)) {
            function.regions.push(region);
        }
    }
    functions
}

/// `      Code          24:1-24:30      #0` -> `("Code", [24, 1, 24, 30])`.
fn region_line(line: &str) -> Option<(String, [u64; 4])> {
    let rest = line.strip_prefix("      ")?;
    let mut fields = rest.split_whitespace();
    let kind = fields.next()?.to_string();
    let range = fields.next()?;
    let (start, end) = range.split_once('-')?;
    let (l1, c1) = start.split_once(':')?;
    let (l2, c2) = end.split_once(':')?;
    let numbers = [l1, c1, l2, c2].map(|n| n.parse::<u64>().ok());
    Some((kind, numbers.map(|n| n.unwrap_or(u64::MAX))))
}

fn kind_name(kind: u64) -> &'static str {
    ["Code", "Expansion", "Skipped", "Gap", "Branch"][kind as usize]
}

/// `Counters: N` per function of `llvm-profdata show --all-functions`.
fn profile_counters(profile: &std::path::Path) -> BTreeMap<String, u64> {
    let mut command = Command::new(llvm_tool("llvm-profdata"));
    command.args(["show", "--all-functions"]).arg(profile);
    let result = output(&mut command);
    expect_exit(&result, 0, "llvm-profdata show");
    let mut counters = BTreeMap::new();
    let mut name = None;
    for line in text(&result.stdout).lines() {
        if let Some(n) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':')) {
            name = Some(n.trim().to_string());
        } else if let Some(n) = line.trim().strip_prefix("Counters: ") {
            counters.insert(name.take().unwrap(), n.parse().unwrap());
        }
    }
    counters
}

#[test]
fn dump_of_a_rustc_binary_agrees_with_llvm_cov_export() {
    for program in ["if_else", "match_literals", "labelled_loops"] {
        let dir = temp_dir();
        let binary = dir.path().join(program);
        rustc_build(&format!("tests/corpus/{program}.rs"), &binary);
        let raw = dir.path().join("run.profraw");
        run_instrumented(&binary, &[], &raw);
        let profile = dir.path().join("run.profdata");
        merge(&raw, &profile);

        let output = clifcov(&["dump-coverage", &binary.to_string_lossy()]);
        expect_exit(&output, 0, "dump-coverage of a rustc binary");
        let dumped = parse_dump(&text(&output.stdout));

        let export: Value =
            serde_json::from_str(&llvm_cov_export(&binary, &profile, "text")).unwrap();
        let exported = export["data"][0]["functions"].as_array().unwrap();
        assert_eq!(dumped.len(), exported.len(), "{program}");
        let counters = profile_counters(&profile);
        for function in exported {
            let name = function["name"].as_str().unwrap();
            let dump = dumped
                .get(name)
                .unwrap_or_else(|| panic!("{program}: {name} missing from the dump"));
            let regions: Vec<(String, [u64; 4])> = function["regions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let n = |i: usize| r[i].as_u64().unwrap();
                    (kind_name(n(7)).to_string(), [n(0), n(1), n(2), n(3)])
                })
                .collect();
            let mut dumped_regions = dump.regions.clone();
            dumped_regions.sort_by_key(|(_, range)| *range);
            let mut exported_regions = regions;
            exported_regions.sort_by_key(|(_, range)| *range);
            assert_eq!(dumped_regions, exported_regions, "{program}: {name}");
            assert_eq!(
                dump.highest_counter.map(|id| id + 1),
                counters.get(name).copied(),
                "{program}: {name}: physical counters"
            );
        }
    }
}

#[test]
fn dump_of_a_clifcov_binary_is_what_emit_covmap_prints() {
    for program in ["if_else", "recursion", "match_literals"] {
        let source = format!("tests/corpus/{program}.rs");
        let dir = temp_dir();
        let binary = dir.path().join(program);
        clifcov_build(&source, &binary);
        let dump = clifcov(&["dump-coverage", &binary.to_string_lossy()]);
        expect_exit(&dump, 0, "dump-coverage of a clifcov binary");
        let emitted = clifcov(&["emit", "covmap", &source]);
        expect_exit(&emitted, 0, "emit covmap");
        let dump = text(&dump.stdout);
        assert!(
            dump.contains(&format!("function {program}::main")),
            "{dump}"
        );
        assert_eq!(dump, text(&emitted.stdout), "{program}");
    }
}

#[test]
fn files_without_a_coverage_map_get_a_clear_error() {
    let dir = temp_dir();
    let not_elf = dir.path().join("notes.txt");
    std::fs::write(&not_elf, "hello\n").unwrap();
    let plain = dir.path().join("plain");
    let result = clifcov(&[
        "build",
        "--no-coverage",
        "tests/corpus/if_else.rs",
        "-o",
        &plain.to_string_lossy(),
    ]);
    expect_exit(&result, 0, "uninstrumented build");
    for (file, what) in [
        (not_elf, "a text file"),
        (plain, "an uninstrumented binary"),
        (dir.path().join("missing"), "a missing file"),
    ] {
        let output = clifcov(&["dump-coverage", &file.to_string_lossy()]);
        expect_exit(&output, 1, what);
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with("error: "), "{what}: {stderr}");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    }
    let output = clifcov(&["emit", "covmap", "--no-coverage", "tests/corpus/if_else.rs"]);
    expect_exit(&output, 1, "emit covmap --no-coverage");
}
