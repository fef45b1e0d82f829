//! `clifcov test` against its oracles, on the files of `tests/testfiles/`:
//!
//! * results: the report of `clifcov test` equals, text for text (thread ids and times
//!   aside), what the `rustc --test --edition 2021` harness prints for the same file and
//!   options with one test thread; with several threads the same result lines and summary
//!   come out (in completion order); the exit codes agree;
//! * a test that crashes or hangs fails alone, as it does when the rustc harness runs it
//!   alone (`--exact NAME`), and the counts it made before are kept;
//! * coverage: `llvm-cov show` of clifcov's profile and mapping object gives the same
//!   listing (line counts and all) as of `rustc --test -C instrument-coverage`'s binary
//!   and profile, with atomic (the default) and plain counters; with byte counters the same
//!   lines are covered, each counting 1; clifcov's summary equals `llvm-cov report`; the
//!   per-test profiles add up to the whole run's profile.
//!
//! Every run happens in a temporary directory holding a copy of the test file, so both
//! compilers see the same relative path. `RUST_BACKTRACE` is removed for the rustc-built
//! binaries.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const LLVM: &str = "/usr/lib/llvm-22/bin";
const CLIFCOV: &str = env!("CARGO_BIN_EXE_clifcov");

/// A copy of `tests/testfiles/NAME.rs` in a fresh directory.
struct Workspace {
    dir: tempfile::TempDir,
    file: String,
}

