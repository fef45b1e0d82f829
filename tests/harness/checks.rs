//! The named checks that compare clifcov's observation of a program with rustc's. Each check
//! looks at one aspect; a new aspect is one more entry in `ALL`. Most checks fail the test when
//! they find a difference; `regions` and `physical counters` only report (see `coverage_checks`).

use super::coverage_checks;
use super::observe::{Observation, RunObservation};
use super::toolchain::Compiler;

/// One aspect in which clifcov's program behaved differently from rustc's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The check's name, e.g. `stdout`.
    pub check: &'static str,
    /// The run (index into the program's `// args:` lines), or `None` for whole-program aspects.
    pub run: Option<usize>,
    /// rustc's value.
    pub expected: String,
    /// clifcov's value.
    pub actual: String,
    /// Lines that show the difference item by item, when `expected` and `actual` only sum it up.
    pub details: Vec<String>,
    /// Whether the difference fails the test (otherwise it is only reported and counted).
    pub failing: bool,
    /// The clifcov build that differs, as `Compiler::label` names it.
    pub candidate: &'static str,
}

impl Difference {
    /// A difference between two values, without details.
    pub fn new(check: &'static str, run: Option<usize>, expected: String, actual: String) -> Self {
        Difference {
            check,
            run,
            expected,
            actual,
            details: Vec::new(),
            failing: true,
            candidate: Compiler::Clifcov.label(),
        }
    }
}

/// Both observations of one program, and its source text.
pub struct Comparison<'a> {
    pub source_text: &'a str,
    pub oracle: &'a Observation,
    pub candidate: &'a Observation,
}

/// A named comparison between the oracle's observation and the candidate's.
pub struct Check {
    pub name: &'static str,
    /// Whether this check's differences fail the test.
    pub failing: bool,
    compare: fn(&'static str, &Comparison) -> Vec<Difference>,
}

impl Check {
    pub fn compare(&self, comparison: &Comparison) -> Vec<Difference> {
        let mut differences = (self.compare)(self.name, comparison);
        for difference in &mut differences {
            difference.failing = self.failing;
        }
        differences
    }
}

/// Every check, in the order reports list them.
pub const ALL: &[Check] = &[
    Check {
        name: "build",
        failing: true,
        compare: compare_builds,
    },
    Check {
        name: "exit status",
        failing: true,
        compare: compare_exit_status,
    },
    Check {
        name: "stdout",
        failing: true,
        compare: compare_stdout,
    },
    Check {
        name: "panic message",
        failing: true,
        compare: compare_panic_message,
    },
    Check {
        name: "other stderr",
        failing: true,
        compare: compare_other_stderr,
    },
    Check {
        name: "line counts",
        failing: true,
        compare: coverage_checks::compare_line_counts,
    },
    Check {
        name: "regions",
        failing: false,
        compare: coverage_checks::compare_regions,
    },
    Check {
        name: "physical counters",
        failing: false,
        compare: coverage_checks::compare_physical_counters,
    },
];

/// Runs every check.
pub fn compare_all(comparison: &Comparison) -> Vec<Difference> {
    ALL.iter()
        .flat_map(|check| check.compare(comparison))
        .collect()
}

fn compare_builds(name: &'static str, comparison: &Comparison) -> Vec<Difference> {
    let (oracle, candidate) = (comparison.oracle, comparison.candidate);
    let describe = |observation: &Observation| match &observation.build {
        Ok(()) => "built".to_string(),
        Err(failure) => format!("build failed: {failure}"),
    };
    if oracle.build.is_ok() && candidate.build.is_ok() {
        return Vec::new();
    }
    vec![Difference::new(
        name,
        None,
        describe(oracle),
        describe(candidate),
    )]
}

fn compare_exit_status(name: &'static str, comparison: &Comparison) -> Vec<Difference> {
    compare_runs(name, comparison, |run| run.termination.to_string())
}

fn compare_stdout(name: &'static str, comparison: &Comparison) -> Vec<Difference> {
    compare_runs(name, comparison, |run| run.stdout.clone())
}

fn compare_panic_message(name: &'static str, comparison: &Comparison) -> Vec<Difference> {
    compare_runs(name, comparison, |run| {
        run.stderr
            .panic
            .clone()
            .unwrap_or_else(|| "(no panic)".to_string())
    })
}

fn compare_other_stderr(name: &'static str, comparison: &Comparison) -> Vec<Difference> {
    compare_runs(name, comparison, |run| run.stderr.other.clone())
}

/// Compares one aspect of every run; runs only exist when both builds succeeded.
fn compare_runs(
    name: &'static str,
    comparison: &Comparison,
    aspect: fn(&RunObservation) -> String,
) -> Vec<Difference> {
    comparison
        .oracle
        .runs
        .iter()
        .zip(&comparison.candidate.runs)
        .enumerate()
        .filter_map(|(index, (expected, actual))| {
            let (expected, actual) = (aspect(expected), aspect(actual));
            (expected != actual).then(|| Difference::new(name, Some(index), expected, actual))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::coverage::CoverageProfile;
    use crate::harness::process::Termination;
    use crate::harness::stderr;

    fn observation(stdout: &str, stderr_text: &str, code: i32) -> Observation {
        Observation {
            build: Ok(()),
            runs: vec![RunObservation {
                stdout: stdout.to_string(),
                stderr: stderr::split(stderr_text),
                termination: Termination::Exited(code),
            }],
            coverage: Ok(CoverageProfile {
                lines: [(1, 1)].into(),
                functions: [("t::main".to_string(), Vec::new())].into(),
                physical_counters: 1,
            }),
        }
    }

    fn compare_all(oracle: &Observation, candidate: &Observation) -> Vec<Difference> {
        super::compare_all(&Comparison {
            source_text: "fn main() {}\n",
            oracle,
            candidate,
        })
    }

    #[test]
    fn identical_observations_have_no_differences() {
        let a = observation("1\n", "", 0);
        let b = observation("1\n", "", 0);
        assert!(compare_all(&a, &b).is_empty());
    }

    #[test]
    fn thread_ids_do_not_count_but_messages_do() {
        let note =
            "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        let a = observation(
            "",
            &format!("\nthread 'main' (10) panicked at a.rs:1:1:\nboom\n{note}"),
            101,
        );
        let b = observation(
            "",
            &format!("\nthread 'main' (99) panicked at a.rs:1:1:\nboom\n{note}"),
            101,
        );
        assert!(compare_all(&a, &b).is_empty());
        let c = observation(
            "",
            &format!("\nthread 'main' (99) panicked at a.rs:1:2:\nboom\n{note}"),
            101,
        );
        let differences = compare_all(&a, &c);
        assert_eq!(differences.len(), 1);
        assert_eq!(differences[0].check, "panic message");
    }

    #[test]
    fn each_differing_aspect_is_reported_separately() {
        let a = observation("1\n", "warn\n", 0);
        let b = observation("2\n", "", 3);
        let names: Vec<_> = compare_all(&a, &b).iter().map(|d| d.check).collect();
        assert_eq!(names, ["exit status", "stdout", "other stderr"]);
    }

    #[test]
    fn a_failed_candidate_build_is_one_difference() {
        let a = observation("1\n", "", 0);
        let b = Observation {
            build: Err("exit code 1\nerror: unsupported".to_string()),
            runs: Vec::new(),
            coverage: Err("not built".to_string()),
        };
        let differences = compare_all(&a, &b);
        assert_eq!(differences.len(), 1);
        assert_eq!(differences[0].check, "build");
        assert!(differences[0].actual.contains("unsupported"));
    }
}
