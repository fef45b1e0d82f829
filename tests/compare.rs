//! `clifcov compare`, end to end: it says identical (exit 0) on corpus programs whose
//! coverage clifcov reproduces; it reports exactly the lines and regions llvm-cov counts
//! differently (exit 1) for one program run with two argument lists; it stops with exit 2
//! and says what is missing when a tool cannot be found.
//!
//! By default a handful of corpus programs is compared (loops, matches, recursion, a panic,
//! arguments, process::exit); `CLIFCOV_COMPARE_ALL=1` compares every corpus program with
//! every argument list of its `// args:` lines and lists those that differ.

mod cli_support;

use std::collections::BTreeMap;
use std::path::Path;

use cli_support::*;
use serde_json::Value;

/// Programs whose coverage clifcov reproduces today, covering loops, `match`, recursion,
/// lazy boolean operators, labelled loops, nested parentheses, constant format arguments, a
/// panic (exit 101) and `process::exit`.
const HANDFUL: &[&str] = &[
    "if_else",
    "nested_parentheses",
    "promoted_format_arguments",
    "algo_bits",
    "match_literals",
    "lazy_logic",
    "labelled_loops",
    "recursion",
    "args_len",
    "panic_macros",
    "exit_codes",
];

fn compare_json(args: &[&str]) -> (Option<i32>, Value, String) {
    let output = clifcov(args);
    let stdout = text(&output.stdout);
    let document = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("compare printed no JSON ({e}):\n{stdout}"));
    (output.status.code(), document, text(&output.stderr))
}

#[test]
fn corpus_programs_have_identical_coverage() {
    let names: Vec<String> = if std::env::var_os("CLIFCOV_COMPARE_ALL").is_some() {
        let mut all: Vec<String> = std::fs::read_dir(root().join("tests/corpus"))
            .expect("the corpus")
            .filter_map(|e| {
                let name = e.ok()?.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".rs").map(str::to_string)
            })
            .collect();
        all.sort();
        all
    } else {
        HANDFUL.iter().map(|s| s.to_string()).collect()
    };
    let mut differing = Vec::new();
    for name in &names {
        let source = format!("tests/corpus/{name}.rs");
        for run in corpus_runs(&source) {
            let mut args = vec!["compare", source.as_str()];
            if !run.is_empty() {
                args.push("--");
                args.extend(run.iter().map(String::as_str));
            }
            let output = clifcov(&args);
            if output.status.code() != Some(0) {
                differing.push(format!(
                    "{source} {run:?} (exit {:?}):\n{}{}",
                    output.status.code(),
                    text(&output.stdout),
                    text(&output.stderr)
                ));
            }
        }
    }
    assert!(
        differing.is_empty(),
        "{} run(s) differ:\n{}",
        differing.len(),
        differing.join("\n")
    );
}

/// The text report of an identical comparison says so for every aspect.
#[test]
fn identical_report_names_every_aspect() {
    let output = clifcov(&["compare", "tests/corpus/if_else.rs"]);
    expect_exit(&output, 0, "compare if_else");
    let report = text(&output.stdout);
    for line in [
        "(LLVM 22)\n",
        "stdout: identical",
        "stderr: identical",
        "exit code: identical (0)",
        "lines: identical (",
        "regions: identical (",
        "physical counters: rustc ",
        "result: identical",
    ] {
        assert!(report.contains(line), "{line:?} missing from\n{report}");
    }
}

/// The clifcov build's counter options reach the build and its description; the counters'
/// placement and promotion change no count llvm-cov reports.
#[test]
fn counter_options_change_no_count() {
    let runs: [&[&str]; 2] = [
        &["tests/corpus/recursion.rs", "--counter-placement", "cold"],
        &[
            "tests/corpus/labelled_loops.rs",
            "--counters",
            "atomic",
            "--counter-promotion",
            "never",
        ],
    ];
    for run in runs {
        let output = clifcov(&[&["compare"], run].concat());
        expect_exit(&output, 0, &format!("compare {run:?}"));
        let report = text(&output.stdout);
        let description = report
            .lines()
            .find(|line| line.starts_with("clifcov: "))
            .unwrap_or_else(|| panic!("no description of the clifcov build:\n{report}"));
        for option in run[1..].chunks(2) {
            let option = option.join(" ");
            assert!(
                description.contains(&option),
                "{option:?} not in {description:?}"
            );
        }
    }
}