impl Workspace {
    fn new(name: &str) -> Workspace {
        let dir = tempfile::Builder::new()
            .prefix("test-command-")
            .tempdir()
            .unwrap();
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/testfiles")
            .join(format!("{name}.rs"));
        let file = format!("{name}.rs");
        std::fs::copy(&source, dir.path().join(&file)).unwrap();
        Workspace { dir, file }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Builds the rustc test harness (`-C instrument-coverage` with `coverage`) as `output`.
    fn rustc_tests(&self, output: &str, coverage: bool) -> PathBuf {
        let mut command = Command::new("rustc");
        command.args(["--edition", "2021", "--test", &self.file, "-o", output]);
        if coverage {
            command.args(["-C", "instrument-coverage"]);
        }
        let result = command.current_dir(self.dir.path()).output().unwrap();
        assert!(result.status.success(), "rustc: {result:?}");
        self.path(output)
    }

    /// Runs a rustc-built harness with `args`, its profile into `profile`.
    fn run_rustc(&self, binary: &Path, args: &[&str], profile: &str) -> Output {
        Command::new(binary)
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("RUST_BACKTRACE")
            .env("LLVM_PROFILE_FILE", self.path(profile))
            .output()
            .unwrap()
    }

    /// Runs `clifcov test FILE args...`, its profile into `profile`, written for LLVM 22's
    /// llvm-profdata (clifcov writes the raw version of the one `LLVM_PROFDATA` names).
    fn run_clifcov(&self, args: &[&str], profile: &str) -> Output {
        Command::new(CLIFCOV)
            .arg("test")
            .arg(&self.file)
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_TEST_THREADS")
            .env("LLVM_PROFDATA", Path::new(LLVM).join("llvm-profdata"))
            .env("LLVM_PROFILE_FILE", self.path(profile))
            .output()
            .unwrap()
    }

    /// Runs an LLVM 22 tool here; returns its stdout.
    fn llvm(&self, tool: &str, args: &[&str]) -> String {
        let output = Command::new(Path::new(LLVM).join(tool))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{tool} {args:?}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    }

    /// `llvm-cov show` of `binary` with the merged `profile`.
    fn coverage_listing(&self, binary: &str, profile: &str) -> String {
        let profdata = format!("{profile}.profdata");
        self.llvm("llvm-profdata", &["merge", "-o", &profdata, profile]);
        let instr_profile = format!("-instr-profile={profdata}");
        self.llvm("llvm-cov", &["show", binary, &instr_profile])
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Thread ids and times replaced: `thread 'NAME' (TID)`, `finished in T`.
fn normalize(report: &str) -> String {
    let mut out = String::new();
    for line in report.split_inclusive('\n') {
        let line = match line.find("finished in ") {
            Some(at) => format!("{}finished in T\n", &line[..at]),
            None => line.to_string(),
        };
        out.push_str(&without_thread_ids(&line));
    }
    out
}

fn without_thread_ids(line: &str) -> String {
    let Some(start) = line.find("thread '") else {
        return line.to_string();
    };
    let Some(open) = line[start..].find("' (").map(|at| start + at + 3) else {
        return line.to_string();
    };
    match line[open..].find(')') {
        Some(close) => format!("{}TID{}", &line[..open], &line[open + close..]),
        None => line.to_string(),
    }
}

/// clifcov's report without the coverage summary that follows libtest's text.
fn libtest_part(stdout: &str) -> &str {
    match stdout.find("\ntest result: ") {
        Some(at) => {
            let end = at + 1 + stdout[at + 1..].find('\n').unwrap() + 1;
            &stdout[..(end + 1).min(stdout.len())]
        }
        None => stdout,
    }
}

/// Both harnesses run with `args` and one thread: same report, same exit code.
fn assert_same_report(name: &str, args: &[&str]) {
    let workspace = Workspace::new(name);
    let oracle = workspace.rustc_tests("oracle", false);
    let mut serial = vec!["--test-threads", "1"];
    serial.extend_from_slice(args);
    let expected = workspace.run_rustc(&oracle, &serial, "rustc.profraw");
    let actual = workspace.run_clifcov(&serial, "clifcov.profraw");
    assert_eq!(
        normalize(libtest_part(&text(&actual.stdout))),
        normalize(&text(&expected.stdout)),
        "{name} {args:?}; clifcov's stderr: {}",
        text(&actual.stderr)
    );
    assert_eq!(
        actual.status.code(),
        expected.status.code(),
        "{name} {args:?}"
    );
}

#[test]
fn reports_equal_rustc_test_harness_reports() {
    for name in ["basic", "arith"] {
        assert_same_report(name, &[]);
    }
}

#[test]
fn filters_and_listing_equal_rustc() {
    let cases: [&[&str]; 7] = [
        &["divides"],
        &["adds", "sums"],
        &["--exact", "adds"],
        &["--exact", "add"],
        &["--ignored"],
        &["--include-ignored", "fail"],
        &["--list", "fail"],
    ];
    for args in cases {
        assert_same_report("basic", args);
    }
    assert_same_report("basic", &["--list"]);
}

#[test]
fn nocapture_output_equals_rustc() {
    let workspace = Workspace::new("basic");
    let oracle = workspace.rustc_tests("oracle", false);
    let args = ["--test-threads", "1", "--nocapture"];
    let expected = workspace.run_rustc(&oracle, &args, "rustc.profraw");
    let actual = workspace.run_clifcov(&args, "clifcov.profraw");
    assert_eq!(
        normalize(libtest_part(&text(&actual.stdout))),
        normalize(&text(&expected.stdout))
    );
    assert_eq!(
        normalize(&text(&actual.stderr)),
        normalize(&text(&expected.stderr))
    );
}

/// The `test NAME ... RESULT` lines, sorted, and the counts of the `test result:` line.
fn results_and_counts(stdout: &str) -> (Vec<String>, String) {
    let mut results: Vec<String> = stdout
        .lines()
        .filter(|l| l.starts_with("test ") && l.contains(" ... "))
        .map(str::to_string)
        .collect();
    results.sort();
    let summary = stdout
        .lines()
        .find(|l| l.starts_with("test result: "))
        .map(|l| l[..l.find("; finished").unwrap_or(l.len())].to_string())
        .unwrap_or_default();
    (results, summary)
}

#[test]
fn parallel_runs_give_the_same_results_as_rustc() {
    for name in ["basic", "arith"] {
        let workspace = Workspace::new(name);
        let oracle = workspace.rustc_tests("oracle", false);
        for threads in ["2", "4"] {
            let args = ["--test-threads", threads];
            let expected = workspace.run_rustc(&oracle, &args, "rustc.profraw");
            let actual = workspace.run_clifcov(&args, "clifcov.profraw");
            assert_eq!(
                results_and_counts(&text(&actual.stdout)),
                results_and_counts(&text(&expected.stdout)),
                "{name} with {threads} threads"
            );
            assert_eq!(actual.status.code(), expected.status.code());
        }
    }
}

/// Whether each test passes when the rustc harness runs it alone (killed after `limit`).
fn rustc_verdicts_alone(workspace: &Workspace, names: &[&str], limit: Duration) -> Vec<String> {
    let oracle = workspace.rustc_tests("oracle", false);
    names
        .iter()
        .map(|name| {
            let mut child = Command::new(&oracle)
                .args(["--exact", name])
                .current_dir(workspace.dir.path())
                .env_remove("RUST_BACKTRACE")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let start = Instant::now();
            let passed = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break status.success();
                }
                if start.elapsed() > limit {
                    child.kill().unwrap();
                    child.wait().unwrap();
                    break false;
                }
                std::thread::sleep(Duration::from_millis(20));
            };
            let verdict = if passed { "ok" } else { "FAILED" };
            format!("test {name} ... {verdict}")
        })
        .collect()
}

/// The count `llvm-cov show` gives line `number`.
fn line_count(listing: &str, number: u32) -> u64 {
    let line = listing
        .lines()
        .find(|l| {
            l.split('|')
                .next()
                .is_some_and(|n| n.trim() == number.to_string())
        })
        .unwrap_or_else(|| panic!("no line {number} in\n{listing}"));
    let count = line.split('|').nth(1).unwrap().trim();
    let (digits, scale) = match count.strip_suffix('k') {
        Some(digits) => (digits, 1000.0),
        None => match count.strip_suffix('M') {
            Some(digits) => (digits, 1e6),
            None => (count, 1.0),
        },
    };
    (digits.parse::<f64>().unwrap() * scale) as u64
}

#[test]
fn a_crash_fails_alone_and_keeps_its_counts() {
    let workspace = Workspace::new("crash");
    let names = ["a_passes", "overflows_the_stack", "z_passes"];
    let expected = rustc_verdicts_alone(&workspace, &names, Duration::from_secs(20));
    let actual = workspace.run_clifcov(&["--test-threads", "2"], "clifcov.profraw");
    let stdout = text(&actual.stdout);
    assert_eq!(results_and_counts(&stdout).0, expected, "{stdout}");
    assert!(stdout.contains("---- overflows_the_stack stdout ----\ngoing deep\nnote: the test process was killed by signal 11"), "{stdout}");
    assert!(
        stdout.contains("test result: FAILED. 2 passed; 1 failed;"),
        "{stdout}"
    );
    assert_eq!(actual.status.code(), Some(101));
    let listing = workspace.coverage_listing("crash.covmap.o", "clifcov.profraw");
    assert_eq!(
        line_count(&listing, 23),
        1,
        "`println!(\"going deep\")`\n{listing}"
    );
    assert!(line_count(&listing, 9) > 1000, "the recursion\n{listing}");
}

#[test]
fn a_hang_is_killed_at_its_deadline_and_keeps_its_counts() {
    let workspace = Workspace::new("hang");
    let names = ["finishes", "finishes_too", "hangs"];
    let expected = rustc_verdicts_alone(&workspace, &names, Duration::from_secs(3));
    let started = Instant::now();
    let args = ["--timeout", "1", "--test-threads", "2"];
    let actual = workspace.run_clifcov(&args, "clifcov.profraw");
    assert!(started.elapsed() < Duration::from_secs(10));
    let stdout = text(&actual.stdout);
    assert_eq!(results_and_counts(&stdout).0, expected, "{stdout}");
    assert!(stdout.contains(
        "---- hangs stdout ----\nspinning forever\nnote: the test did not finish within 1 s"
    ));
    assert_eq!(actual.status.code(), Some(101));
    let listing = workspace.coverage_listing("hang.covmap.o", "clifcov.profraw");
    assert_eq!(
        line_count(&listing, 23),
        1,
        "`println!(\"spinning forever\")`"
    );
    assert!(line_count(&listing, 8) > 1010, "the loop ran on\n{listing}");
}

/// Runs both with coverage, one thread (clifcov with `options` too): `llvm-cov show`
/// listings of each.
fn coverage_listings(name: &str, options: &[&str]) -> (String, String, Workspace) {
    let workspace = Workspace::new(name);
    let oracle = workspace.rustc_tests("oracle", true);
    workspace.run_rustc(&oracle, &["--test-threads", "1"], "rustc.profraw");
    let args = [&["--test-threads", "1"], options].concat();
    let ours = workspace.run_clifcov(&args, "clifcov.profraw");
    assert!(ours.status.code().is_some(), "{ours:?}");
    let expected = workspace.coverage_listing("oracle", "rustc.profraw");
    let actual = workspace.coverage_listing(&format!("{name}.covmap.o"), "clifcov.profraw");
    (expected, actual, workspace)
}

#[test]
fn line_counts_equal_rustc_instrument_coverage() {
    for name in ["basic", "arith"] {
        let (expected, actual, _) = coverage_listings(name, &[]);
        assert_eq!(actual, expected, "{name}");
    }
}

/// Counters placed on the cold blocks count the same lines.
#[test]
fn cold_counter_placement_gives_the_same_line_counts() {
    for name in ["basic", "arith"] {
        let (expected, actual, _) = coverage_listings(name, &["--counter-placement", "cold"]);
        assert_eq!(actual, expected, "{name}");
    }
}

/// Plain counters count what atomic ones do: each test runs alone in its worker process.
#[test]
fn plain_counters_give_the_same_line_counts() {
    for name in ["basic", "arith"] {
        let (expected, actual, _) = coverage_listings(name, &["--counters", "plain"]);
        assert_eq!(actual, expected, "{name}");
    }
}

/// The lines of `llvm-cov show` that have a count: (line number, count).
fn counted_lines(listing: &str) -> Vec<(u32, u64)> {
    listing
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('|');
            let number = fields.next()?.trim().parse().ok()?;
            let count = fields.next()?.trim();
            (!count.is_empty()).then(|| (number, line_count(listing, number)))
        })
        .collect()
}

