//! The profile writer against LLVM's own runtime on code instrumented by rustc: one
//! `rustc -C instrument-coverage` object, linked once with clifcov's runtime and once
//! with rustc's stock profiler runtime (compiler-rt, from the sysroot's
//! `profiler_builtins`), must produce the same profile; written for any LLVM from 14 to
//! 22, it must read back with that LLVM's `llvm-profdata` as the stock profile does.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::profdata::*;
use support::*;

const PROGRAM: &str = r#"#![no_std]
#[inline(never)]
fn foo(n: u32) -> u32 {
    if n > 3 {
        n * 2
    } else {
        n
    }
}
fn unused(n: u32) -> u32 {
    n + 1
}
#[no_mangle]
pub extern "C" fn user_main(n: u32) -> u32 {
    let mut sum = 0;
    let mut i = 0;
    while i < n {
        sum += foo(i);
        i += 1;
    }
    if n > 100 {
        sum += unused(n);
    }
    sum
}
"#;

/// `main` for clifcov's runtime: descriptor of the linker's section bounds, then the ABI.
const OURS_MAIN: &str = r#"
#include <stdlib.h>
uint32_t user_main(uint32_t);
extern char __start___llvm_prf_data[], __stop___llvm_prf_data[];
extern char __start___llvm_prf_cnts[], __stop___llvm_prf_cnts[];
extern char __start___llvm_prf_names[], __stop___llvm_prf_names[];
const struct { const char *p[6]; uint64_t flags; } __clifcov_profile_sections = {{
    __start___llvm_prf_data, __stop___llvm_prf_data, __start___llvm_prf_cnts,
    __stop___llvm_prf_cnts, __start___llvm_prf_names, __stop___llvm_prf_names }, 0 };
int main(int argc, char **argv) {
    clifcov_rt_start(argc, (const char *const *)argv);
    clifcov_rt_print_u64(1, user_main(atoi(argv[1])));
    STR(1, "\n");
    clifcov_rt_exit(0);
}
"#;

/// `main` for the stock runtime, which writes the profile from an `atexit` handler.
const STOCK_MAIN: &str = r#"
#include <stdio.h>
#include <stdlib.h>
uint32_t user_main(uint32_t);
int main(int argc, char **argv) {
    printf("%u\n", user_main(atoi(argv[1])));
    return 0;
}
"#;

fn rustc_sysroot() -> PathBuf {
    let output = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .unwrap();
    PathBuf::from(String::from_utf8(output.stdout).unwrap().trim())
}

/// The object files of rustc's `profiler_builtins` rlib, extracted into `dir`.
fn stock_runtime_objects(dir: &Path) -> Vec<PathBuf> {
    let lib_dir = rustc_sysroot().join("lib/rustlib/x86_64-unknown-linux-gnu/lib");
    let rlib = std::fs::read_dir(&lib_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("libprofiler_builtins-") && name.ends_with(".rlib")
        })
        .expect("rustc's profiler_builtins rlib");
    let objects_dir = dir.join("stock_runtime");
    std::fs::create_dir_all(&objects_dir).unwrap();
    let status = Command::new("ar")
        .current_dir(&objects_dir)
        .arg("x")
        .arg(&rlib)
        .status()
        .unwrap();
    assert!(status.success());
    let mut objects: Vec<PathBuf> = std::fs::read_dir(&objects_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "o"))
        .collect();
    objects.sort();
    objects
}

/// Builds the rustc object and both programs: (ours, stock).
fn build_both(dir: &Path) -> (PathBuf, PathBuf) {
    std::fs::write(dir.join("prog.rs"), PROGRAM).unwrap();
    let status = Command::new("rustc")
        .current_dir(dir)
        .args([
            "--crate-type",
            "lib",
            "--emit",
            "obj",
            "-C",
            "instrument-coverage",
        ])
        .args([
            "-C",
            "panic=abort",
            "-C",
            "opt-level=0",
            "-C",
            "overflow-checks=off",
        ])
        .args(["prog.rs", "-o", "prog.o"])
        .status()
        .unwrap();
    assert!(status.success());
    let object = dir.join("prog.o");
    let ours = link_c_program(
        dir,
        "ours",
        OURS_MAIN,
        &[object.clone(), workspace().join("clifcov_rt.o")],
    );
    let mut stock_inputs = vec![object, "-u".into(), "__llvm_profile_runtime".into()];
    stock_inputs.extend(stock_runtime_objects(dir));
    let stock = link_c_program(dir, "stock", STOCK_MAIN, &stock_inputs);
    (ours, stock)
}

