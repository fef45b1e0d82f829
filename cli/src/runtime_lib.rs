//! The runtime static library (`libclifcov_rt.a`) that every program is linked with,
//! compiled from `rt/src` by `build.rs` and embedded in the clifcov binary.

/// The bytes of `libclifcov_rt.a`, to be written next to the object and passed to `cc`.
pub const RUNTIME_ARCHIVE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/libclifcov_rt.a"));
