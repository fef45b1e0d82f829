//! Code generation options chosen by the user (`--opt-level`, coverage on or off, how
//! coverage counters are updated).

use clifcov_coverage::{CoverageMap, CoverageSections};

/// How hard Cranelift optimises.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OptLevel {
    /// No optimisation passes: the code mirrors the IR (the default, like `rustc -C opt-level=0`).
    #[default]
    None,
    /// Cranelift's optimiser (e-graph rewrites, GVN, LICM).
    Speed,
}

impl OptLevel {
    /// The value of Cranelift's `opt_level` setting.
    pub(crate) fn cranelift_setting(self) -> &'static str {
        match self {
            OptLevel::None => "none",
            OptLevel::Speed => "speed",
        }
    }
}

/// How a coverage counter increment updates its counter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CounterMode {
    /// Load, add one, store: what `rustc -C instrument-coverage` does by default.
    #[default]
    Plain,
    /// One atomic add, exact even when several threads run the same code.
    Atomic,
}

/// The coverage data of an instrumented program: what `clifcov_coverage::instrument`
/// returned for it, and that map's encoded sections (`CoverageMap::sections`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub map: CoverageMap,
    pub sections: CoverageSections,
    pub counters: CounterMode,
}

/// Everything that changes how a program is lowered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub opt_level: OptLevel,
    /// `Some` for a program instrumented for coverage: the object then holds its counters
    /// and LLVM's profile and coverage sections. `None` for a program without coverage
    /// statements (`Coverage(CounterIncrement)` is then an error).
    pub coverage: Option<Coverage>,
}
