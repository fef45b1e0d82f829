//! Checks the pass against rustc 1.95 itself. Each program in `coverage/tests/rustc/` is
//! compiled by rustc with `-C instrument-coverage`, its MIR dumped before and after rustc's
//! coverage pass, and its object file read back. Every function's MIR is rebuilt as clifcov
//! IR (same blocks, a span marker for every span rustc reads from MIR), instrumented by
//! [`crate::instrument`], and compared with what rustc produced: the BCBs (leader blocks),
//! the code regions, the number of physical counters, and each region's count as a sum of
//! physical counters.
//!
//! Then, end to end, rustc's program is run and `llvm-cov show` (LLVM 22 and LLVM 14) lists
//! its line counts; clifcov's sections for the same functions, written into an ELF object,
//! with a profile carrying rustc's counter values under clifcov's names and hashes, must
//! give the identical listing.
//!
//! The programs avoid macros and desugarings whose spans rustc "unexpands" (`println!`,
//! `assert!`, `for`): the dump does not show a span's expansion, so those spans cannot be
//! rebuilt from it. `MARKERS.md` describes them from rustc's output instead.

pub(crate) mod llvm_tools;
mod mir_dump;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

use clifcov_ir::{FuncId, Pos, Program, Span};
use object::{Object, ObjectSection};

use crate::covfun::{Counter, ExprKind, Expression, SourceRange};
use crate::hash::md5_low64;
use crate::read::{read_elf, FunctionRecord, Region, RegionKind};
use crate::{instrument, CoverageMap, Entry, FunctionCoverage, InstrumentOptions};
use mir_dump::{parse_after, parse_before, DumpedCoverage};

/// What rustc emitted for one function.
struct RustcFunction {
    coverage: DumpedCoverage,
    record: Option<FunctionRecord>,
    num_counters: u32,
}

struct RustcBuild {
    dir: tempfile::TempDir,
    file: String,
    source: String,
    program: Program,
    rustc: Vec<RustcFunction>,
}

impl RustcBuild {
    /// Our pass's coverage map of the program, instrumented as rustc does by default.
    fn our_coverage_map(&self) -> CoverageMap {
        let options = InstrumentOptions {
            source: &self.source,
            entry: Entry::Main,
            skip: &[],
            counters: crate::CounterScheme::default(),
        };
        instrument(&mut self.program.clone(), &options)
    }
}

/// rustc's options for a debug build instrumented for coverage.
pub(crate) const RUSTC_COVERAGE_BUILD: [&str; 6] = [
    "--edition",
    "2021",
    "-C",
    "instrument-coverage",
    "-C",
    "opt-level=0",
];

fn compile_with_rustc(name: &str) -> RustcBuild {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/rustc")
        .join(format!("{name}.rs"));
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = format!("{name}.rs");
    std::fs::copy(&src, dir.path().join(&file)).expect("copy test program");
    let status = Command::new("rustc")
        .current_dir(dir.path())
        .env("RUSTC_BOOTSTRAP", "1")
        .args(RUSTC_COVERAGE_BUILD)
        .args([
            "-Zdump-mir=InstrumentCoverage",
            "-Zmir-include-spans",
            "-Zdump-mir-dir=mir",
        ])
        .args(["--emit=obj", "-o", "out.o", "-A", "warnings", &file])
        .status()
        .expect("rustc runs");
    assert!(status.success(), "rustc failed on {file}");
    let source = std::fs::read_to_string(&src).expect("read test program");
    let mut dumps: Vec<(String, String, String)> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir.path().join("mir"))
        .expect("mir dump directory")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let path_text = path.to_string_lossy().to_string();
        if let Some(before) = path_text.strip_suffix(".before.mir") {
            let after = std::fs::read_to_string(format!("{before}.after.mir")).expect("after dump");
            let before = std::fs::read_to_string(&path).expect("before dump");
            let file_name = path.file_name().expect("dump file name").to_string_lossy();
            let fn_name = file_name
                .split('.')
                .nth(1)
                .expect("function name")
                .to_string();
            dumps.push((fn_name, before, after));
        }
    }
    let object_data = std::fs::read(dir.path().join("out.o")).expect("object file");
    let (records, counters) = rustc_records(&object_data);
    let names: Vec<String> = dumps.iter().map(|d| d.0.clone()).collect();
    let crate_name = name.to_string();
    let mut program = Program {
        source_path: file.clone(),
        crate_name: crate_name.clone(),
        functions: Vec::new(),
    };
    let mut rustc = Vec::new();
    for (fn_name, before, after) in &dumps {
        let dumped = parse_before(before, &file);
        let coverage = parse_after(after, &file);
        let sig_span = coverage
            .mappings
            .iter()
            .map(|m| m.0)
            .min()
            .expect("rustc mapped the signature");
        let body_span = body_span(&source, sig_span.hi);
        program
            .functions
            .push(dumped.to_ir(&names, sig_span, body_span));
        let suffix = format!(
            "{}{}{}{}",
            crate_name.len(),
            crate_name,
            fn_name.len(),
            fn_name
        );
        let symbol = records
            .keys()
            .find(|s| s.starts_with("_RNvCs") && s.ends_with(&suffix))
            .cloned();
        rustc.push(RustcFunction {
            coverage,
            num_counters: symbol
                .as_ref()
                .and_then(|s| counters.get(s))
                .copied()
                .unwrap_or(0),
            record: symbol.and_then(|s| records.get(&s).cloned()),
        });
    }
    RustcBuild {
        dir,
        file,
        source,
        program,
        rustc,
    }
}

