//! The profile writer against the oracle `llvm-profdata` (LLVM 22 by default, and 14, 16
//! and 19 for the layouts chosen by `CLIFCOV_LLVM_VERSION`): C programs that lay out
//! real `__llvm_prf_data` / `__llvm_prf_cnts` / `__llvm_prf_names` sections and the
//! `__clifcov_profile_sections` descriptor, as generated programs do, linked with the
//! runtime's object; their profiles must read back with exactly the counts they recorded.

mod support;

use md5::{Digest, Md5};
use std::path::{Path, PathBuf};
use std::process::Output;
use support::profdata::*;
use support::*;

const FOO: &str = "_RNvCs1234_4prog3foo";
const MAIN: &str = "_RNvCs1234_4prog4main";
const BYTE_COVERAGE: u64 = 1 << 60;

/// LLVM's NameRef: the first 8 bytes of the name's MD5, little-endian.
fn name_ref(name: &str) -> u64 {
    let digest = Md5::digest(name.as_bytes());
    u64::from_le_bytes(digest[..8].try_into().unwrap())
}

/// How the generated program is instrumented.
struct Instrumentation {
    foo_hash: u64,
    variant_flags: u64,
}

const NORMAL: Instrumentation = Instrumentation {
    foo_hash: 0x1111_2222_3333_4444,
    variant_flags: 0,
};

const BYTES: Instrumentation = Instrumentation {
    variant_flags: BYTE_COVERAGE,
    ..NORMAL
};

/// A program whose descriptor asks for raw version 8 (LLVM 14-17) by default.
const DEFAULT_V8: Instrumentation = Instrumentation {
    variant_flags: 8,
    ..NORMAL
};

