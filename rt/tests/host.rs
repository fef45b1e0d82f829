//! The host API (`clifcov_rt::host`) against rustc's test harness, the oracle for code run
//! as a test: panic reports named after the test, the backtrace note only where libtest
//! prints it (on the first panic of a run), the message alone sent to a descriptor, and
//! stdout's pending text written before stderr when both are captured together.
//!
//! Each scenario runs in a child process (this test binary run again on one test with
//! `CLIFCOV_RT_HOST_SCENARIO` set), since a panic ends the process.

mod support;

use std::fs::File;
use std::os::fd::IntoRawFd;
use std::path::Path;
use std::process::{Command, Stdio};

use clifcov_rt::{abi, host};
use support::test_dir;

const SCENARIO: &str = "CLIFCOV_RT_HOST_SCENARIO";

/// The oracle: two tests of a rustc test harness; `a` panics first, `b` prints a partial
/// line, then panics at 4:62 with `boom 7`.
const RUST_TESTS: &str = r#"#[test]
fn a() { panic!("first"); }
#[test]
fn b() { print!("partial"); let n = std::hint::black_box(7); panic!("boom {}", n); }
"#;

/// The captured output of test `b`, as libtest prints it under `---- b stdout ----`.
fn rustc_capture_of_b(dir: &Path) -> String {
    std::fs::write(dir.join("host.rs"), RUST_TESTS).unwrap();
    let status = Command::new("rustc")
        .args(["--edition", "2021", "--test", "host.rs", "-o", "host_tests"])
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success());
    let output = Command::new(dir.join("host_tests"))
        .args(["--test-threads", "1"])
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let start = stdout.find("---- b stdout ----\n").unwrap() + "---- b stdout ----\n".len();
    let end = start + stdout[start..].find("\n\nfailures:").unwrap();
    stdout[start..end].to_string()
}

/// Runs test `name` of this binary as a scenario, stdout and stderr into one file; returns
/// what the scenario wrote (after libtest's own `running 1 test` line).
fn run_scenario(dir: &Path, name: &str) -> (String, Option<i32>) {
    let output = File::create(dir.join("output")).unwrap();
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            name,
            "--nocapture",
            "--test-threads",
            "1",
            "--format",
            "terse",
        ])
        .env(SCENARIO, dir)
        .stdout(Stdio::from(output.try_clone().unwrap()))
        .stderr(Stdio::from(output))
        .status()
        .unwrap();
    let text = std::fs::read_to_string(dir.join("output")).unwrap();
    let start = text.find("running 1 test\n").unwrap() + "running 1 test\n".len();
    (text[start..].to_string(), status.code())
}

fn print(stream: u32, text: &str) {
    // SAFETY: the pointer and length describe a live string.
    unsafe { abi::clifcov_rt_print_str(stream, text.as_ptr(), text.len()) };
}

/// The scenario: runtime code doing what test `b` does, named and set up as the test
/// runner sets up a child; the message also goes to `message.txt`.
#[test]
fn scenario_b() {
    let Some(dir) = std::env::var_os(SCENARIO) else {
        return;
    };
    let message = File::create(Path::new(&dir).join("message.txt")).unwrap();
    host::set_flush_stdout_before_stderr(true);
    host::set_panic_style(host::PanicStyle {
        thread_name: b"b",
        backtrace_note: false,
        message_fd: message.into_raw_fd(),
    });
    // SAFETY: starts the runtime as a program's `main` does; the file name is a live
    // string.
    unsafe {
        abi::clifcov_rt_start(1, std::ptr::null());
        print(1, "partial");
        abi::clifcov_rt_panic_begin(b"host.rs".as_ptr(), 7, 4, 62);
    }
    print(2, "boom ");
    abi::clifcov_rt_print_i64(2, 7);
    abi::clifcov_rt_panic_end();
}

/// `TID` in place of thread ids: `(1234)` after `thread 'NAME' `.
fn without_thread_id(text: &str) -> String {
    let Some(open) = text.find("' (") else {
        return text.to_string();
    };
    let close = open + text[open..].find(')').unwrap();
    format!("{}' (TID{}", &text[..open], &text[close..])
}

#[test]
fn panics_are_reported_as_in_a_test_harness() {
    if std::env::var_os(SCENARIO).is_some() {
        return;
    }
    let dir = test_dir("host_panic");
    let expected = rustc_capture_of_b(&dir);
    assert!(expected.starts_with("partial\nthread 'b' ("), "{expected}");
    let (actual, code) = run_scenario(&dir, "scenario_b");
    assert_eq!(without_thread_id(&actual), without_thread_id(&expected));
    assert_eq!(code, Some(101));
    let message = std::fs::read_to_string(dir.join("message.txt")).unwrap();
    assert_eq!(message, "boom 7");
}
