//! Shared test support: builds the runtime's object the way `cli/build.rs` does, compiles C
//! programs against it, compiles Rust oracle programs with rustc, and runs both;
//! `profdata` reads profiles with each LLVM's `llvm-profdata`.

#![allow(dead_code)]

pub mod profdata;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

include!("../../standalone_args.rs");

/// C declarations of the runtime ABI, as the backend calls it.
pub const ABI_HEADER: &str = r#"
#include <stdint.h>
#include <stddef.h>
#include <string.h>
void clifcov_rt_start(int32_t argc, const char *const *argv);
void clifcov_rt_print_str(uint32_t stream, const char *ptr, size_t len);
void clifcov_rt_print_i64(uint32_t stream, int64_t value);
void clifcov_rt_print_u64(uint32_t stream, uint64_t value);
void clifcov_rt_print_bool(uint32_t stream, uint8_t value);
void clifcov_rt_panic_begin(const char *file, size_t file_len, uint32_t line, uint32_t col);
void clifcov_rt_panic_end(void) __attribute__((noreturn));
struct clifcov_location { uint32_t line; uint32_t col; };
struct clifcov_locations {
    const char *file; size_t file_len; struct clifcov_location records[];
};
void clifcov_rt_panic_assert(uint32_t message, const struct clifcov_locations *locations,
    uint32_t index) __attribute__((noreturn));
void clifcov_rt_exit(int32_t code) __attribute__((noreturn));
size_t clifcov_rt_args_len(void);
#define STR(stream, s) clifcov_rt_print_str(stream, s, strlen(s))
"#;

/// A scratch directory holding the runtime's object, shared by all tests of one test
/// binary: `target/tmp/clifcov-rt-<binary>`, emptied when the binary starts.
pub fn workspace() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let binary = std::env::current_exe().expect("test binary path");
        let stem = binary
            .file_stem()
            .expect("test binary name")
            .to_string_lossy();
        let name = stem.split('-').next().unwrap_or("tests").to_string();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("clifcov-rt-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        build_object(&dir.join("clifcov_rt.o"));
        dir
    })
}

fn rustc() -> String {
    std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string())
}

fn build_object(object: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs");
    let status = Command::new(rustc())
        .args(STANDALONE_RUSTC_ARGS)
        .args(["--target", "x86_64-unknown-linux-gnu", "-o"])
        .arg(object)
        .arg(source)
        .status()
        .expect("run rustc");
    assert!(status.success(), "building the runtime's object failed");
}

/// A fresh directory for one test's files.
pub fn test_dir(name: &str) -> PathBuf {
    let dir = workspace().join(name);
    std::fs::create_dir_all(&dir).expect("create test dir");
    dir
}

/// Compiles `source` (C, the ABI header prepended) and links it with the runtime's object.
pub fn build_c_program(dir: &Path, source: &str) -> PathBuf {
    link_c_program(dir, "prog_c", source, &[workspace().join("clifcov_rt.o")])
}

/// Compiles `source` (C, the ABI header prepended) into `dir/name`, linked with `inputs`.
pub fn link_c_program(dir: &Path, name: &str, source: &str, inputs: &[PathBuf]) -> PathBuf {
    let c_file = dir.join(format!("{name}.c"));
    std::fs::write(&c_file, format!("{ABI_HEADER}\n{source}")).expect("write C source");
    let program = dir.join(name);
    let output = Command::new("cc")
        .arg("-o")
        .arg(&program)
        .arg(&c_file)
        .args(inputs)
        .output()
        .expect("run cc");
    assert!(
        output.status.success(),
        "cc failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    program
}

/// Compiles the Rust oracle `source` as `dir/prog.rs` with `rustc -C opt-level=0`, run in
/// `dir` so that panic locations read `prog.rs:LINE:COL`.
pub fn build_rust_program(dir: &Path, source: &str) -> PathBuf {
    std::fs::write(dir.join("prog.rs"), source).expect("write Rust source");
    let output = Command::new(rustc())
        .current_dir(dir)
        .args(["-C", "opt-level=0", "prog.rs", "-o", "prog_rs"])
        .output()
        .expect("run rustc");
    assert!(
        output.status.success(),
        "rustc failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join("prog_rs")
}

/// Runs `program` with `args`, without RUST_BACKTRACE (which changes Rust's panic text)
/// and without CLIFCOV_LLVM_VERSION (which changes the profile's layout).
pub fn run(program: &Path, args: &[&str]) -> Output {
    command(program, args).output().expect("run program")
}

pub fn command(program: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .env_remove("CLIFCOV_LLVM_VERSION")
        .stdin(Stdio::null());
    command
}

/// Runs `program` with stdout and stderr going to the same file, and returns that file's
/// content: this shows how the two streams interleave.
pub fn run_interleaved(program: &Path, args: &[&str]) -> (Vec<u8>, Option<i32>) {
    let capture = program.with_extension("interleaved");
    let file = std::fs::File::create(&capture).expect("create capture file");
    let status = command(program, args)
        .stdout(file.try_clone().expect("clone capture file"))
        .stderr(file)
        .status()
        .expect("run program");
    (
        std::fs::read(&capture).expect("read capture"),
        status.code(),
    )
}

/// Replaces the thread id in a panic header (`thread 'main' (1234) panicked`) by `(TID)`.
pub fn normalize_thread_id(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let mut normalized = String::new();
    let mut rest: &str = &text;
    while let Some(start) = rest.find("thread 'main' (") {
        let digits_start = start + "thread 'main' (".len();
        let digits_len = rest[digits_start..].find(')').unwrap_or(0);
        normalized.push_str(&rest[..digits_start]);
        normalized.push_str("TID");
        rest = &rest[digits_start + digits_len..];
    }
    normalized.push_str(rest);
    normalized
}