/// Byte counters cover the lines rustc's counters count as run, and no others; each
/// covered line counts 1 (one run's profile).
#[test]
fn byte_counters_cover_the_lines_rustc_counts() {
    for name in ["basic", "arith"] {
        let (expected, actual, _) = coverage_listings(name, &["--counters", "byte"]);
        let expected: Vec<(u32, u64)> = counted_lines(&expected)
            .into_iter()
            .map(|(line, count)| (line, u64::from(count > 0)))
            .collect();
        assert!(!expected.is_empty(), "{name}");
        assert_eq!(counted_lines(&actual), expected, "{name}\n{actual}");
    }
}

/// `llvm-cov report -show-functions` rows by function name (the last identifier of the
/// mangled name): (regions, missed regions, lines, missed lines).
fn llvm_cov_rows(report: &str) -> BTreeMap<String, [u64; 4]> {
    let mut rows = BTreeMap::new();
    for line in report.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() < 7 || !(fields[0].starts_with("_R") || fields[0] == "TOTAL") {
            continue;
        }
        let numbers = [fields[1], fields[2], fields[4], fields[5]].map(|f| f.parse().unwrap());
        rows.insert(last_identifier(fields[0]), numbers);
    }
    rows
}

/// `add` from `_RNvCs..._5basic3add`; `TOTAL` stays.
fn last_identifier(mangled: &str) -> String {
    let digits_end = mangled
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .len();
    let digits_start = mangled[..digits_end]
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .len();
    if digits_start == digits_end {
        return mangled.to_string();
    }
    mangled[digits_end..].to_string()
}