fn run_with_profile(program: &Path, dir: &Path, pattern: &str, arg: &str) -> Vec<u8> {
    let output = command(program, &[arg])
        .current_dir(dir)
        .env("LLVM_PROFILE_FILE", pattern)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.stderr, b"");
    output.stdout
}

fn show(profile: &Path) -> String {
    let output = Command::new(llvm_profdata(22))
        .args(["show", "--all-functions", "--counts"])
        .arg(profile)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn word(bytes: &[u8], index: usize) -> u64 {
    u64::from_le_bytes(bytes[index * 8..index * 8 + 8].try_into().unwrap())
}

#[test]
fn same_profile_as_the_stock_runtime() {
    let dir = test_dir("single_run");
    let (ours, stock) = build_both(&dir);
    let our_output = run_with_profile(&ours, &dir, "ours.profraw", "7");
    let stock_output = run_with_profile(&stock, &dir, "stock.profraw", "7");
    assert_eq!(our_output, stock_output);
    let our_profile = std::fs::read(dir.join("ours.profraw")).unwrap();
    let stock_profile = std::fs::read(dir.join("stock.profraw")).unwrap();
    assert_eq!(
        show(&dir.join("ours.profraw")),
        show(&dir.join("stock.profraw"))
    );
    assert!(show(&dir.join("ours.profraw")).contains("Block counts: [3]"));
    // Header words: the stock runtime adds binary ids (word 2); words 11 and 12 are
    // run-time addresses. Everything after the header and binary ids is identical.
    for index in (0..16).filter(|index| ![2, 11, 12].contains(index)) {
        assert_eq!(
            word(&our_profile, index),
            word(&stock_profile, index),
            "header word {index}"
        );
    }
    assert_eq!(word(&our_profile, 2), 0);
    let stock_body = &stock_profile[128 + word(&stock_profile, 2) as usize..];
    assert_eq!(&our_profile[128..], stock_body);
}

#[test]
fn same_merged_profile_as_the_stock_runtime() {
    let dir = test_dir("merged_runs");
    let (ours, stock) = build_both(&dir);
    for arg in ["1", "5", "9"] {
        run_with_profile(&ours, &dir, "ours_profiles/%m.profraw", arg);
        run_with_profile(&stock, &dir, "stock_profiles/%m.profraw", arg);
    }
    let only_file = |sub: &str| {
        let files: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        files[0].clone()
    };
    let merged = show(&only_file("ours_profiles"));
    assert_eq!(merged, show(&only_file("stock_profiles")));
    assert!(merged.contains("Function count: 15"), "{merged}");
}

#[test]
fn every_llvm_reads_the_counts_of_the_stock_runtime() {
    let dir = test_dir("every_llvm");
    let (ours, stock) = build_both(&dir);
    run_with_profile(&stock, &dir, "stock.profraw", "6");
    let stock_counts = read_profile(22, &dir.join("stock.profraw"));
    assert!(!stock_counts.is_empty());
    for llvm in ORACLE_LLVM_VERSIONS {
        let file = format!("llvm{llvm}.profraw");
        let output = command(&ours, &["6"])
            .current_dir(&dir)
            .env("LLVM_PROFILE_FILE", &file)
            .env("CLIFCOV_LLVM_VERSION", llvm.to_string())
            .output()
            .unwrap();
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "{output:?}"
        );
        assert_eq!(
            read_profile(llvm, &dir.join(&file)),
            stock_counts,
            "LLVM {llvm}"
        );
    }
}
