//! clifcov-rt: the runtime linked into every program clifcov builds. It implements the C
//! ABI the generated code calls (output, panics, exit, arguments) with the exact behaviour
//! of a rustc-built program, and writes the coverage profile (`.profraw`) at exit, in the
//! raw layout of any LLVM from 14 to 22. `no_std`, allocation-free, and written so that it
//! never panics itself; it makes its system calls itself (`sys`). Built as a static library
//! (`--cfg clifcov_rt_standalone`, see `cli/build.rs`) it needs no C library: it brings its
//! own panic handler, entry point and memory functions (`freestanding`) and reads the
//! environment after `argv` (`environment`); as an rlib it leaves those to the host, which
//! may also run generated code in itself (`host`).
#![cfg_attr(not(test), no_std)]

pub mod abi;
pub mod assert_message;
mod buffered_file;
pub mod check_traps;
mod decimal;
mod environment;
mod errno_text;
mod fixed_buffer;
#[cfg(all(clifcov_rt_standalone, not(test)))]
mod freestanding;
mod global;
pub mod host;
mod line_buffer;
mod llvm_version;
mod merge;
mod panic;
mod process;
mod profile_file;
mod profile_sections;
mod profile_writer;
mod profraw;
#[cfg(all(clifcov_rt_standalone, not(test)))]
mod stack_overflow;
mod stderr_line;
mod streams;
mod sys;

/// Unreachable by construction (nothing in this crate panics); abort if it ever happens.
#[cfg(all(clifcov_rt_standalone, not(test)))]
#[panic_handler]
fn core_panic(_: &core::panic::PanicInfo) -> ! {
    sys::abort_process()
}