/// clifcov's summary rows: name, regions, missed, cover, lines, missed, cover.
fn summary_rows(stdout: &str) -> BTreeMap<String, [u64; 4]> {
    let mut rows = BTreeMap::new();
    let table = &stdout[stdout.find("\nFunction ").expect("a summary table")..];
    for line in table.lines().take_while(|l| !l.starts_with("Functions: ")) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() != 7 || fields[0] == "Function" {
            continue;
        }
        let numbers = [fields[1], fields[2], fields[4], fields[5]].map(|f| f.parse().unwrap());
        rows.insert(fields[0].to_string(), numbers);
    }
    rows
}

#[test]
fn the_summary_equals_llvm_cov_report() {
    for (name, args) in [
        ("basic", &["--test-threads", "1"][..]),
        ("arith", &[][..]),
        ("hang", &["--timeout", "0.5"][..]),
        ("basic", &["--counters", "byte"][..]),
    ] {
        let workspace = Workspace::new(name);
        let run = workspace.run_clifcov(args, "clifcov.profraw");
        let stdout = text(&run.stdout);
        workspace.llvm(
            "llvm-profdata",
            &["merge", "-o", "p.profdata", "clifcov.profraw"],
        );
        let object = format!("{name}.covmap.o");
        let source = workspace.path(&workspace.file);
        let report = workspace.llvm(
            "llvm-cov",
            &[
                "report",
                "-show-functions",
                &object,
                "-instr-profile=p.profdata",
                source.to_str().unwrap(),
            ],
        );
        assert_eq!(
            summary_rows(&stdout),
            llvm_cov_rows(&report),
            "{name}\n{report}"
        );
        let export = workspace.llvm(
            "llvm-cov",
            &[
                "export",
                "-summary-only",
                &object,
                "-instr-profile=p.profdata",
            ],
        );
        let json: serde_json::Value = serde_json::from_str(&export).unwrap();
        let functions = &json["data"][0]["totals"]["functions"];
        let expected = format!(
            "Functions: {}, executed: {} ",
            functions["count"], functions["covered"]
        );
        assert!(stdout.contains(&expected), "{expected}\n{stdout}");
    }
}

