//! Differential harness: every corpus program built by rustc and by clifcov must behave the same,
//! and every rejected program must be refused by clifcov with the expected diagnostic.
//!
//! Corpus (`tests/corpus/*.rs`): each program is built by `rustc --edition 2021 -C
//! instrument-coverage -C opt-level=0` (the oracle) and by `clifcov build` twice (instrumented
//! by default, and with `--counters atomic`, the kind of counters rustc's code updates), all
//! run from the workspace root with the same relative path; then each built program is run
//! once per `// args:` header line (one run without arguments if there is none), every run
//! writing its coverage profile. The named checks in `harness::checks` hold both clifcov builds
//! to rustc's: build, exit status, stdout, the panic message (thread id normalised), the rest of
//! stderr and, through `llvm-cov` 22 over the merged profiles of all runs, the line counts; they
//! report differing regions and programs where clifcov has more physical counters than rustc.
//! All differences are reported per program, followed by `corpus: N programs, M runs, K
//! mismatches, R programs with region differences` and the physical counter totals of rustc's
//! and clifcov's default build. The test fails on any mismatch and when clifcov's counter total
//! exceeds rustc's.
//!
//! Rejected programs (`tests/reject/*.rs`): see `harness::reject`; each starts with one or more
//! `// expect-error: LINE:COL: PATTERN` lines (`*` in PATTERN matches any text).
//!
//! `DIFFERENTIAL_FILTER=name` narrows both tests to matching file names;
//! `DIFFERENTIAL_CLIFCOV_ARGS` passes extra arguments to `clifcov build`.

mod harness;

use harness::checks::{self, Comparison, Difference};
use harness::corpus::{self, Program};
use harness::observe;
use harness::parallel;
use harness::reject;
use harness::report::{self, CorpusTotals};
use harness::settings::Settings;
use harness::toolchain::Compiler;

/// What comparing one program found.
struct ProgramResult {
    differences: Vec<Difference>,
    /// Physical counters of (rustc's, clifcov's) build, when both were read.
    counters: Option<(u64, u64)>,
}

/// Builds and runs one corpus program with both compilers and compares them.
fn compare_program(settings: &Settings, program: &Program) -> ProgramResult {
    let failure = |expected: &str, actual: String| ProgramResult {
        differences: vec![Difference::new("build", None, expected.to_string(), actual)],
        counters: None,
    };
    let work_dir = match tempfile::Builder::new().prefix("differential-").tempdir() {
        Ok(dir) => dir,
        Err(error) => {
            return failure(
                "a temporary directory",
                format!("cannot create a temporary directory: {error}"),
            )
        }
    };
    let source_text = match std::fs::read_to_string(settings.root.join(&program.source)) {
        Ok(text) => text,
        Err(error) => return failure("a readable source", format!("{}: {error}", program.source)),
    };
    let oracle = observe::observe(settings, Compiler::Rustc, program, work_dir.path());
    let candidate = observe::observe(settings, Compiler::Clifcov, program, work_dir.path());
    let counters = match (&oracle.coverage, &candidate.coverage) {
        (Ok(rustc), Ok(clifcov)) => Some((rustc.physical_counters, clifcov.physical_counters)),
        _ => None,
    };
    let mut differences = checks::compare_all(&Comparison {
        source_text: &source_text,
        oracle: &oracle,
        candidate: &candidate,
    });
    let atomic = observe::observe(settings, Compiler::ClifcovAtomic, program, work_dir.path());
    let atomic_differences = checks::compare_all(&Comparison {
        source_text: &source_text,
        oracle: &oracle,
        candidate: &atomic,
    });
    differences.extend(atomic_differences.into_iter().map(|difference| Difference {
        candidate: Compiler::ClifcovAtomic.label(),
        ..difference
    }));
    ProgramResult {
        differences,
        counters,
    }
}

#[test]
fn corpus_matches_rustc() {
    let settings = Settings::from_environment();
    let programs = corpus::load(&settings, "tests/corpus").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !programs.is_empty() || settings.filter.is_some(),
        "no corpus program found"
    );
    let results = parallel::map(&programs, settings.workers, |program| {
        compare_program(&settings, program)
    });
    let mut totals = CorpusTotals {
        programs: programs.len(),
        runs: programs.iter().map(|p| p.headers.runs.len()).sum(),
        ..CorpusTotals::default()
    };
    for (program, result) in programs.iter().zip(&results) {
        print!("{}", report::program_section(program, &result.differences));
        totals.mismatches += result.differences.iter().filter(|d| d.failing).count();
        totals.programs_with_region_differences += usize::from(
            result
                .differences
                .iter()
                .any(|difference| difference.check == "regions"),
        );
        let (rustc, clifcov) = result.counters.unwrap_or_default();
        totals.rustc_counters += rustc;
        totals.clifcov_counters += clifcov;
    }
    let summary = report::corpus_summary(&totals);
    let counters = report::counter_summary(&totals);
    println!("{summary}\n{counters}");
    assert_eq!(totals.mismatches, 0, "{summary}");
    assert!(
        totals.clifcov_counters <= totals.rustc_counters,
        "clifcov needs more physical counters than rustc: {counters}"
    );
}

#[test]
fn rejected_programs_are_refused() {
    let settings = Settings::from_environment();
    let programs = corpus::load(&settings, "tests/reject").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !programs.is_empty() || settings.filter.is_some(),
        "no rejected program found"
    );
    let results = parallel::map(
        &programs,
        settings.workers,
        |program| match tempfile::Builder::new().prefix("reject-").tempdir() {
            Ok(dir) => reject::problems(&settings, program, dir.path()),
            Err(error) => vec![format!("cannot create a temporary directory: {error}")],
        },
    );
    let mut failures = 0;
    for (program, problems) in programs.iter().zip(&results) {
        print!("{}", reject::program_section(program, problems));
        failures += usize::from(!problems.is_empty());
    }
    let summary = reject::summary(programs.len(), failures);
    println!("{summary}");
    assert_eq!(failures, 0, "{summary}");
}
