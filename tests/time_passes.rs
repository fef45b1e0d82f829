//! `clifcov build --time-passes`: one line per stage on standard error, in the order the
//! stages end, each with its wall time and (on Linux) the compiler's resident memory; the
//! front end's three parts come before its total. `benchmarks/run` reads these lines.

mod cli_support;

use cli_support::*;

/// The stages a build with coverage prints, in order.
const STAGES: [&str; 9] = [
    "parse and convert to the subset's syntax tree (part of the front end)",
    "type-check and lint (part of the front end)",
    "lower to IR (part of the front end)",
    "front end: parse, type-check, lower to IR",
    "declarations (runtime, functions, literals) and coverage pass",
    "coverage pass alone (beside the declarations)",
    "coverage map encoding",
    "code generation (Cranelift, object file)",
    "linking",
];

/// The stage a `--time-passes` line names, after checking its time and memory fields.
fn stage_of(line: &str) -> &str {
    let rest = line
        .strip_prefix("time: ")
        .unwrap_or_else(|| panic!("{line}"));
    let (seconds, rest) = rest.trim_start().split_once(" s  ").expect(line);
    assert!(seconds.parse::<f64>().is_ok_and(|s| s >= 0.0), "{line}");
    match rest.rsplit_once("; rss ") {
        Some((stage, rss)) => {
            let mib = rss.strip_suffix(" MiB").expect(line);
            assert!(mib.parse::<u64>().is_ok_and(|m| m > 0), "{line}");
            stage
        }
        None if cfg!(target_os = "linux") => panic!("no resident memory on Linux: {line}"),
        None => rest,
    }
}

#[test]
fn every_stage_is_printed_once_in_order_with_its_memory() {
    let dir = temp_dir();
    let binary = dir.path().join("prog");
    let source = "tests/corpus/algo_primes.rs";
    let built = clifcov(&[
        "build",
        "--time-passes",
        source,
        "-o",
        binary.to_str().unwrap(),
    ]);
    expect_exit(&built, 0, "clifcov build --time-passes");
    let stderr = text(&built.stderr);
    let stages: Vec<&str> = stderr.lines().map(stage_of).collect();
    assert_eq!(stages, STAGES, "{stderr}");
    assert!(binary.exists());
}

#[test]
fn without_coverage_there_is_no_pass_or_map() {
    let dir = temp_dir();
    let binary = dir.path().join("prog");
    let source = "tests/corpus/algo_primes.rs";
    let args = ["build", "--time-passes", "--no-coverage", source, "-o"];
    let built = clifcov(&[&args[..], &[binary.to_str().unwrap()]].concat());
    expect_exit(&built, 0, "clifcov build --time-passes --no-coverage");
    let stderr = text(&built.stderr);
    let stages: Vec<&str> = stderr.lines().map(stage_of).collect();
    let expected = [
        &STAGES[..4],
        &["declarations (runtime, functions, literals)"],
        &STAGES[7..9],
    ]
    .concat();
    assert_eq!(stages, expected, "{stderr}");
}