/// `llvm-profdata show --all-functions --counts` of `profiles`, merged.
fn merged_counts(workspace: &Workspace, profiles: &[String], output: &str) -> String {
    let mut args = vec!["merge".to_string(), "-o".to_string(), output.to_string()];
    args.extend_from_slice(profiles);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    workspace.llvm("llvm-profdata", &args);
    workspace.llvm(
        "llvm-profdata",
        &["show", "--all-functions", "--counts", output],
    )
}

#[test]
fn per_test_profiles_add_up_to_the_run_and_the_profile_file_is_honoured() {
    let workspace = Workspace::new("arith");
    let run = workspace.run_clifcov(&["--per-test", "each"], "run-%p.profraw");
    assert_eq!(run.status.code(), Some(101));
    let mut each: Vec<String> = std::fs::read_dir(workspace.path("each"))
        .unwrap()
        .map(|entry| format!("each/{}", entry.unwrap().file_name().to_string_lossy()))
        .collect();
    each.sort();
    let names = [
        "digit_names",
        "factorial_overflow_expected",
        "factorial_overflows",
        "gcd_works",
        "primes",
        "remainder_by_zero",
        "small_factorial",
    ];
    let expected: Vec<String> = names.iter().map(|n| format!("each/{n}.profraw")).collect();
    assert_eq!(each, expected);
    let whole: Vec<String> = std::fs::read_dir(workspace.dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("run-") && name.ends_with(".profraw"))
        .collect();
    assert_eq!(
        whole.len(),
        1,
        "one profile named by LLVM_PROFILE_FILE: {whole:?}"
    );
    assert_eq!(
        merged_counts(&workspace, &each, "each.profdata"),
        merged_counts(&workspace, &whole, "whole.profdata")
    );
    let one = merged_counts(&workspace, &expected[3..4], "gcd.profdata");
    assert!(one.contains("Function count: 1"), "{one}");
}
