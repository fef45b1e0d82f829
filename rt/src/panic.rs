//! Panic reports in the exact text of a rustc 1.95 debug build:
//! `\nthread 'main' (TID) panicked at FILE:LINE:COL:\n` + message +
//! `\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n`,
//! written to stderr in one piece, then exit code 101.

use crate::decimal::Decimal;
use crate::process;
use crate::streams::{self, PrintFailure};
use crate::sys;

/// Exit code of a Rust program whose main thread panicked.
pub const PANIC_EXIT_CODE: i32 = 101;

const BACKTRACE_NOTE: &[u8] =
    b"\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";

/// Where rustc 1.95's standard library panics when `print!`/`eprint!` fail.
const STD_PRINT_LOCATION: (&[u8], u32, u32) = (
    b"/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/io/stdio.rs",
    1165,
    9,
);

/// Starts a panic report; the message pieces follow on stderr.
pub fn begin(file: &[u8], line: u32, column: u32) {
    streams::start_panic_message();
    let thread_id = Decimal::new(sys::thread_id());
    let line = Decimal::new(line.into());
    let column = Decimal::new(column.into());
    let header: [&[u8]; 9] = [
        b"\nthread 'main' (",
        thread_id.as_bytes(),
        b") panicked at ",
        file,
        b":",
        line.as_bytes(),
        b":",
        column.as_bytes(),
        b":\n",
    ];
    write_pieces(&header);
}

/// Finishes the panic report and ends the process with code 101.
pub fn end() -> ! {
    write_pieces(&[BACKTRACE_NOTE]);
    streams::finish_panic_message();
    process::exit(PANIC_EXIT_CODE)
}

/// The panic Rust's `print!` family raises when writing fails:
/// `failed printing to stdout: Broken pipe (os error 32)`.
pub fn print_failed(failure: PrintFailure) -> ! {
    let (file, line, column) = STD_PRINT_LOCATION;
    begin(file, line, column);
    let code = Decimal::new(failure.errno.unsigned_abs().into());
    write_pieces(&[
        b"failed printing to ",
        failure.stream_name,
        b": ",
        sys::error_text(failure.errno),
        b" (os error ",
        code.as_bytes(),
        b")",
    ]);
    end()
}

/// Panic text goes to stderr, which is being collected, so writing cannot fail.
fn write_pieces(pieces: &[&[u8]]) {
    for piece in pieces {
        let _ = streams::write(sys::STDERR as u32, piece);
    }
}
