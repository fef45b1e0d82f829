//! The differential harness's parts: settings, program headers, process running, building with
//! both compilers, observations (behaviour and `llvm-cov` coverage), the named checks, rejection
//! checks and reports.

pub mod checks;
pub mod corpus;
pub mod coverage;
pub mod coverage_checks;
pub mod diagnostics;
pub mod diff;
pub mod headers;
pub mod llvm_tools;
pub mod observe;
pub mod parallel;
pub mod process;
pub mod reject;
pub mod report;
pub mod settings;
pub mod stderr;
pub mod toolchain;
