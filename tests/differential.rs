//! Differential harness: every corpus program built by rustc and by clifcov must behave the same,
//! and every rejected program must be refused by clifcov with the expected diagnostic.
//!
//! Corpus (`tests/corpus/*.rs`): each program is built by `rustc --edition 2021 -C opt-level=0`
//! (the oracle) and by `clifcov build`, both run from the workspace root with the same relative
//! path, then each built program is run once per `// args:` header line (one run without arguments
//! if there is none). The named checks in `harness::checks` compare the build, exit status,
//! stdout, the panic message (thread id normalised) and the rest of stderr. All differences are
//! collected and reported per program, followed by `corpus: N programs, M runs, K mismatches`.
//!
//! Rejected programs (`tests/reject/*.rs`): see `harness::reject`; each starts with one or more
//! `// expect-error: LINE:COL: PATTERN` lines (`*` in PATTERN matches any text).
//!
//! `DIFFERENTIAL_FILTER=name` narrows both tests to matching file names;
//! `DIFFERENTIAL_CLIFCOV_ARGS` passes extra arguments to `clifcov build`.

mod harness;

use harness::checks::{self, Difference};
use harness::corpus::{self, Program};
use harness::observe;
use harness::parallel;
use harness::reject;
use harness::report;
use harness::settings::Settings;
use harness::toolchain::Compiler;

/// Builds and runs one corpus program with both compilers and returns its differences.
fn compare_program(settings: &Settings, program: &Program) -> Vec<Difference> {
    let work_dir = match tempfile::Builder::new().prefix("differential-").tempdir() {
        Ok(dir) => dir,
        Err(error) => {
            return vec![Difference {
                check: "build",
                run: None,
                expected: "a temporary directory".to_string(),
                actual: format!("cannot create a temporary directory: {error}"),
            }]
        }
    };
    let oracle = observe::observe(settings, Compiler::Rustc, program, work_dir.path());
    let candidate = observe::observe(settings, Compiler::Clifcov, program, work_dir.path());
    checks::compare_all(&oracle, &candidate)
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
    let mut mismatches = 0;
    for (program, differences) in programs.iter().zip(&results) {
        print!("{}", report::program_section(program, differences));
        mismatches += differences.len();
    }
    let runs: usize = programs.iter().map(|p| p.headers.runs.len()).sum();
    let summary = report::corpus_summary(programs.len(), runs, mismatches);
    println!("{summary}");
    assert_eq!(mismatches, 0, "{summary}");
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
