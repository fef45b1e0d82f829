//! The profile writer against the oracle `llvm-profdata` (LLVM 22): C programs that lay
//! out real `__llvm_prf_data` / `__llvm_prf_cnts` / `__llvm_prf_names` sections and the
//! `__clifcov_profile_sections` descriptor, as generated programs do, linked with the
//! runtime archive; their profiles must read back with exactly the counts they recorded.

mod support;

use md5::{Digest, Md5};
use std::path::{Path, PathBuf};
use std::process::Output;
use support::*;

const LLVM_PROFDATA: &str = "/usr/lib/llvm-22/bin/llvm-profdata";
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

/// One function as `llvm-profdata show --all-functions --counts` reports it.
#[derive(Debug, PartialEq, Eq)]
struct FunctionCounts {
    name: String,
    hash: u64,
    counts: Vec<u64>,
}

/// Reads `profile` with llvm-profdata; all counters of each function, counter 0 first.
fn read_profile(profile: &Path) -> Vec<FunctionCounts> {
    let output = std::process::Command::new(LLVM_PROFDATA)
        .args(["show", "--all-functions", "--counts"])
        .arg(profile)
        .output()
        .expect("run llvm-profdata");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "llvm-profdata failed: {}{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut functions: Vec<FunctionCounts> = Vec::new();
    for line in text.lines().map(str::trim) {
        if let Some(hash) = line.strip_prefix("Hash: 0x") {
            functions.last_mut().unwrap().hash = u64::from_str_radix(hash, 16).unwrap();
        } else if let Some(count) = line.strip_prefix("Function count: ") {
            functions
                .last_mut()
                .unwrap()
                .counts
                .push(count.parse().unwrap());
        } else if let Some(list) = line.strip_prefix("Block counts: [") {
            let counts = &mut functions.last_mut().unwrap().counts;
            counts.extend(
                list.trim_end_matches(']')
                    .split(", ")
                    .filter(|s| !s.is_empty())
                    .map(|s| s.parse::<u64>().unwrap()),
            );
        } else if let Some(name) = line.strip_suffix(':').filter(|_| line.starts_with("_R")) {
            functions.push(FunctionCounts {
                name: name.to_string(),
                hash: 0,
                counts: Vec::new(),
            });
        }
    }
    functions.sort_by(|a, b| a.name.cmp(&b.name));
    functions
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
        read_profile(&profile),
        expected_counts(7, true, NORMAL.foo_hash)
    );
    let merged = std::process::Command::new(LLVM_PROFDATA)
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
            read_profile(&dir.join(&file)),
            expected_counts(4, false, NORMAL.foo_hash),
            "{end}"
        );
    }
}

#[test]
fn byte_coverage_profile_reads_back() {
    let instrumentation = Instrumentation {
        variant_flags: BYTE_COVERAGE,
        ..NORMAL
    };
    let (dir, program) = build("byte_coverage", &instrumentation);
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
    assert_eq!(read_profile(&dir.join("bytes.profraw")), expected);
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
    assert_eq!(read_profile(&files[0]), expected);
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
        .map(|file| read_profile(file)[1].counts[0])
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
