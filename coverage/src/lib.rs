//! Coverage for clifcov: the instrumentation pass over the IR (coverage graph, code regions,
//! counters) and encoders for LLVM's source-based coverage sections, so that stock
//! `llvm-profdata`/`llvm-cov` read programs built by clifcov as they read rustc's.
//!
//! Use:
//! 1. [`instrument`] (after the front end, before the backend) inserts
//!    `Coverage(CounterIncrement(id))` statements and returns a [`CoverageMap`]. Code regions
//!    come from the front end's span markers; `coverage/MARKERS.md` says which to emit.
//!    [`plan_instrumentation`] and [`Instrumentation::apply`] do the same in two steps, the
//!    first only reading the program.
//! 2. The backend lowers `CounterIncrement(id)` to `+1` on slot `id` of the function's
//!    counter array, and for every [`CoverageMap::used_functions`] entry emits that array
//!    (`num_counters` u64s, `__llvm_prf_cnts`) and a `__llvm_prf_data` record with
//!    `NameRef = name_hash`, `FuncHash = func_hash`, `NumCounters = num_counters`.
//! 3. [`CoverageMap::sections`] encodes `__llvm_covmap`, `__llvm_covfun` (one record per
//!    function, unused ones included) and `__llvm_prf_names` for the object file.
//!
//! [`read`] decodes those sections back from any ELF file (clifcov's, rustc's, clang's);
//! [`report`] computes `llvm-cov report`'s figures from a map and its counters.
//! [`inspect`] shows what the pass decided per function (graph, spans, counters).

mod block_flow;
mod counters;
pub mod covfun;
pub mod covmap;
mod graph;
pub mod hash;
pub mod inspect;
mod instrument;
mod known_branches;
pub mod leb128;
mod map;
mod mappings;
pub mod names;
mod nested_items;
mod ordered_map;
mod reachable;
pub mod read;
pub mod report;
mod rows;
mod source;
mod spans;
mod structural_hash;
pub mod zlib;

pub use counters::CounterPlacement;
pub use instrument::{
    instrument, plan_instrumentation, CounterScheme, InstrumentOptions, Instrumentation,
};
pub use map::{CoverageMap, CoverageSections, CovfunSection, FunctionCoverage, SectionsError};
pub use reachable::Entry;
pub use zlib::Compression;
#[cfg(test)]
mod rustc_oracle;
#[cfg(test)]
mod testing;
