//! The runtime's C ABI against the oracle: each scenario is a Rust program built by rustc
//! and the same behaviour written in C against the runtime's object; both must give the
//! same stdout, stderr (thread id aside), exit code and stdout/stderr interleaving.

mod support;

use std::io::Read;
use std::process::Stdio;
use support::*;

/// Builds both programs of a scenario in their own directory.
fn build_pair(name: &str, rust: &str, c: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = test_dir(name);
    (build_rust_program(&dir, rust), build_c_program(&dir, c))
}

/// Runs both programs and requires identical observable behaviour.
fn assert_same_behaviour(name: &str, rust: &str, c: &str, args: &[&str]) {
    let (rust_program, c_program) = build_pair(name, rust, c);
    let expected = run(&rust_program, args);
    let actual = run(&c_program, args);
    assert_eq!(
        String::from_utf8_lossy(&actual.stdout),
        String::from_utf8_lossy(&expected.stdout),
        "stdout"
    );
    assert_eq!(
        normalize_thread_id(&actual.stderr),
        normalize_thread_id(&expected.stderr),
        "stderr"
    );
    assert_eq!(actual.status.code(), expected.status.code(), "exit code");
    let (expected_mix, _) = run_interleaved(&rust_program, args);
    let (actual_mix, _) = run_interleaved(&c_program, args);
    assert_eq!(
        normalize_thread_id(&actual_mix),
        normalize_thread_id(&expected_mix),
        "interleaved stdout and stderr"
    );
}

#[test]
fn prints_of_every_kind() {
    let rust = r#"
fn main() {
    println!("{} {} {} {}", i64::MIN, i64::MAX, 0i64, -1i64);
    println!("{} {} {} {}", u64::MAX, 0u64, 7u8, -128i8);
    println!("{} {}", true, false);
    eprintln!("err {} {} {}", -12i32, 34u32, true);
    print!("no newline yet ");
    eprint!("E");
    println!("done");
    print!("multi\nline\ntail");
    eprintln!("!");
    println!();
}
"#;
    let c = r#"
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    clifcov_rt_print_i64(1, INT64_MIN); STR(1, " ");
    clifcov_rt_print_i64(1, INT64_MAX); STR(1, " ");
    clifcov_rt_print_i64(1, 0); STR(1, " ");
    clifcov_rt_print_i64(1, -1); STR(1, "\n");
    clifcov_rt_print_u64(1, UINT64_MAX); STR(1, " ");
    clifcov_rt_print_u64(1, 0); STR(1, " ");
    clifcov_rt_print_u64(1, 7); STR(1, " ");
    clifcov_rt_print_i64(1, -128); STR(1, "\n");
    clifcov_rt_print_bool(1, 1); STR(1, " ");
    clifcov_rt_print_bool(1, 0); STR(1, "\n");
    STR(2, "err "); clifcov_rt_print_i64(2, -12); STR(2, " ");
    clifcov_rt_print_u64(2, 34); STR(2, " ");
    clifcov_rt_print_bool(2, 1); STR(2, "\n");
    STR(1, "no newline yet ");
    STR(2, "E");
    STR(1, "done\n");
    STR(1, "multi\nline\ntail");
    STR(2, "!\n");
    STR(1, "\n");
    clifcov_rt_exit(0);
}
"#;
    assert_same_behaviour("prints", rust, c, &[]);
}

#[test]
fn partial_line_is_flushed_when_main_returns() {
    let rust = r#"
fn main() {
    print!("partial");
    eprint!("E");
}
"#;
    let c = r#"
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    STR(1, "partial");
    STR(2, "E");
    clifcov_rt_exit(0);
}
"#;
    assert_same_behaviour("partial_return", rust, c, &[]);
}

#[test]
fn exit_code_and_partial_line_with_process_exit() {
    let rust = r#"
fn main() {
    println!("line");
    print!("partial");
    std::process::exit(42);
}
"#;
    let c = r#"
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    STR(1, "line\n");
    STR(1, "partial");
    clifcov_rt_exit(42);
}
"#;
    assert_same_behaviour("exit_code", rust, c, &[]);
}

#[test]
fn panic_message_and_exit_code() {
    let rust = r#"
fn main() {
    print!("before panic");
    let n = std::env::args().len() as i64;
    panic!("boom {} {} {}", n, -3, false);
}
"#;
    let c = r#"
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    STR(1, "before panic");
    int64_t n = (int64_t)clifcov_rt_args_len();
    clifcov_rt_panic_begin("prog.rs", 7, 5, 5);
    STR(2, "boom ");
    clifcov_rt_print_i64(2, n); STR(2, " ");
    clifcov_rt_print_i64(2, -3); STR(2, " ");
    clifcov_rt_print_bool(2, 0);
    clifcov_rt_panic_end();
}
"#;
    assert_same_behaviour("panic", rust, c, &["x"]);
}

