//! clifcov's backend: lowers the IR through Cranelift to an x86-64 Linux relocatable object
//! (`compile_object`) or to annotated CLIF text (`clif_text`).
//!
//! `base` is the one lowering of a function, usable with any `cranelift_module::Module`;
//! `codegen` drives it over a whole program; `aot` and `pretty_clif` are the drivers.

mod abi;
mod aot;
mod base;
mod codegen;
mod error;
mod num;
mod options;
mod pretty_clif;
mod profile_sections;
mod runtime;
mod strings;
mod target;
#[cfg(test)]
mod test_support;

pub use aot::compile_object;
pub use error::BackendError;
pub use options::{OptLevel, Options};
pub use pretty_clif::clif_text;
