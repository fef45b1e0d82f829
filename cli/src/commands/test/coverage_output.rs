//! The coverage of a test run: the counts of every test added up, written as one profile
//! (where `LLVM_PROFILE_FILE` says, as a built program writes it, by the runtime's own
//! writer) and optionally one profile per test; the mapping as a small object file for
//! `llvm-cov`; and the summary table, computed by `clifcov_coverage::report`.

use std::path::{Path, PathBuf};

use clifcov_backend::{
    counters_size, coverage_mapping_object, profile_data_records, variant_flags, CounterMode,
    Coverage,
};
use clifcov_coverage::report::{summarize, Summary, Tally};
use clifcov_ir::Program;
use clifcov_rt::host::{self, HostSections};

use crate::failure::Failure;

pub struct CoverageRun<'a> {
    coverage: &'a Coverage,
    totals: Vec<u64>,
    per_test_dir: Option<PathBuf>,
}

impl<'a> CoverageRun<'a> {
    pub fn new(coverage: &'a Coverage, per_test_dir: Option<PathBuf>) -> Self {
        let counters = counters_size(coverage) / coverage.counters.counter_size() as usize;
        CoverageRun {
            coverage,
            totals: vec![0; counters],
            per_test_dir,
        }
    }

    /// Adds the counts of test `name`, and writes them as its own profile with
    /// `--per-test`.
    pub fn add_test(&mut self, name: &str, counts: &[u64]) {
        for (total, count) in self.totals.iter_mut().zip(counts) {
            *total = total.wrapping_add(*count);
        }
        if let Some(dir) = &self.per_test_dir {
            let path = dir.join(format!("{name}.profraw"));
            self.write_to(counts, &path);
        }
    }

    /// Writes the profile of all tests; returns its path.
    pub fn write_profile(&self) -> Option<String> {
        self.with_sections(&self.totals, |sections| {
            host::write_profile(sections)
                .map(|path| String::from_utf8_lossy(path.text()).into_owned())
        })
        .flatten()
    }

    fn write_to(&self, counts: &[u64], path: &Path) {
        let path = path.as_os_str().as_encoded_bytes();
        self.with_sections(counts, |sections| host::write_profile_to(sections, path));
    }

    /// Runs `write` on the profile sections of `counts`; `None` when no function is
    /// instrumented (nothing to write).
    fn with_sections<T>(
        &self,
        counts: &[u64],
        write: impl FnOnce(&HostSections) -> T,
    ) -> Option<T> {
        let map = &self.coverage.map;
        map.used_functions().next()?;
        let counters = counter_bytes(counts, self.coverage.counters);
        let data = profile_data_records(self.coverage, counters.as_ptr());
        Some(write(&HostSections {
            data: &data,
            counters: &counters,
            names: &self.coverage.sections.names,
            variant_flags: variant_flags(self.coverage),
        }))
    }

    /// Writes the object holding the coverage mapping.
    pub fn write_mapping_object(&self, path: &Path) -> Result<(), Failure> {
        let bytes = coverage_mapping_object(&self.coverage.sections)
            .map_err(|e| Failure::error(format!("couldn't encode the coverage mapping: {e}")))?;
        super::super::write_file(path, &bytes)
    }

    pub fn summary(&self) -> Result<Summary, Failure> {
        summarize(&self.coverage.map, &self.totals)
            .map_err(|e| Failure::error(format!("couldn't compute the coverage summary: {e}")))
    }
}

/// `counts` as counters of `mode` hold them: for byte counters, 0 for a block that ran and
/// 0xFF for one that did not.
fn counter_bytes(counts: &[u64], mode: CounterMode) -> Vec<u8> {
    match mode {
        CounterMode::Plain | CounterMode::Atomic => {
            counts.iter().flat_map(|c| c.to_ne_bytes()).collect()
        }
        CounterMode::Byte => counts
            .iter()
            .map(|&count| if count > 0 { 0 } else { mode.initial_byte() })
            .collect(),
    }
}

/// The summary table: one row per function, then the totals, as `llvm-cov report
/// -show-functions` counts them.
pub fn summary_table(program: &Program, summary: &Summary) -> String {
    let names: Vec<&str> = summary
        .functions
        .iter()
        .map(|f| program.function(f.func).name.as_str())
        .collect();
    let width = names.iter().map(|n| n.len()).max().unwrap_or(0).max(8) + 2;
    let mut text = format!(
        "{:<width$}{:>9}{:>8}{:>9}{:>9}{:>8}{:>9}\n",
        "Function", "Regions", "Miss", "Cover", "Lines", "Miss", "Cover"
    );
    let rule = "-".repeat(width + 52);
    text.push_str(&rule);
    text.push('\n');
    for (name, function) in names.iter().zip(&summary.functions) {
        text.push_str(&row(name, width, function.regions, function.lines));
    }
    text.push_str(&rule);
    text.push('\n');
    text.push_str(&row("TOTAL", width, summary.regions(), summary.lines()));
    let functions = summary.functions();
    text.push_str(&format!(
        "Functions: {}, executed: {} ({})\n",
        functions.total,
        functions.covered,
        percent(functions)
    ));
    text
}

fn row(name: &str, width: usize, regions: Tally, lines: Tally) -> String {
    format!(
        "{name:<width$}{:>9}{:>8}{:>9}{:>9}{:>8}{:>9}\n",
        regions.total,
        regions.missed(),
        percent(regions),
        lines.total,
        lines.missed(),
        percent(lines)
    )
}

/// `75.00%`, or `-` when there is nothing to cover (as llvm-cov prints it).
fn percent(tally: Tally) -> String {
    if tally.total == 0 {
        "-".to_string()
    } else {
        format!("{:.2}%", tally.percent())
    }
}
