//! Code generation options chosen by the user (`--opt-level`, coverage on or off, how
//! coverage counters are updated, which raw profile version the program writes).

use clifcov_coverage::{CoverageMap, CoverageSections};

use crate::target::Allocator;

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

    /// The register allocator of the functions no call can re-enter (`recursion`).
    /// Unoptimised, they take the single-pass one, several times cheaper: its larger frames
    /// are on the stack once at most. Recursive functions, and every function optimised for
    /// speed, keep the backtracking allocator.
    pub(crate) fn non_recursive_allocator(self) -> Allocator {
        match self {
            OptLevel::None => Allocator::SinglePass,
            OptLevel::Speed => Allocator::Backtracking,
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
    /// LLVM's single-byte coverage: each counter is one byte, 0xFF until its block runs,
    /// then 0 (one store, no load). The profile says whether a region ran, not how often;
    /// the map must count every region by a counter of its own (no expressions).
    Byte,
}

impl CounterMode {
    /// Bytes per counter.
    pub fn counter_size(self) -> u32 {
        match self {
            CounterMode::Plain | CounterMode::Atomic => 8,
            CounterMode::Byte => 1,
        }
    }

    /// The value of every counter byte before the program runs.
    pub fn initial_byte(self) -> u8 {
        match self {
            CounterMode::Plain | CounterMode::Atomic => 0,
            CounterMode::Byte => 0xff,
        }
    }
}

/// Whether the increments in loops update their counters in memory each time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CounterPromotion {
    /// A loop that calls nothing counts on the stack with plain adds and adds the counts
    /// to its atomic counters when control leaves it (`loop_counters`): the same profile,
    /// far fewer atomic adds. Atomic counters only: a plain add to the stack costs what a
    /// plain add to the counter does.
    #[default]
    Loops,
    /// Every increment updates its counter in memory, as in rustc's code.
    Never,
}

/// The raw profile version (`.profraw` layout) the program writes unless the
/// `CLIFCOV_LLVM_VERSION` environment variable chooses another when it runs; each
/// `llvm-profdata` reads only its own LLVM's version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RawProfileVersion {
    /// LLVM 14 to 17.
    V8,
    /// LLVM 18.
    V9,
    /// LLVM 19 to 22.
    #[default]
    V10,
}

impl RawProfileVersion {
    /// The version `llvm-profdata` of LLVM `major` reads; `None` outside 14 to 22.
    pub fn for_llvm_major(major: u32) -> Option<RawProfileVersion> {
        match major {
            14..=17 => Some(RawProfileVersion::V8),
            18 => Some(RawProfileVersion::V9),
            19..=22 => Some(RawProfileVersion::V10),
            _ => None,
        }
    }

    /// The version number, as in the profile header.
    pub fn number(self) -> u8 {
        match self {
            RawProfileVersion::V8 => 8,
            RawProfileVersion::V9 => 9,
            RawProfileVersion::V10 => 10,
        }
    }
}

/// The coverage data of an instrumented program: what `clifcov_coverage::instrument`
/// returned for it, and that map's encoded sections (`CoverageMap::sections`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub map: CoverageMap,
    pub sections: CoverageSections,
    pub counters: CounterMode,
    pub promotion: CounterPromotion,
    pub profile_version: RawProfileVersion,
}

impl Coverage {
    /// Whether increments in call-free loops count on the stack: with promotion on, for
    /// atomic counters.
    pub(crate) fn promotes_loop_counters(&self) -> bool {
        self.promotion == CounterPromotion::Loops && self.counters == CounterMode::Atomic
    }
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
