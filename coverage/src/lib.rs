//! Coverage for clifcov: the instrumentation pass over the IR (coverage graph, code regions,
//! counters) and encoders for LLVM's source-based coverage sections, so that stock
//! `llvm-profdata`/`llvm-cov` read programs built by clifcov.
//!
//! Entry point: [`instrument`] inserts counter increments into a [`clifcov_ir::Program`] and
//! returns a [`CoverageMap`]; [`CoverageMap::sections`] encodes `__llvm_covmap`,
//! `__llvm_covfun` and `__llvm_prf_names`.

mod counters;
pub mod covfun;
pub mod covmap;
mod graph;
pub mod hash;
mod instrument;
pub mod leb128;
mod map;
mod mappings;
pub mod names;
mod reachable;
mod source;
mod spans;
pub mod zlib;

pub use instrument::{instrument, InstrumentOptions};
pub use map::{CoverageMap, CoverageSections, CovfunSection, FunctionCoverage, SectionsError};
pub use reachable::Entry;
pub use zlib::Compression;
#[cfg(test)]
mod rustc_oracle;
#[cfg(test)]
mod testing;
