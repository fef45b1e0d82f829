//! The differential harness's parts: settings, program headers, process running, building with
//! both compilers, observations, the named checks, rejection checks and reports.

pub mod checks;
pub mod corpus;
pub mod diagnostics;
pub mod diff;
pub mod headers;
pub mod observe;
pub mod parallel;
pub mod process;
pub mod reject;
pub mod report;
pub mod settings;
pub mod stderr;
pub mod toolchain;
