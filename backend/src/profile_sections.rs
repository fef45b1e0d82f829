//! `__clifcov_profile_sections`, the descriptor through which the runtime finds the LLVM
//! profile sections (per-function data, counters, names) when it writes the `.profraw`:
//! `{ data_begin, data_end, counters_begin, counters_end, names_begin, names_end, variant_flags }`,
//! seven 8-byte words. Without coverage instrumentation every word is zero.

use cranelift_module::{DataDescription, Linkage, Module};

use crate::error::BackendError;

pub(crate) const PROFILE_SECTIONS_SYMBOL: &str = "__clifcov_profile_sections";

const WORDS: usize = 7;

/// Defines the descriptor of a program built without coverage: all zero.
pub(crate) fn define_profile_sections(module: &mut dyn Module) -> Result<(), BackendError> {
    let error = |e| BackendError::cranelift(format!("`{PROFILE_SECTIONS_SYMBOL}`"), e);
    let id = module
        .declare_data(PROFILE_SECTIONS_SYMBOL, Linkage::Export, false, false)
        .map_err(error)?;
    let mut description = DataDescription::new();
    description.define(vec![0; WORDS * 8].into_boxed_slice());
    description.set_align(8);
    module.define_data(id, &description).map_err(error)
}
