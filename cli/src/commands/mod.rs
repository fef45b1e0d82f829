//! One module per command; helpers they share.

pub mod build;
pub mod compare;
mod coverage_graph;
pub mod dump_coverage;
pub mod emit;
mod inspection;
pub mod run;
mod spanview;
pub mod test;

use std::path::Path;

use crate::failure::Failure;

pub fn temp_dir() -> Result<tempfile::TempDir, Failure> {
    tempfile::Builder::new()
        .prefix("clifcov-")
        .tempdir()
        .map_err(|e| Failure::error(format!("couldn't create a temporary directory: {e}")))
}

pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes)
        .map_err(|e| Failure::error(format!("couldn't write `{}`: {e}", path.display())))
}
