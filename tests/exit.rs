//! How `clifcov` exits: it leaves the freeing of its memory to a child that shares its
//! address space (`cli/src/exit.rs`), except under valgrind, which stops a program that
//! starts such a child; there it must exit as usual.

mod cli_support;

use std::process::Command;

use cli_support::*;

#[test]
fn builds_under_valgrind() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let program = directory.path().join("collatz");
    let mut command = Command::new("valgrind");
    command
        .args(["--tool=none", "-q", "--error-exitcode=99"])
        .arg(env!("CARGO_BIN_EXE_clifcov"))
        .args(["build", "examples/collatz.rs", "-o"])
        .arg(&program)
        .current_dir(root());
    let build = output(&mut command);
    expect_exit(&build, 0, "clifcov build under valgrind");
    assert!(build.stderr.is_empty(), "{}", text(&build.stderr));
    let run = output(&mut Command::new(&program));
    expect_exit(&run, 0, "the program clifcov built under valgrind");
    assert!(!run.stdout.is_empty());
}