#[test]
fn assert_panic_message_and_location() {
    let rust = r#"
fn main() {
    print!("before panic");
    let n = std::env::args().len() as i32;
    let _ = n / (n - 2);
}
"#;
    let c = r#"
static const struct clifcov_locations locations = { "prog.rs", 7, { { 4, 9 }, { 5, 13 } } };
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    STR(1, "before panic");
    clifcov_rt_panic_assert(5, &locations, 1);
}
"#;
    assert_same_behaviour("panic_assert", rust, c, &["x"]);
}

/// `RUST_BACKTRACE` set to anything but `0` makes a rustc-built program print a backtrace
/// where it would print the note asking for the variable; the runtime records no backtrace,
/// so its note says that instead.
#[test]
fn a_requested_backtrace_gets_a_note_that_there_is_none() {
    let rust = r#"
fn main() {
    panic!("boom");
}
"#;
    let c = r#"
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    clifcov_rt_panic_begin("prog.rs", 7, 3, 5);
    STR(2, "boom");
    clifcov_rt_panic_end();
}
"#;
    let (rust_program, c_program) = build_pair("backtrace_note", rust, c);
    let stderr = |program: &std::path::Path, value: Option<&str>| {
        let mut command = command(program, &[]);
        if let Some(value) = value {
            command.env("RUST_BACKTRACE", value);
        }
        String::from_utf8(command.output().expect("run program").stderr).expect("UTF-8")
    };
    let asks = "\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
    let none = "\nnote: this program was built by clifcov, which cannot display a backtrace\n";
    for value in [None, Some("0"), Some("1"), Some("full"), Some("")] {
        let oracle = stderr(&rust_program, value);
        let ours = stderr(&c_program, value);
        let oracle_prints_backtrace = oracle.contains("stack backtrace:");
        assert_eq!(
            oracle.ends_with(asks),
            !oracle_prints_backtrace,
            "{value:?}: {oracle}"
        );
        let expected_note = if oracle_prints_backtrace { none } else { asks };
        assert!(ours.ends_with(expected_note), "{value:?}: {ours}");
        assert_eq!(ours.matches("note:").count(), 1, "{value:?}: {ours}");
    }
}

#[test]
fn argument_count() {
    let rust = r#"
fn main() {
    println!("{}", std::env::args().len());
}
"#;
    let c = r#"
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    clifcov_rt_print_u64(1, clifcov_rt_args_len());
    STR(1, "\n");
    clifcov_rt_exit(0);
}
"#;
    assert_same_behaviour("args_none", rust, c, &[]);
    assert_same_behaviour("args_three", rust, c, &["a", "b c", ""]);
}

/// More than the 1024-byte stdout buffer without a newline, interleaved with stderr.
#[test]
fn long_partial_lines_interleave_like_rust() {
    let rust = r#"
fn main() {
    for i in 0..700i64 {
        print!("{} ", -i);
        if i % 3 == 0 {
            eprint!("<{}>", i);
        }
        if i % 300 == 299 {
            println!("end {}", i);
        }
    }
    eprintln!();
}
"#;
    let c = r#"
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    for (int64_t i = 0; i < 700; i++) {
        clifcov_rt_print_i64(1, -i); STR(1, " ");
        if (i % 3 == 0) { STR(2, "<"); clifcov_rt_print_i64(2, i); STR(2, ">"); }
        if (i % 300 == 299) { STR(1, "end "); clifcov_rt_print_i64(1, i); STR(1, "\n"); }
    }
    STR(2, "\n");
    clifcov_rt_exit(0);
}
"#;
    assert_same_behaviour("long_lines", rust, c, &[]);
}

/// Writing to a pipe whose reader is gone: Rust's `print!` panics with EPIPE, exit 101.
#[test]
fn broken_pipe_panics_like_rust() {
    let rust = r#"
fn main() {
    loop {
        println!("y");
    }
}
"#;
    let c = r#"
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    for (;;) STR(1, "y\n");
}
"#;
    let (rust_program, c_program) = build_pair("broken_pipe", rust, c);
    let run_with_closed_reader = |program| {
        let mut child = command(program, &[])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let mut stderr = Vec::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_end(&mut stderr)
            .unwrap();
        (normalize_thread_id(&stderr), child.wait().unwrap().code())
    };
    let expected = run_with_closed_reader(&rust_program);
    assert!(expected.0.contains("Broken pipe"), "oracle: {expected:?}");
    assert_eq!(run_with_closed_reader(&c_program), expected);
}

/// A program started with stdout closed still runs (Rust reopens it on /dev/null).
#[test]
fn closed_stdout_is_harmless() {
    let rust = r#"
fn main() {
    println!("to nowhere");
    eprintln!("still here");
}
"#;
    let c = r#"
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    STR(1, "to nowhere\n");
    STR(2, "still here\n");
    clifcov_rt_exit(0);
}
"#;
    let (rust_program, c_program) = build_pair("closed_stdout", rust, c);
    let run_closed = |program: &std::path::Path| {
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("exec '{}' >&-", program.display()))
            .env_remove("RUST_BACKTRACE")
            .output()
            .expect("run sh");
        (output.stderr, output.status.code())
    };
    let expected = run_closed(&rust_program);
    assert_eq!(expected, (b"still here\n".to_vec(), Some(0)), "oracle");
    assert_eq!(run_closed(&c_program), expected);
}
