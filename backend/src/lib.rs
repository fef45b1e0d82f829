//! clifcov's backend: lowers the IR through Cranelift to an x86-64 Linux relocatable object
//! (`compile_object`), to annotated CLIF text (`clif_text`) or to code in the calling
//! process (`compile_in_process`).
//!
//! `base` is the one lowering of a function, usable with any `cranelift_module::Module`;
//! `codegen` drives it over a whole program; `aot`, `pretty_clif` and `jit` are the drivers.
//! Before lowering, `block_order`, `return_blocks`, `direct_locals` and `known_values` decide
//! which blocks share a Cranelift block, which jumps become returns, which locals need no
//! variable and which checks are decided already; in an executable the remaining checks
//! are traps that `check_traps` lists for the runtime.
//! With coverage (`Options::coverage`), `profile_counters` defines the counters,
//! `profile_object` adds LLVM's profile and coverage sections to the object and
//! `profile_sections` points the runtime at them. In process, the host owns the counters
//! (`counters_size`), builds the data records (`profile_data_records`) and describes the
//! mapping in an object of its own (`coverage_mapping_object`).

mod abi;
mod aot;
mod base;
mod block_order;
mod check_traps;
mod codegen;
mod cycles;
mod direct_locals;
mod error;
mod jit;
mod known_values;
mod literals;
mod loop_counters;
mod num;
mod options;
mod panic_locations;
mod parallel;
mod pretty_clif;
mod profile_counters;
mod profile_object;
mod profile_sections;
mod recursion;
mod return_blocks;
mod runtime;
mod strings;
mod target;
#[cfg(test)]
mod test_coverage;
#[cfg(test)]
mod test_support;

pub use aot::{compile_object, declare_object, ObjectDeclarations};
pub use error::BackendError;
pub use jit::{compile_in_process, profile_data_records, JitProgram, RuntimeFunction};
pub use options::{CounterMode, CounterPromotion, Coverage, OptLevel, Options, RawProfileVersion};
pub use pretty_clif::clif_text;
pub use profile_counters::counters_size;
pub use profile_object::coverage_mapping_object;
pub use profile_sections::variant_flags;
