//! The runtime object (`clifcov_rt.o`) that every program is linked with, compiled from
//! `rt/src` by `build.rs` and embedded in the clifcov binary.

/// The bytes of `clifcov_rt.o`, to be written next to the program's object and passed to
/// the linker.
pub const RUNTIME_OBJECT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/clifcov_rt.o"));
