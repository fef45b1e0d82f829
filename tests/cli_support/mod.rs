//! Helpers shared by the tests of clifcov's coverage commands (`compare`, `dump-coverage`,
//! `emit covmap|coverage-graph|spanview`): where the workspace and the tools are, running
//! the `clifcov` binary and the oracles (rustc, LLVM 22's llvm-profdata and llvm-cov), and
//! building and running instrumented programs.

#![allow(dead_code)] // Each test crate uses its own subset.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// LLVM 22, rustc 1.95's LLVM: the oracle tools (`scripts/test.sh` installs them).
pub const LLVM_BIN: &str = "/usr/lib/llvm-22/bin";

/// The workspace root; commands run here so that sources are `tests/corpus/...`.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the CLI crate lives one level below the workspace root")
        .to_path_buf()
}

/// `clifcov ARGS` run from the workspace root, without `RUST_BACKTRACE`, building
/// programs whose profiles LLVM 22's `llvm-profdata` reads (clifcov writes them for the
/// `llvm-profdata` that `LLVM_PROFDATA` names).
pub fn clifcov(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_clifcov"));
    command
        .args(args)
        .current_dir(root())
        .env_remove("RUST_BACKTRACE")
        .env("LLVM_PROFDATA", llvm_tool("llvm-profdata"));
    output(&mut command)
}

/// Runs `command`; panics (failing the test) only if it cannot start.
pub fn output(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("could not run {command:?}: {e}"))
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Panics with everything the command printed unless it exited with `code`.
pub fn expect_exit(output: &Output, code: i32, what: &str) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{what}\n--- stdout\n{}\n--- stderr\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

pub fn llvm_tool(name: &str) -> PathBuf {
    Path::new(LLVM_BIN).join(name)
}

/// Builds `source` (relative to the root) with `rustc -C instrument-coverage` into `output`.
pub fn rustc_build(source: &str, output: &Path) {
    let mut command = Command::new("rustc");
    command
        .args(["--edition", "2021", "-C", "instrument-coverage", "-C"])
        .arg("opt-level=0")
        .arg(source)
        .arg("-o")
        .arg(output)
        .current_dir(root());
    let result = self::output(&mut command);
    expect_exit(&result, 0, &format!("rustc {source}"));
}

/// Builds `source` (relative to the root) with `clifcov build` into `output`.
pub fn clifcov_build(source: &str, output: &Path) {
    let out = output.to_string_lossy();
    let result = clifcov(&["build", source, "-o", &out]);
    expect_exit(&result, 0, &format!("clifcov build {source}"));
}

/// Runs an instrumented `binary` with `args`, its raw profile written to `profile`.
pub fn run_instrumented(binary: &Path, args: &[&str], profile: &Path) {
    let mut command = Command::new(binary);
    command
        .args(args)
        .env("LLVM_PROFILE_FILE", profile)
        .env_remove("RUST_BACKTRACE")
        .current_dir(root());
    output(&mut command);
    assert!(profile.is_file(), "{} wrote no profile", binary.display());
}

/// `llvm-profdata merge -sparse RAW -o INDEXED`.
pub fn merge(raw: &Path, indexed: &Path) {
    let mut command = Command::new(llvm_tool("llvm-profdata"));
    command
        .args(["merge", "-sparse"])
        .arg(raw)
        .arg("-o")
        .arg(indexed);
    expect_exit(&output(&mut command), 0, "llvm-profdata merge");
}

/// `llvm-cov export -format=FORMAT -instr-profile=PROFILE BINARY` (LLVM 22).
pub fn llvm_cov_export(binary: &Path, profile: &Path, format: &str) -> String {
    let mut command = Command::new(llvm_tool("llvm-cov"));
    command
        .arg("export")
        .arg(format!("-format={format}"))
        .arg(format!("-instr-profile={}", profile.display()))
        .arg(binary);
    let result = output(&mut command);
    expect_exit(&result, 0, "llvm-cov export");
    text(&result.stdout)
}

/// The `// args:` lines of a corpus program, each split into arguments; one empty run when
/// there is none (as the differential harness runs them).
pub fn corpus_runs(source: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(root().join(source)).expect("corpus program");
    let runs: Vec<Vec<String>> = text
        .lines()
        .take_while(|line| line.starts_with("//"))
        .filter_map(|line| line.strip_prefix("// args:"))
        .map(|args| args.split_whitespace().map(str::to_string).collect())
        .collect();
    if runs.is_empty() {
        vec![Vec::new()]
    } else {
        runs
    }
}

pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("clifcov-cli-test-")
        .tempdir()
        .expect("a temporary directory")
}