/// The body block: from the first `{` after the signature to just after its matching `}`
/// (braces inside string literals skipped).
fn body_span(source: &str, after: Pos) -> Span {
    let mut depth = 0;
    let mut lo = None;
    let mut in_string = false;
    let mut escaped = false;
    for (line_index, line) in source.lines().enumerate() {
        for (col_index, ch) in line.chars().enumerate() {
            let pos = Pos::new(line_index as u32 + 1, col_index as u32 + 1);
            if pos < after {
                continue;
            }
            if in_string {
                in_string = ch != '"' || escaped;
                escaped = ch == '\\' && !escaped;
                continue;
            }
            match ch {
                '"' => in_string = true,
                '{' => {
                    lo.get_or_insert(pos);
                    depth += 1;
                }
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        let hi = Pos::new(pos.line, pos.col + 1);
                        return Span::new(lo.expect("opening brace"), hi);
                    }
                }
                _ => {}
            }
        }
    }
    panic!("unbalanced braces after {after}");
}

/// rustc's covfun records (decoded) and counter counts, by function symbol.
fn rustc_records(data: &[u8]) -> (BTreeMap<String, FunctionRecord>, HashMap<String, u32>) {
    let coverage = read_elf(data).expect("rustc coverage sections");
    let by_hash: HashMap<u64, String> = coverage
        .names
        .iter()
        .map(|n| (md5_low64(n.as_bytes()), n.clone()))
        .collect();
    let records = coverage
        .functions
        .into_iter()
        .map(|record| (record.name.clone(), record))
        .collect();
    let file = object::File::parse(data).expect("rustc object");
    let mut counters = HashMap::new();
    for section in file.sections() {
        if section.name() == Ok("__llvm_prf_data") {
            let data = section.data().expect("section data");
            for chunk in data.chunks_exact(64) {
                let name_ref = u64::from_le_bytes(chunk[0..8].try_into().unwrap());
                let num = u32::from_le_bytes(chunk[48..52].try_into().unwrap());
                counters.insert(by_hash[&name_ref].clone(), num);
            }
        }
    }
    (records, counters)
}

/// A counter as coefficients of physical counters.
fn linear(counter: Counter, expressions: &[Expression]) -> BTreeMap<u32, i64> {
    let mut terms = BTreeMap::new();
    add_linear(counter, expressions, 1, &mut terms);
    terms.retain(|_, c| *c != 0);
    terms
}

fn add_linear(
    counter: Counter,
    expressions: &[Expression],
    sign: i64,
    terms: &mut BTreeMap<u32, i64>,
) {
    match counter {
        Counter::Zero => {}
        Counter::Physical(id) => *terms.entry(id).or_insert(0) += sign,
        Counter::Expression(id) => {
            let e = expressions[id as usize];
            add_linear(e.lhs, expressions, sign, terms);
            let rhs_sign = if e.kind == ExprKind::Add { sign } else { -sign };
            add_linear(e.rhs, expressions, rhs_sign, terms);
        }
    }
}

type RegionSummary = Vec<(SourceRange, BTreeMap<u32, i64>)>;

fn summarize(regions: &[Region], expressions: &[Expression]) -> RegionSummary {
    let mut summary: RegionSummary = regions
        .iter()
        .map(|r| match r.kind {
            RegionKind::Code(c) => (r.range, linear(c, expressions)),
            other => panic!("unexpected region kind {other:?}"),
        })
        .collect();
    summary.sort_by_key(|s| s.0);
    summary
}

fn ours_summary(f: &FunctionCoverage) -> RegionSummary {
    let regions: Vec<Region> = f.regions.iter().map(Region::from).collect();
    summarize(&regions, &f.expressions)
}