/// A program with two instrumented functions. `foo(i)` bumps counter 0, then counter 1
/// for odd `i` and counter 2 for even `i`; `main` bumps its counter 0 at entry and counter
/// 1 when a third argument is given. argv[1] = how many calls of `foo`, argv[2] = how
/// `main` ends: `return`, `exit` (code 3) or `panic`.
fn program_source(instrumentation: &Instrumentation) -> String {
    let byte_coverage = instrumentation.variant_flags & BYTE_COVERAGE != 0;
    let (counter_type, alignment, initial, hit) = if byte_coverage {
        ("uint8_t", 1, "{0xff, 0xff, 0xff}", "(c) = 0")
    } else {
        ("uint64_t", 8, "{0}", "(c)++")
    };
    let names = format!("{FOO}\x01{MAIN}");
    let mut names_chunk = vec![names.len() as u8, 0];
    names_chunk.extend_from_slice(names.as_bytes());
    let names_bytes: Vec<String> = names_chunk.iter().map(|b| format!("{b:#04x}")).collect();
    format!(
        r#"
#include <stdlib.h>
struct record {{
    uint64_t name_ref, func_hash;
    int64_t counter_ptr, bitmap_ptr;
    uint64_t function_pointer, values;
    uint32_t num_counters;
    uint16_t num_value_sites[3];
    uint16_t padding;
    uint32_t num_bitmap_bytes;
}};
_Static_assert(sizeof(struct record) == 64, "record size");
#define HIT(c) {hit}
__attribute__((section("__llvm_prf_cnts"), used, aligned({alignment})))
{counter_type} counters_foo[3] = {initial};
__attribute__((section("__llvm_prf_cnts"), used, aligned({alignment})))
{counter_type} counters_main[2] = {initial};
__attribute__((section("__llvm_prf_data"), used, aligned(8)))
struct record data_foo = {{ {foo_ref:#x}ULL, {foo_hash:#x}ULL, 0, 0, 0, 0, 3, {{0}}, 0, 0 }};
__attribute__((section("__llvm_prf_data"), used, aligned(8)))
struct record data_main = {{ {main_ref:#x}ULL, 0x5555666677778888ULL, 0, 0, 0, 0, 2, {{0}}, 0, 0 }};
__attribute__((section("__llvm_prf_names"), used))
const char names[] = {{ {names_bytes} }};

extern char __start___llvm_prf_data[], __stop___llvm_prf_data[];
extern char __start___llvm_prf_cnts[], __stop___llvm_prf_cnts[];
extern char __start___llvm_prf_names[], __stop___llvm_prf_names[];
struct sections {{
    const char *data_begin, *data_end, *counters_begin, *counters_end, *names_begin, *names_end;
    uint64_t variant_flags;
}};
const struct sections __clifcov_profile_sections = {{
    __start___llvm_prf_data, __stop___llvm_prf_data,
    __start___llvm_prf_cnts, __stop___llvm_prf_cnts,
    __start___llvm_prf_names, __stop___llvm_prf_names,
    {flags:#x}ULL,
}};

static void foo(int64_t i) {{
    HIT(counters_foo[0]);
    if (i % 2) HIT(counters_foo[1]); else HIT(counters_foo[2]);
}}

int main(int argc, char **argv) {{
    /* What the linker's PC64 relocations do for generated objects. */
    data_foo.counter_ptr = (char *)counters_foo - (char *)&data_foo;
    data_main.counter_ptr = (char *)counters_main - (char *)&data_main;
    clifcov_rt_start(argc, (const char *const *)argv);
    HIT(counters_main[0]);
    int64_t calls = argc > 1 ? strtoll(argv[1], 0, 10) : 0;
    for (int64_t i = 0; i < calls; i++) foo(i);
    STR(1, "calls: "); clifcov_rt_print_i64(1, calls); STR(1, "\n");
    const char *end = argc > 2 ? argv[2] : "return";
    if (argc > 3) HIT(counters_main[1]);
    if (strcmp(end, "exit") == 0) clifcov_rt_exit(3);
    if (strcmp(end, "panic") == 0) {{
        clifcov_rt_panic_begin("prog.rs", 7, 1, 5);
        STR(2, "asked to panic");
        clifcov_rt_panic_end();
    }}
    clifcov_rt_exit(0);
}}
"#,
        foo_ref = name_ref(FOO),
        main_ref = name_ref(MAIN),
        foo_hash = instrumentation.foo_hash,
        names_bytes = names_bytes.join(", "),
        flags = instrumentation.variant_flags,
    )
}

fn build(name: &str, instrumentation: &Instrumentation) -> (PathBuf, PathBuf) {
    let dir = test_dir(name);
    let program = build_c_program(&dir, &program_source(instrumentation));
    (dir, program)
}

/// Runs the program with `LLVM_PROFILE_FILE` set (or unset for `None`), in `dir`.
fn run_profiled(program: &Path, dir: &Path, profile_file: Option<&str>, args: &[&str]) -> Output {
    let mut command = command(program, args);
    command.current_dir(dir);
    match profile_file {
        Some(pattern) => command.env("LLVM_PROFILE_FILE", pattern),
        None => command.env_remove("LLVM_PROFILE_FILE"),
    };
    command.output().expect("run program")
}

/// What the program records for `calls` calls of `foo` (and a third argument or not).
fn expected_counts(calls: u64, third_argument: bool, foo_hash: u64) -> Vec<FunctionCounts> {
    vec![
        FunctionCounts {
            name: FOO.into(),
            hash: foo_hash,
            counts: vec![calls, calls / 2, calls - calls / 2],
        },
        FunctionCounts {
            name: MAIN.into(),
            hash: 0x5555_6666_7777_8888,
            counts: vec![1, u64::from(third_argument)],
        },
    ]
}

fn profraw_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.map(|entry| entry.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|path| path.extension().is_some_and(|ext| ext == "profraw"));
    files.sort();
    files
}

#[test]
fn profile_reads_back_with_exact_counts() {
    let (dir, program) = build("exact_counts", &NORMAL);
    let output = run_profiled(
        &program,
        &dir,
        Some("out/exact.profraw"),
        &["7", "return", "x"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, b"calls: 7\n");
    assert_eq!(output.stderr, b"");
    let profile = dir.join("out/exact.profraw");
    assert_eq!(
        read_profile(22, &profile),
        expected_counts(7, true, NORMAL.foo_hash)
    );
    let merged = std::process::Command::new(llvm_profdata(22))
        .arg("merge")
        .arg(&profile)
        .arg("-o")
        .arg(dir.join("out/exact.profdata"))
        .output()
        .unwrap();
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert_eq!(merged.stderr, b"");
}

#[test]
fn every_exit_path_writes_the_profile() {
    let (dir, program) = build("exit_paths", &NORMAL);
    for (end, code) in [("return", 0), ("exit", 3), ("panic", 101)] {
        let file = format!("{end}.profraw");
        let output = run_profiled(&program, &dir, Some(&file), &["4", end]);
        assert_eq!(output.status.code(), Some(code), "{end}");
        assert_eq!(
            read_profile(22, &dir.join(&file)),
            expected_counts(4, false, NORMAL.foo_hash),
            "{end}"
        );
    }
}

#[test]
fn byte_coverage_profile_reads_back() {
    let (dir, program) = build("byte_coverage", &BYTES);
    run_profiled(&program, &dir, Some("bytes.profraw"), &["1"]);
    let expected = vec![
        FunctionCounts {
            name: FOO.into(),
            hash: NORMAL.foo_hash,
            counts: vec![1, 0, 1],
        },
        FunctionCounts {
            name: MAIN.into(),
            hash: 0x5555_6666_7777_8888,
            counts: vec![1, 0],
        },
    ];
    assert_eq!(read_profile(22, &dir.join("bytes.profraw")), expected);
}

#[test]
fn eight_concurrent_processes_merge_exactly() {
    let (dir, program) = build("concurrent", &NORMAL);
    let children: Vec<_> = (1..=8u64)
        .map(|calls| {
            command(&program, &[&calls.to_string(), "return", "x"])
                .current_dir(&dir)
                .env("LLVM_PROFILE_FILE", "merged/%m.profraw")
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let files = profraw_files(&dir.join("merged"));
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].to_string_lossy().ends_with("_0.profraw"));
    let calls: Vec<u64> = (1..=8).collect();
    let foo_counts = vec![
        calls.iter().sum::<u64>(),
        calls.iter().map(|n| n / 2).sum(),
        calls.iter().map(|n| n - n / 2).sum(),
    ];
    let expected = vec![
        FunctionCounts {
            name: FOO.into(),
            hash: NORMAL.foo_hash,
            counts: foo_counts,
        },
        FunctionCounts {
            name: MAIN.into(),
            hash: 0x5555_6666_7777_8888,
            counts: vec![8, 8],
        },
    ];
    assert_eq!(read_profile(22, &files[0]), expected);
}

#[test]
fn merge_pool_spreads_over_n_files() {
    let (dir, program) = build("pool", &NORMAL);
    for _ in 0..6 {
        run_profiled(&program, &dir, Some("pool/%3m.profraw"), &["2"]);
    }
    let files = profraw_files(&dir.join("pool"));
    assert!(!files.is_empty() && files.len() <= 3, "{files:?}");
    let total: u64 = files
        .iter()
        .map(|file| read_profile(22, file)[1].counts[0])
        .sum();
    assert_eq!(total, 6);
}

#[test]
fn default_file_name_is_rustc_default() {
    let (dir, program) = build("default_name", &NORMAL);
    let child = command(&program, &["1"])
        .current_dir(&dir)
        .env_remove("LLVM_PROFILE_FILE")
        .spawn()
        .unwrap();
    let pid = child.id();
    assert!(child.wait_with_output().unwrap().status.success());
    let files = profraw_files(&dir);
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    let suffix = format!("_0_{pid}.profraw");
    assert!(
        name.starts_with("default_") && name.ends_with(&suffix),
        "{name}"
    );
    let signature = &name["default_".len()..name.len() - suffix.len()];
    assert!(signature.parse::<u64>().is_ok(), "{name}");
}

/// The exact stderr line for a profile that could not be written.
fn failure_line(path: &str, reason: &str) -> String {
    format!("clifcov: profile not written: {path}: {reason}\n")
}

#[test]
fn unwritable_path_is_reported_in_one_line() {
    let (dir, program) = build("unwritable", &NORMAL);
    std::fs::write(dir.join("plain_file"), b"not a directory").unwrap();
    let output = run_profiled(
        &program,
        &dir,
        Some("plain_file/sub/x.profraw"),
        &["2", "exit"],
    );
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(output.stdout, b"calls: 2\n");
    let expected = failure_line("plain_file/sub/x.profraw", "Not a directory");
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
    assert_eq!(
        std::fs::read(dir.join("plain_file")).unwrap(),
        b"not a directory"
    );
}

#[test]
fn incompatible_existing_files_are_left_untouched() {
    let (dir, program) = build("incompatible", &NORMAL);
    let first = run_profiled(&program, &dir, Some("m/%m.profraw"), &["3"]);
    assert!(first.status.success());
    let file = profraw_files(&dir.join("m")).pop().unwrap();
    let relative = format!("m/{}", file.file_name().unwrap().to_string_lossy());
    let reason = "the existing file is not a compatible profile of this program (left unchanged)";
    let valid = std::fs::read(&file).unwrap();
    let garbage = b"this is not a profile at all".to_vec();
    let truncated = valid[..valid.len() - 8].to_vec();
    let mut wrong_magic = valid.clone();
    wrong_magic[0] ^= 1;
    for (what, content) in [
        ("garbage", garbage),
        ("truncated", truncated),
        ("wrong magic", wrong_magic),
    ] {
        std::fs::write(&file, &content).unwrap();
        let output = run_profiled(&program, &dir, Some("m/%m.profraw"), &["3", "exit"]);
        assert_eq!(output.status.code(), Some(3), "{what}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            failure_line(&relative, reason),
            "{what}"
        );
        assert_eq!(std::fs::read(&file).unwrap(), content, "{what}");
    }
    // Same file name (sizes and first NameRef agree) but another function hash: a
    // different program, so its counts must not be added.
    let other = Instrumentation {
        foo_hash: 0x9999,
        ..NORMAL
    };
    let (_, other_program) = build("incompatible_other", &other);
    std::fs::write(&file, &valid).unwrap();
    let output = run_profiled(&other_program, &dir, Some("m/%m.profraw"), &["3"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        failure_line(&relative, reason)
    );
    assert_eq!(std::fs::read(&file).unwrap(), valid);
}

#[test]
fn programs_without_coverage_write_nothing() {
    let dir = test_dir("no_coverage");
    let without_descriptor = build_c_program(&dir, "int main(int argc, char **argv) { clifcov_rt_start(argc, (const char *const *)argv); STR(1, \"hi\\n\"); clifcov_rt_exit(0); }");
    let output = run_profiled(&without_descriptor, &dir, None, &[]);
    assert_eq!(
        (output.status.code(), output.stdout.as_slice()),
        (Some(0), b"hi\n".as_slice())
    );
    let zeros = "const struct { const void *p[6]; uint64_t flags; } __clifcov_profile_sections = {{0}, 0};\n\
                 int main(int argc, char **argv) { clifcov_rt_start(argc, (const char *const *)argv); clifcov_rt_exit(0); }";
    let zero_dir = test_dir("no_coverage_zeros");
    let with_zeros = build_c_program(&zero_dir, zeros);
    assert!(run_profiled(&with_zeros, &zero_dir, None, &[])
        .status
        .success());
    assert_eq!(profraw_files(&dir), Vec::<PathBuf>::new());
    assert_eq!(profraw_files(&zero_dir), Vec::<PathBuf>::new());
}

#[test]
fn overlong_file_names_are_reported() {
    let (dir, program) = build("overlong", &NORMAL);
    let pattern = format!("{}/%p.profraw", "d".repeat(5000));
    let output = run_profiled(&program, &dir, Some(&pattern), &["1", "exit"]);
    assert_eq!(output.status.code(), Some(3));
    let expected = failure_line(&pattern, "file name too long");
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
}

#[test]
fn malformed_sections_are_reported() {
    let dir = test_dir("malformed_sections");
    let source = "static char half_record[40] = {1};\n\
                  const struct { const char *p[6]; uint64_t flags; } __clifcov_profile_sections =\n\
                  { { half_record, half_record + 40, half_record, half_record, half_record, half_record }, 0 };\n\
                  int main(int argc, char **argv) { clifcov_rt_start(argc, (const char *const *)argv); clifcov_rt_exit(5); }";
    let program = build_c_program(&dir, source);
    let output = run_profiled(&program, &dir, Some("x.profraw"), &[]);
    assert_eq!(output.status.code(), Some(5));
    let expected = "clifcov: profile not written: the program's profile sections are malformed\n";
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
    assert_eq!(profraw_files(&dir), Vec::<PathBuf>::new());
}

/// Runs the program in `dir` with `CLIFCOV_LLVM_VERSION=llvm` and `LLVM_PROFILE_FILE`.
fn run_for_llvm(
    program: &Path,
    dir: &Path,
    llvm: &str,
    profile_file: &str,
    args: &[&str],
) -> Output {
    command(program, args)
        .current_dir(dir)
        .env("CLIFCOV_LLVM_VERSION", llvm)
        .env("LLVM_PROFILE_FILE", profile_file)
        .output()
        .expect("run program")
}

/// What byte counters record where `expected_counts` counts: 1 for every counter hit.
fn expected_byte_counts(calls: u64, third_argument: bool) -> Vec<FunctionCounts> {
    let functions = expected_counts(calls, third_argument, NORMAL.foo_hash);
    let covered = |counts: Vec<u64>| counts.into_iter().map(|n| u64::from(n > 0)).collect();
    functions
        .into_iter()
        .map(|function| FunctionCounts {
            counts: covered(function.counts),
            ..function
        })
        .collect()
}

/// The raw version in a profile's version word (FORMATS.md 1.2).
fn raw_version(profile: &Path) -> u64 {
    let bytes = std::fs::read(profile).unwrap();
    u64::from_le_bytes(bytes[8..16].try_into().unwrap()) & 0xffff_ffff
}

#[test]
fn every_llvm_reads_the_profile_written_for_it() {
    let cases = [
        (
            "u64",
            &NORMAL,
            ["7", "exit", "x"].as_slice(),
            expected_counts(7, true, NORMAL.foo_hash),
        ),
        (
            "bytes",
            &BYTES,
            ["1", "exit"].as_slice(),
            expected_byte_counts(1, false),
        ),
    ];
    for (name, instrumentation, args, expected) in cases {
        let (dir, program) = build(&format!("for_each_llvm_{name}"), instrumentation);
        for llvm in ORACLE_LLVM_VERSIONS {
            let file = format!("llvm{llvm}.profraw");
            let output = run_for_llvm(&program, &dir, &llvm.to_string(), &file, args);
            assert_eq!(output.status.code(), Some(3), "{name}, LLVM {llvm}");
            assert_eq!(
                String::from_utf8_lossy(&output.stderr),
                "",
                "{name}, LLVM {llvm}"
            );
            let profile = dir.join(&file);
            assert_eq!(
                read_profile(llvm, &profile),
                expected,
                "{name}, LLVM {llvm}"
            );
        }
    }
}

/// FORMATS.md 0: 14-17 read raw version 8 (88-byte header, 48-byte records), 18 version
/// 9 (112, 64), 19-22 version 10 (128, 64). The sizes check the layout of version 9,
/// which no installed tool reads.
#[test]
fn each_llvm_version_gets_its_raw_layout() {
    let (dir, program) = build("raw_layouts", &NORMAL);
    let names_size = 2 + FOO.len() + 1 + MAIN.len();
    let padded_names = names_size.div_ceil(8) * 8;
    for llvm in 14..=22 {
        let (version, header, record) = match llvm {
            14..=17 => (8, 88, 48),
            18 => (9, 112, 64),
            _ => (10, 128, 64),
        };
        let file = format!("llvm{llvm}.profraw");
        let output = run_for_llvm(&program, &dir, &llvm.to_string(), &file, &["2"]);
        assert_eq!(output.status.code(), Some(0));
        let profile = dir.join(&file);
        assert_eq!(raw_version(&profile), version, "LLVM {llvm}");
        let size = std::fs::metadata(&profile).unwrap().len() as usize;
        assert_eq!(
            size,
            header + 2 * record + 5 * 8 + padded_names,
            "LLVM {llvm}"
        );
    }
}

#[test]
fn program_default_and_environment_override() {
    let (dir, program) = build("program_default", &DEFAULT_V8);
    let output = run_profiled(&program, &dir, Some("default.profraw"), &["3"]);
    assert_eq!(
        (output.status.code(), output.stderr.as_slice()),
        (Some(0), &b""[..])
    );
    let profile = dir.join("default.profraw");
    assert_eq!(raw_version(&profile), 8);
    assert_eq!(
        read_profile(14, &profile),
        expected_counts(3, false, NORMAL.foo_hash)
    );
    run_for_llvm(&program, &dir, "", "empty.profraw", &["3"]);
    assert_eq!(raw_version(&dir.join("empty.profraw")), 8);
    run_for_llvm(&program, &dir, "22", "override.profraw", &["3"]);
    let expected = expected_counts(3, false, NORMAL.foo_hash);
    assert_eq!(read_profile(22, &dir.join("override.profraw")), expected);
}

#[test]
fn invalid_values_fall_back_to_the_default_in_one_line() {
    let warning = |value: &str, default: &str| {
        format!(
            "clifcov: ignoring CLIFCOV_LLVM_VERSION={value} (accepted: 14 to 22); \
             writing the default, {default}\n"
        )
    };
    let (dir, program) = build("invalid_values", &NORMAL);
    for value in ["abc", "13", "23", "014", "19x", " 19"] {
        let output = run_for_llvm(&program, &dir, value, "x.profraw", &["3", "exit"]);
        assert_eq!(output.status.code(), Some(3), "{value:?}");
        let expected = warning(value, "raw version 10 (LLVM 19 to 22)");
        assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
        let counts = read_profile(22, &dir.join("x.profraw"));
        assert_eq!(
            counts,
            expected_counts(3, false, NORMAL.foo_hash),
            "{value:?}"
        );
    }
    let panicking = run_for_llvm(&program, &dir, "15.0", "p.profraw", &["1", "panic"]);
    assert_eq!(panicking.status.code(), Some(101));
    let stderr = String::from_utf8_lossy(&panicking.stderr);
    assert!(stderr.trim_start().starts_with("thread 'main'"), "{stderr}");
    assert!(
        stderr.ends_with(&warning("15.0", "raw version 10 (LLVM 19 to 22)")),
        "{stderr}"
    );
    let (v8_dir, v8_program) = build("invalid_values_v8", &DEFAULT_V8);
    let output = run_for_llvm(&v8_program, &v8_dir, "nineteen", "x.profraw", &["2"]);
    assert_eq!(output.status.code(), Some(0));
    let expected = warning("nineteen", "raw version 8 (LLVM 14 to 17)");
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
    let counts = read_profile(14, &v8_dir.join("x.profraw"));
    assert_eq!(counts, expected_counts(2, false, NORMAL.foo_hash));
}

#[test]
fn merging_in_the_version_8_layout() {
    for (name, instrumentation) in [("u64", &NORMAL), ("bytes", &BYTES)] {
        let (dir, program) = build(&format!("merge_v8_{name}"), instrumentation);
        for calls in ["1", "2", "3"] {
            let output = run_for_llvm(&program, &dir, "16", "m/%m.profraw", &[calls]);
            assert_eq!(output.stderr, b"", "{name}");
        }
        let files = profraw_files(&dir.join("m"));
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(raw_version(&files[0]), 8);
        let counts: Vec<Vec<u64>> = read_profile(14, &files[0])
            .into_iter()
            .map(|function| function.counts)
            .collect();
        let expected = match name {
            "u64" => vec![vec![6, 2, 4], vec![3, 0]],
            _ => vec![vec![1, 1, 1], vec![1, 0]],
        };
        assert_eq!(counts, expected, "{name}");
    }
}

#[test]
fn merging_refuses_a_profile_of_another_raw_version() {
    let (dir, program) = build("merge_other_version", &NORMAL);
    let only_file = |sub: &str| {
        let files = profraw_files(&dir.join(sub));
        assert_eq!(files.len(), 1, "{files:?}");
        files[0].clone()
    };
    run_for_llvm(&program, &dir, "14", "v8/%m.profraw", &["1"]);
    run_for_llvm(&program, &dir, "19", "v10/%m.profraw", &["1"]);
    let (v8_file, v10_file) = (only_file("v8"), only_file("v10"));
    let (v8_bytes, v10_bytes) = (
        std::fs::read(&v8_file).unwrap(),
        std::fs::read(&v10_file).unwrap(),
    );
    // Each file now holds the other version's profile, under the name the run will use.
    std::fs::write(&v8_file, &v10_bytes).unwrap();
    std::fs::write(&v10_file, &v8_bytes).unwrap();
    let v8_name = format!("v8/{}", v8_file.file_name().unwrap().to_string_lossy());
    let output = run_for_llvm(&program, &dir, "17", "v8/%m.profraw", &["1", "exit"]);
    assert_eq!(output.status.code(), Some(3));
    let reason = "the existing file is a raw version 10 (LLVM 19 to 22) profile and this run \
                  writes raw version 8 (LLVM 14 to 17) (left unchanged)";
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        failure_line(&v8_name, reason)
    );
    assert_eq!(std::fs::read(&v8_file).unwrap(), v10_bytes);
    let v10_name = format!("v10/{}", v10_file.file_name().unwrap().to_string_lossy());
    let output = run_for_llvm(&program, &dir, "22", "v10/%m.profraw", &["1"]);
    let reason = "the existing file is a raw version 8 (LLVM 14 to 17) profile and this run \
                  writes raw version 10 (LLVM 19 to 22) (left unchanged)";
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        failure_line(&v10_name, reason)
    );
    assert_eq!(std::fs::read(&v10_file).unwrap(), v8_bytes);
}

/// `llvm-profdata` of LLVM 18, which no Debian 12 package provides: rustc 1.80's
/// `llvm-tools` component (LLVM 18.1.7).
fn llvm_18_profdata() -> PathBuf {
    let sysroot = std::process::Command::new("rustc")
        .args(["+1.80.0", "--print", "sysroot"])
        .output()
        .expect("run rustc +1.80.0");
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
    let path = Path::new(&sysroot).join("lib/rustlib/x86_64-unknown-linux-gnu/bin/llvm-profdata");
    assert!(
        path.exists(),
        "LLVM 18's llvm-profdata not found: rustup toolchain install 1.80.0 --profile minimal \
         --component llvm-tools"
    );
    path
}

#[test]
#[ignore = "needs LLVM 18's llvm-profdata: rustup toolchain install 1.80.0 --profile minimal --component llvm-tools"]
fn llvm_18_reads_raw_version_9() {
    let profdata = llvm_18_profdata();
    for (name, instrumentation, expected) in [
        ("u64", &NORMAL, expected_counts(5, false, NORMAL.foo_hash)),
        ("bytes", &BYTES, expected_byte_counts(5, false)),
    ] {
        let (dir, program) = build(&format!("llvm_18_{name}"), instrumentation);
        run_for_llvm(&program, &dir, "18", "v9.profraw", &["5"]);
        assert_eq!(raw_version(&dir.join("v9.profraw")), 9);
        assert_eq!(
            read_profile_with(&profdata, &dir.join("v9.profraw")),
            expected,
            "{name}"
        );
    }
}