/// Line counts of `llvm-cov export -format=lcov`: `(file, line) -> count`.
fn lcov_lines(lcov: &str) -> BTreeMap<(String, u32), u64> {
    let mut lines = BTreeMap::new();
    let mut file = String::new();
    for line in lcov.lines() {
        if let Some(name) = line.strip_prefix("SF:") {
            file = name.to_string();
        } else if let Some(data) = line.strip_prefix("DA:") {
            let (number, count) = data.split_once(',').expect("DA:LINE,COUNT");
            lines.insert(
                (file.clone(), number.parse().unwrap()),
                count.parse().unwrap(),
            );
        }
    }
    lines
}

/// A region as `llvm-cov export` gives it: start and end (line, column), and kind.
type RegionKey = ((u64, u64), (u64, u64), u64);

/// Regions of `llvm-cov export`'s JSON: `(start, end, kind) -> count` for one function.
fn export_regions(json: &str) -> BTreeMap<RegionKey, u64> {
    let document: Value = serde_json::from_str(json).unwrap();
    let function = &document["data"][0]["functions"][0];
    function["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let n = |i: usize| r[i].as_u64().unwrap();
            (((n(0), n(1)), (n(2), n(3)), n(7)), n(4))
        })
        .collect()
}

/// `args_len` built once by clifcov and run without arguments and with three: compare
/// reports exactly the lines and regions llvm-cov counts differently, with both counts.
#[test]
fn two_runs_with_different_arguments_differ_where_llvm_cov_says() {
    let dir = temp_dir();
    let binary = dir.path().join("args_len");
    clifcov_build("tests/corpus/args_len.rs", &binary);
    let (raw_a, raw_b) = (dir.path().join("a.profraw"), dir.path().join("b.profraw"));
    run_instrumented(&binary, &[], &raw_a);
    run_instrumented(&binary, &["x", "y", "z"], &raw_b);
    let (indexed_a, indexed_b) = (dir.path().join("a.profdata"), dir.path().join("b.profdata"));
    merge(&raw_a, &indexed_a);
    merge(&raw_b, &indexed_b);

    let (bin, a, b) = (
        binary.to_string_lossy(),
        raw_a.to_string_lossy(),
        indexed_b.to_string_lossy(),
    );
    let args = [
        "compare",
        "--format",
        "json",
        "--lhs",
        &bin,
        &a,
        "--rhs",
        &bin,
        &b,
        "tests/corpus/args_len.rs",
    ];
    let (code, report, stderr) = compare_json(&args);
    assert_eq!(code, Some(1), "{report:#}\n{stderr}");
    assert_eq!(report["result"], "different");
    assert!(report["run"].is_null(), "no run with --lhs/--rhs");
    // rustc 1.95's LLVM, not the llvm-profdata 14 that may come first in PATH.
    assert_eq!(report["llvm_tools"]["major"], 22);

    // The oracle: llvm-cov's own line counts of each profile.
    let lhs_lines = lcov_lines(&llvm_cov_export(&binary, &indexed_a, "lcov"));
    let rhs_lines = lcov_lines(&llvm_cov_export(&binary, &indexed_b, "lcov"));
    let expected: Vec<(u64, Option<u64>, Option<u64>)> = lhs_lines
        .keys()
        .chain(rhs_lines.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|k| lhs_lines.get(*k) != rhs_lines.get(*k))
        .map(|k| {
            (
                k.1 as u64,
                lhs_lines.get(k).copied(),
                rhs_lines.get(k).copied(),
            )
        })
        .collect();
    let reported: Vec<(u64, Option<u64>, Option<u64>)> = report["lines"]["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["lhs"].as_u64(),
                d["rhs"].as_u64(),
            )
        })
        .collect();
    assert_eq!(reported, expected);
    // By hand: no argument takes the `0 =>` arm, three take `2..=5`.
    let source_of = |line: u64| {
        report["lines"]["differences"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["line"] == line)
            .map(|d| d["source"].as_str().unwrap().to_string())
    };
    assert!(reported.contains(&(11, Some(1), Some(0))), "{reported:?}");
    assert!(reported.contains(&(13, Some(0), Some(1))), "{reported:?}");
    assert!(source_of(13).unwrap().contains("2..=5 => println!"));

    // Regions: every region whose llvm-cov count differs, and nothing else.
    let lhs_regions = export_regions(&llvm_cov_export(&binary, &indexed_a, "text"));
    let rhs_regions = export_regions(&llvm_cov_export(&binary, &indexed_b, "text"));
    let expected: Vec<((u64, u64), u64, u64)> = lhs_regions
        .iter()
        .filter(|(k, count)| rhs_regions.get(*k) != Some(count))
        .map(|(k, count)| (k.0, *count, rhs_regions[k]))
        .collect();
    let functions = report["regions"]["differences"].as_array().unwrap();
    assert_eq!(functions.len(), 1);
    assert_eq!(functions[0]["function"], "args_len::main");
    let reported: Vec<((u64, u64), u64, u64)> = functions[0]["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                (
                    r["start"][0].as_u64().unwrap(),
                    r["start"][1].as_u64().unwrap(),
                ),
                r["lhs"]["count"].as_u64().unwrap(),
                r["rhs"]["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(reported, expected);
    // Each region carries its counters as the coverage map writes them.
    assert!(functions[0]["regions"][0]["lhs"]["counters"]
        .as_str()
        .unwrap()
        .starts_with('#'));
    // Same binary: same physical counters on both sides.
    assert_eq!(
        report["lhs"]["physical_counters"],
        report["rhs"]["physical_counters"]
    );
}

