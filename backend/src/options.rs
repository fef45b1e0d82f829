//! Code generation options chosen by the user (`--opt-level`).

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

/// Everything that changes how a program is lowered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub opt_level: OptLevel,
}
