//! The one target clifcov generates code for, x86-64 Linux, as a Cranelift ISA.

use std::str::FromStr;

use cranelift_codegen::isa::{self, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use target_lexicon::Triple;

use crate::error::BackendError;
use crate::options::Options;

pub(crate) const TARGET_TRIPLE: &str = "x86_64-unknown-linux-gnu";

/// The baseline x86-64 ISA for object files (no CPU-specific extensions, like rustc's
/// default target). Code is not position independent in Cranelift's sense: an executable's
/// references are all near (`codegen::DeclaredProgram::near_symbols`), so Cranelift makes
/// them PC-relative rather than GOT loads: right for the position-dependent executables
/// `clifcov build` links, and accepted in Debian's default PIE executables too.
/// Cranelift's IR verifier runs in debug builds of clifcov only (as in
/// rustc_codegen_cranelift): the tests, built with debug assertions, verify every
/// lowering, and release builds do not pay for it. Cranelift computes no unwind
/// information: the object file has no `.eh_frame` for it to go into (a clifcov program's
/// panic ends the process without unwinding), and computing it cost 0.5% of a build's
/// instructions.
pub(crate) fn target_isa(
    options: &Options,
    allocator: Allocator,
) -> Result<OwnedTargetIsa, BackendError> {
    isa(
        options,
        allocator,
        &[
            ("is_pic", "false"),
            ("unwind_info", "false"),
            ("enable_verifier", VERIFIER),
        ],
    )
}

/// Which of regalloc2's register allocators compiles a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Allocator {
    /// The backtracking allocator: good code, most of the compile time.
    Backtracking,
    /// The single-pass allocator: several times cheaper, slower code, and a stack slot
    /// for most values, so frames grow several times larger.
    SinglePass,
}

impl Allocator {
    fn setting(self) -> &'static str {
        match self {
            Allocator::Backtracking => "backtracking",
            Allocator::SinglePass => "single_pass",
        }
    }
}

const VERIFIER: &str = if cfg!(debug_assertions) {
    "true"
} else {
    "false"
};

/// The ISA for code run in process: absolute addresses (cranelift-jit requires them) and
/// no IR verifier, which would double the compile time of the tests of a `clifcov test`
/// run; the object file drivers of debug builds verify the same lowering.
pub(crate) fn in_process_isa(
    options: &Options,
    allocator: Allocator,
) -> Result<OwnedTargetIsa, BackendError> {
    isa(
        options,
        allocator,
        &[("is_pic", "false"), ("enable_verifier", "false")],
    )
}

fn isa(
    options: &Options,
    allocator: Allocator,
    settings: &[(&str, &str)],
) -> Result<OwnedTargetIsa, BackendError> {
    let mut flags = settings::builder();
    set_flag(
        &mut flags,
        "opt_level",
        options.opt_level.cranelift_setting(),
    )?;
    set_flag(&mut flags, "regalloc_algorithm", allocator.setting())?;
    for (name, value) in settings {
        set_flag(&mut flags, name, value)?;
    }
    let triple =
        Triple::from_str(TARGET_TRIPLE).map_err(|e| BackendError::Target(e.to_string()))?;
    let builder = isa::lookup(triple).map_err(|e| BackendError::Target(e.to_string()))?;
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| BackendError::Target(e.to_string()))
}

fn set_flag(flags: &mut settings::Builder, name: &str, value: &str) -> Result<(), BackendError> {
    flags
        .set(name, value)
        .map_err(|e| BackendError::Target(format!("setting `{name}={value}`: {e}")))
}
