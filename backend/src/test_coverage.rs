//! Helpers for the coverage tests: a hand-built program with its source text, instrumented
//! by `clifcov_coverage::instrument`, built with coverage, run with `LLVM_PROFILE_FILE`,
//! and its profile and coverage read back with LLVM 22's `llvm-profdata` and `llvm-cov`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use clifcov_coverage::{instrument, Compression, CounterScheme, Entry, InstrumentOptions};
use clifcov_ir::{BinOp, Callee, FuncId, Local, Pos, Program, Rvalue, Span, TerminatorKind, Ty};

use crate::test_support::*;
use crate::{CounterMode, CounterPromotion, Coverage, OptLevel, Options, RawProfileVersion};

/// The source the hand-built programs below stand for.
pub const COUNT_SOURCE: &str = "\
fn count(n: u32) -> u32 {
    let mut i = 0;
    while i < n {
        i += 1;
    }
    i
}

fn unused() {
    println!(\"never\");
}

fn main() {
    let total = count(10);
    println!(\"{}\", total);
}
";

/// A span on one line, columns `lo..hi`.
pub fn on_line(line: u32, lo: u32, hi: u32) -> Span {
    Span::new(Pos::new(line, lo), Pos::new(line, hi))
}

fn lines(lo: (u32, u32), hi: (u32, u32)) -> Span {
    Span::new(Pos::new(lo.0, lo.1), Pos::new(hi.0, hi.1))
}

/// How `main` of the count program ends after printing.
#[derive(Clone, Copy, Debug)]
pub enum Ending {
    Return,
    /// `panic!("boom")`.
    Panic,
    /// `std::process::exit(3)`.
    Exit,
}

/// `COUNT_SOURCE` as IR: `count` loops `n` times, `unused` is never called, `main`
/// calls `count(10)` and prints the result.
pub fn count_program() -> Program {
    count_program_ending(Ending::Return)
}

/// The count program with `main` ending as `ending` says (on line 15, as if the print
/// were followed by that call).
pub fn count_program_ending(ending: Ending) -> Program {
    let mut count = FnBuilder::new("count", &[Ty::U32], Ty::U32);
    count.set_spans(on_line(1, 1, 24), lines((1, 25), (7, 2)));
    let n = count.arg(0);
    let (i, more) = (count.local(Ty::U32), count.local(Ty::Bool));
    let (head, body, exit) = (count.new_block(), count.new_block(), count.new_block());
    count.marker(on_line(2, 5, 19));
    count.assign(i, Rvalue::Use(int(Ty::U32, 0)));
    count.terminate(TerminatorKind::Goto(head));
    count.switch_to(head);
    count.marker(on_line(3, 11, 16));
    count.assign(more, Rvalue::BinaryOp(BinOp::Lt, copy(i), copy(n)));
    count.terminate(TerminatorKind::SwitchInt {
        discr: copy(more),
        targets: vec![(0, exit)],
        otherwise: body,
    });
    count.switch_to(body);
    count.marker(on_line(4, 9, 15));
    count.assign(i, Rvalue::BinaryOp(BinOp::Add, copy(i), int(Ty::U32, 1)));
    count.terminate(TerminatorKind::Goto(head));
    count.switch_to(exit);
    count.marker(on_line(6, 5, 6));
    count.assign(Local::RETURN, Rvalue::Use(copy(i)));
    count.terminate(TerminatorKind::Return);

    let mut unused = FnBuilder::new("unused", &[], Ty::Unit);
    unused.set_spans(on_line(9, 1, 12), lines((9, 13), (11, 2)));
    unused.marker(on_line(10, 5, 23));
    unused.print(vec![text("never\n")]);
    unused.terminate(TerminatorKind::Return);

    let mut main = FnBuilder::new("main", &[], Ty::Unit);
    main.set_spans(on_line(13, 1, 10), lines((13, 11), (16, 2)));
    let total = main.local(Ty::U32);
    main.marker(on_line(14, 5, 27));
    main.call(Callee::Function(FuncId(0)), vec![int(Ty::U32, 10)], total);
    main.marker(on_line(15, 5, 27));
    main.print(vec![value(copy(total)), text("\n")]);
    let unit = main.local(Ty::Unit);
    main.line = 15;
    main.terminate(match ending {
        Ending::Return => TerminatorKind::Return,
        Ending::Panic => TerminatorKind::Panic {
            message: vec![text("boom")],
        },
        Ending::Exit => TerminatorKind::Call {
            callee: Callee::ProcessExit,
            args: vec![int(Ty::I32, 3)],
            dest: unit,
            target: None,
        },
    });
    program(vec![count.finish(), unused.finish(), main.finish()])
}

/// Region counts of `COUNT_SOURCE`, counted by hand: `count` runs once and its loop body
/// ten times (so the condition eleven times), `main` once, `unused` never. Keyed by the
/// function's name and the region's start (line, column).
pub fn count_program_expected() -> BTreeMap<(String, u32, u32), u64> {
    let program = count_program();
    let name = |i: u32| program.symbol(FuncId(i));
    let regions = [
        (name(0), 1, 1, 1),
        (name(0), 2, 5, 1),
        (name(0), 3, 11, 11),
        (name(0), 4, 9, 10),
        (name(0), 6, 5, 1),
        (name(1), 9, 1, 0),
        (name(1), 10, 5, 0),
        (name(2), 13, 1, 1),
        (name(2), 14, 5, 1),
        (name(2), 15, 5, 1),
    ];
    regions
        .into_iter()
        .map(|(function, line, col, count)| ((function, line, col), count))
        .collect()
}

/// An instrumented program in a directory of its own, which holds its source as
/// `src/demo.rs` (the compilation directory of its coverage data).
pub struct CoverageBuild {
    pub dir: tempfile::TempDir,
    pub program: Program,
    pub coverage: Coverage,
}

impl CoverageBuild {
    /// Instruments `program` (whose source is `source`) for a build whose counters are
    /// updated the `counters` way (single-byte counters get a counter per block with
    /// regions), writing raw profile version 10 by default.
    pub fn new(program: Program, source: &str, counters: CounterMode) -> CoverageBuild {
        CoverageBuild::with_entry(program, source, Entry::Main, counters)
    }

    /// Instruments `program` for a build with entry points `entry`.
    pub fn with_entry(
        mut program: Program,
        source: &str,
        entry: Entry,
        counters: CounterMode,
    ) -> CoverageBuild {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join(SOURCE_PATH), source).unwrap();
        let options = InstrumentOptions {
            source,
            entry,
            skip: &[],
            counters: match counters {
                CounterMode::Byte => CounterScheme::PhysicalOnly,
                CounterMode::Plain | CounterMode::Atomic => CounterScheme::default(),
            },
        };
        let map = instrument(&mut program, &options);
        let compilation_dir = dir.path().to_str().unwrap();
        let sections = map.sections(compilation_dir, Compression::None).unwrap();
        CoverageBuild {
            dir,
            program,
            coverage: Coverage {
                map,
                sections,
                counters,
                promotion: CounterPromotion::default(),
                profile_version: RawProfileVersion::V10,
            },
        }
    }

    pub fn options(&self, opt_level: OptLevel) -> Options {
        Options {
            opt_level,
            coverage: Some(self.coverage.clone()),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Compiles and links the program with the runtime into `program`.
    pub fn build(&self, opt_level: OptLevel) -> PathBuf {
        build(&self.program, &self.options(opt_level), self.dir.path())
    }
}

/// Runs `executable` in its directory with `LLVM_PROFILE_FILE=profile`; returns its output.
pub fn run_profiled(executable: &Path, profile: &Path) -> RunOutput {
    let mut command = Command::new(executable);
    command
        .current_dir(executable.parent().unwrap())
        .env("LLVM_PROFILE_FILE", profile);
    run_output(command)
}

/// Runs an LLVM 22 tool; returns its stdout, failing on any error or warning.
pub fn llvm(tool: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    llvm_of(22, tool, args)
}

/// Runs a tool of LLVM `major` (Debian's `llvm-<major>` package); returns its stdout,
/// failing on any error or warning.
pub fn llvm_of(major: u32, tool: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let bin = PathBuf::from(format!("/usr/lib/llvm-{major}/bin"));
    assert!(
        bin.join(tool).is_file(),
        "{tool} of LLVM {major} is missing: apt-get install llvm-{major}"
    );
    let output = Command::new(bin.join(tool))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{tool} failed: {stderr}");
    assert!(stderr.is_empty(), "{tool} warned: {stderr}");
    String::from_utf8(output.stdout).unwrap()
}

/// The raw profile as `llvm-profdata merge --text` writes it: every function's name,
/// hash and counters.
pub fn profile_text(profraw: &Path) -> String {
    llvm(
        "llvm-profdata",
        &[&"merge", &"--text", &profraw, &"-o", &"-"],
    )
}

/// Every code region `llvm-cov export` reports for `executable` under the profile
/// `profraw`: its count, by function name and start (line, column).
pub fn region_counts(executable: &Path, profraw: &Path) -> BTreeMap<(String, u32, u32), u64> {
    region_counts_of(22, executable, profraw)
}

/// `region_counts` as the `llvm-profdata` and `llvm-cov` of LLVM `major` read them.
pub fn region_counts_of(
    major: u32,
    executable: &Path,
    profraw: &Path,
) -> BTreeMap<(String, u32, u32), u64> {
    let profdata = profraw.with_extension(format!("{major}.profdata"));
    llvm_of(
        major,
        "llvm-profdata",
        &[&"merge", &profraw, &"-o", &profdata],
    );
    let export = llvm_of(
        major,
        "llvm-cov",
        &[&"export", &"-instr-profile", &profdata, &executable],
    );
    let json: serde_json::Value = serde_json::from_str(&export).unwrap();
    let mut counts = BTreeMap::new();
    for function in json["data"][0]["functions"].as_array().unwrap() {
        let name = function["name"].as_str().unwrap();
        for region in function["regions"].as_array().unwrap() {
            let field = |i: usize| region[i].as_u64().unwrap();
            let key = (name.to_string(), field(0) as u32, field(1) as u32);
            counts.insert(key, field(4));
        }
    }
    counts
}

/// The ELF properties of a section: type, flags, alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionProperties {
    pub sh_type: u32,
    pub sh_flags: u64,
    pub align: u64,
}

/// The properties of the sections named `__llvm_*` in an ELF object, by name; every
/// section of one name must have the same.
pub fn llvm_section_properties(object: &[u8]) -> BTreeMap<String, SectionProperties> {
    use object::read::elf::{ElfFile64, SectionHeader};
    use object::{Object, ObjectSection};
    let file = ElfFile64::<object::Endianness>::parse(object).unwrap();
    let endian = file.endian();
    let mut properties = BTreeMap::new();
    for section in file.sections() {
        let name = section.name().unwrap();
        if !name.starts_with("__llvm_") {
            continue;
        }
        let header = section.elf_section_header();
        let these = SectionProperties {
            sh_type: header.sh_type(endian),
            sh_flags: header.sh_flags(endian),
            align: header.sh_addralign(endian),
        };
        let first = *properties.entry(name.to_string()).or_insert(these);
        assert_eq!(first, these, "two `{name}` sections differ");
    }
    properties
}

/// The oracle object: a program with a used and an unused function, compiled by
/// `rustc -C instrument-coverage` (LLVM 22).
pub fn rustc_coverage_object() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let source = "fn used(n: u32) -> u32 {\n    if n > 1 { n } else { 0 }\n}\n\n\
                  fn unused() {}\n\nfn main() {\n    used(3);\n}\n";
    std::fs::write(dir.path().join("t.rs"), source).unwrap();
    let output = Command::new("rustc")
        .args(["--edition", "2021", "-C", "instrument-coverage", "-C"])
        .args(["opt-level=0", "--emit=obj", "-o", "t.o", "t.rs"])
        .current_dir(dir.path())
        .output()
        .expect("running rustc");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(dir.path().join("t.o")).unwrap()
}
