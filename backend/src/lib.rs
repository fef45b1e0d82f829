//! clifcov's backend: lowers the IR through Cranelift to an x86-64 Linux relocatable object
//! (`compile_object`) or to annotated CLIF text (`clif_text`).
//!
//! `base` is the one lowering of a function, usable with any `cranelift_module::Module`;
//! `codegen` drives it over a whole program; `aot` and `pretty_clif` are the drivers.
//! With coverage (`Options::coverage`), `profile_counters` defines the counters,
//! `profile_object` adds LLVM's profile and coverage sections to the object and
//! `profile_sections` points the runtime at them.

mod abi;
mod aot;
mod base;
mod codegen;
mod error;
mod num;
mod options;
mod pretty_clif;
mod profile_counters;
mod profile_object;
mod profile_sections;
mod runtime;
mod strings;
mod target;
#[cfg(test)]
mod test_coverage;
#[cfg(test)]
mod test_support;

pub use aot::compile_object;
pub use error::BackendError;
pub use options::{CounterMode, Coverage, OptLevel, Options, RawProfileVersion};
pub use pretty_clif::clif_text;
pub use profile_sections::variant_flags;