/// Text reports list a differing line with both counts and its source.
#[test]
fn text_report_shows_differing_lines_with_their_source() {
    let dir = temp_dir();
    let binary = dir.path().join("args_len");
    clifcov_build("tests/corpus/args_len.rs", &binary);
    let (a, b) = (dir.path().join("a.profraw"), dir.path().join("b.profraw"));
    run_instrumented(&binary, &["one"], &a);
    run_instrumented(&binary, &["1", "2", "3", "4", "5", "6"], &b);
    let bin = binary.to_string_lossy();
    let output = clifcov(&[
        "compare",
        "--lhs",
        &bin,
        &a.to_string_lossy(),
        "--rhs",
        &bin,
        &b.to_string_lossy(),
        "tests/corpus/args_len.rs",
    ]);
    expect_exit(&output, 1, "compare of two different runs");
    let report = text(&output.stdout);
    let line = report
        .lines()
        .find(|l| l.contains("args_len.rs:12"))
        .unwrap_or_else(|| panic!("line 12 missing from\n{report}"));
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(&fields[1..3], ["1", "0"], "{line}");
    assert!(
        line.ends_with(r#"1 => println!("one argument"),"#),
        "{line}"
    );
    assert!(report.contains("result: DIFFERENT"), "{report}");
}

#[test]
fn missing_llvm_tools_stop_with_exit_2_and_say_what_to_install() {
    let empty = temp_dir();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_clifcov"));
    command
        .args(["compare", "tests/corpus/if_else.rs", "--format", "json"])
        .current_dir(root())
        .env("CLIFCOV_LLVM_BIN_DIR", empty.path());
    let output = output(&mut command);
    expect_exit(&output, 2, "compare without LLVM tools");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("llvm-profdata and llvm-cov from LLVM 22"),
        "{stderr}"
    );
    assert!(stderr.contains("apt-get install -y llvm-22"), "{stderr}");
    assert!(
        stderr.contains(&empty.path().display().to_string()),
        "{stderr}"
    );
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["result"], "error");
    assert!(document["error"]
        .as_str()
        .unwrap()
        .contains("llvm-profdata"));
}

#[test]
fn a_missing_rustc_or_a_program_that_does_not_build_stops_with_exit_2() {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_clifcov"));
    command
        .args(["compare", "tests/corpus/if_else.rs"])
        .current_dir(root())
        .env("CLIFCOV_RUSTC", "/nonexistent/rustc");
    let output = output(&mut command);
    expect_exit(&output, 2, "compare without rustc");
    assert!(text(&output.stderr).contains("/nonexistent/rustc"));

    let dir = temp_dir();
    let broken = dir.path().join("broken.rs");
    std::fs::write(&broken, "fn main() { let x: i32 = true; }\n").unwrap();
    let output = clifcov(&["compare", &broken.to_string_lossy()]);
    expect_exit(&output, 2, "compare of a program with a type error");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("mismatched types"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_command_lines_are_refused_with_exit_2() {
    let output = clifcov(&["compare"]);
    expect_exit(&output, 2, "compare without a file");
    assert!(text(&output.stderr).contains("needs one FILE.rs"));
    let missing = Path::new("/nonexistent/a.profraw").to_string_lossy();
    let output = clifcov(&[
        "compare",
        "--lhs",
        "/bin/true",
        &missing,
        "--rhs",
        "/bin/true",
        &missing,
    ]);
    expect_exit(&output, 2, "compare of missing profiles");
    assert!(text(&output.stderr).contains("is not a file"));
}
