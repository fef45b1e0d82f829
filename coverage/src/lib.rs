//! Coverage for clifcov: the instrumentation pass over the IR (coverage graph, code regions,
//! counters) and encoders for LLVM's source-based coverage sections, so that stock
//! `llvm-profdata`/`llvm-cov` read programs built by clifcov.

pub mod counters;
pub mod covfun;
pub mod covmap;
pub mod graph;
pub mod hash;
pub mod leb128;
pub mod names;
pub mod zlib;
