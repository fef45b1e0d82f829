//! Helpers shared by the CLI's unit tests: the corpus programs and the options a plain
//! `clifcov build` of one of them has.

use std::path::{Path, PathBuf};

use crate::args::{
    CompileOptions, CounterPlacementArg, CounterPromotionArg, CountersArg, OptLevelArg,
};

/// Every program of `tests/corpus`, sorted by path.
pub fn corpus_files() -> Vec<PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    assert!(files.len() > 10, "corpus not found at {}", corpus.display());
    files
}

/// The options of `clifcov build FILE --counters COUNTERS`.
pub fn compile_options(file: &Path, counters: CountersArg) -> CompileOptions {
    CompileOptions {
        file: file.to_path_buf(),
        opt_level: OptLevelArg::None,
        no_coverage: false,
        counters,
        counter_placement: CounterPlacementArg::Rustc,
        counter_promotion: CounterPromotionArg::Loops,
        coverage_skip: Vec::new(),
        time_passes: false,
    }
}