/// Compiles `name` with rustc and checks every function against it.
fn check_program(name: &str) {
    let build = compile_with_rustc(name);
    let map = build.our_coverage_map();
    for (index, rustc) in build.rustc.iter().enumerate() {
        let function = &build.program.functions[index];
        let label = format!("{name}::{}", function.name);
        let graph = crate::testing::graph_of(function).expect("instrumentable");
        for &(bcb, leader) in &rustc.coverage.leaders {
            assert_eq!(
                graph.leader(crate::graph::Bcb(bcb)).0,
                leader,
                "{label}: leader block of bcb{bcb}"
            );
        }
        let ours = map
            .functions
            .iter()
            .find(|f| f.func == FuncId(index as u32))
            .unwrap_or_else(|| panic!("{label}: no coverage record"));
        let record = rustc
            .record
            .as_ref()
            .unwrap_or_else(|| panic!("{label}: no rustc record"));
        assert_eq!(ours.is_used(), record.func_hash != 0, "{label}: used");
        assert_eq!(
            ours.num_counters, rustc.num_counters,
            "{label}: physical counters"
        );
        assert_eq!(
            ours_summary(ours),
            summarize(&record.regions, &record.expressions),
            "{label}: regions and their counts"
        );
    }
}

#[test]
fn straight_line_calls_and_lets() {
    check_program("lets_and_calls");
}

#[test]
fn branches_matches_and_short_circuits() {
    check_program("branches");
}

#[test]
fn loops_breaks_and_continues() {
    check_program("loops");
}

/// Builds and runs `name` with rustc, then shows its line counts with `llvm-cov show`; does
/// the same for clifcov's coverage sections of the same functions, in an object file of
/// their own, with a profile holding the counter values rustc's run produced (the physical
/// counters sit on the same BCBs, as `check_program` verifies). The two listings must be
/// identical.
fn check_line_counts(name: &str) {
    let build = compile_with_rustc(name);
    let dir = build.dir.path();
    let status = Command::new("rustc")
        .current_dir(dir)
        .args(RUSTC_COVERAGE_BUILD)
        .args(["-A", "warnings", "-o", "rustc_bin", &build.file])
        .status()
        .expect("rustc runs");
    assert!(status.success(), "rustc failed to link {}", build.file);
    Command::new(dir.join("rustc_bin"))
        .current_dir(dir)
        .env("LLVM_PROFILE_FILE", "rustc.profraw")
        .output()
        .expect("the rustc-built program runs");
    llvm_tools::llvm(
        dir,
        "llvm-profdata",
        &["merge", "-o", "rustc.profdata", "rustc.profraw"],
    );
    let rustc_profile = llvm_tools::parse_text_profile(&llvm_tools::llvm(
        dir,
        "llvm-profdata",
        &["merge", "--text", "-o", "-", "rustc.profdata"],
    ));

    let map = build.our_coverage_map();
    let compilation_dir = dir.to_str().expect("UTF-8 temporary path");
    let sections = map
        .sections(compilation_dir, crate::Compression::Zlib)
        .expect("encodable sections");
    std::fs::write(dir.join("ours.o"), llvm_tools::coverage_object(&sections))
        .expect("write object");
    let ours_profile: Vec<llvm_tools::ProfileRecord> = map
        .used_functions()
        .map(|f| {
            let fn_name = &build.program.function(f.func).name;
            let suffix = format!("{}{fn_name}", fn_name.len());
            let rustc = rustc_profile
                .iter()
                .find(|r| r.name.ends_with(&suffix) && r.name.starts_with("_RNvCs"))
                .unwrap_or_else(|| panic!("rustc profile has no `{fn_name}`"));
            llvm_tools::ProfileRecord {
                name: f.pgo_name.clone(),
                hash: f.func_hash,
                counters: rustc.counters.clone(),
            }
        })
        .collect();
    std::fs::write(
        dir.join("ours.proftext"),
        llvm_tools::write_text_profile(&ours_profile),
    )
    .expect("write text profile");
    llvm_tools::llvm(
        dir,
        "llvm-profdata",
        &["merge", "-o", "ours.profdata", "ours.proftext"],
    );

    let show = |binary: &str, profile: &str| {
        llvm_tools::llvm(
            dir,
            "llvm-cov",
            &["show", "-instr-profile", profile, binary],
        )
    };
    let rustc_lines = show("rustc_bin", "rustc.profdata");
    let our_lines = show("ours.o", "ours.profdata");
    assert!(
        rustc_lines.lines().count() > 10,
        "rustc listing: {rustc_lines}"
    );
    assert_eq!(our_lines, rustc_lines, "llvm-cov show for {name}");

    let old = llvm_tools::LLVM_14;
    llvm_tools::llvm_from(
        old,
        dir,
        "llvm-profdata",
        &["merge", "-o", "old.profdata", "ours.proftext"],
    );
    let old_lines = llvm_tools::llvm_from(
        old,
        dir,
        "llvm-cov",
        &["show", "-instr-profile", "old.profdata", "ours.o"],
    );
    assert_eq!(old_lines, rustc_lines, "llvm-cov 14 show for {name}");
}

#[test]
fn llvm_cov_line_counts_match_rustc_for_branches() {
    check_line_counts("branches");
}

#[test]
fn llvm_cov_line_counts_match_rustc_for_loops() {
    check_line_counts("loops");
}
