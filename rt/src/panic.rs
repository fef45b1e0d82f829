//! Panic reports in the exact text of a rustc 1.95 debug build:
//! `\nthread 'main' (TID) panicked at FILE:LINE:COL:\n` + message +
//! `\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n`,
//! written to stderr in one piece, then exit code 101. A host running generated code in
//! itself may change the thread name, drop the note (a test harness prints it for its
//! first panic only) and have the message copied to a descriptor of its own.
//!
//! When `RUST_BACKTRACE` asks for a backtrace (set, and not `0`), a rustc-built program
//! prints one; the runtime records none, so the note says so instead of telling the user
//! to set the variable they have set.

use crate::decimal::Decimal;
use crate::environment;
use crate::errno_text;
use crate::global::Global;
use crate::process;
use crate::streams::{self, PrintFailure};
use crate::sys;

/// Exit code of a Rust program whose main thread panicked.
pub const PANIC_EXIT_CODE: i32 = 101;

const BACKTRACE_NOTE: &[u8] =
    b"\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";

const NO_BACKTRACE_NOTE: &[u8] =
    b"\nnote: this program was built by clifcov, which cannot display a backtrace\n";

/// Where rustc 1.95's standard library panics when `print!`/`eprint!` fail.
const STD_PRINT_LOCATION: (&[u8], u32, u32) = (
    b"/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/io/stdio.rs",
    1165,
    9,
);

/// How panics are reported.
#[derive(Clone, Copy)]
pub struct PanicStyle {
    /// The name in `thread 'NAME' (TID) panicked at`.
    pub thread_name: &'static [u8],
    /// Whether the report ends with the `RUST_BACKTRACE` note.
    pub backtrace_note: bool,
    /// A descriptor that also receives the message alone (without the `thread ...`
    /// line), just before the process exits; negative for none.
    pub message_fd: i32,
}

static STYLE: Global<PanicStyle> = Global::new(PanicStyle {
    thread_name: b"main",
    backtrace_note: true,
    message_fd: -1,
});

pub fn set_style(style: PanicStyle) {
    STYLE.with(|current| *current = style);
}

/// Starts a panic report; the message pieces follow on stderr.
pub fn begin(file: &[u8], line: u32, column: u32) {
    let style = STYLE.with(|style| *style);
    streams::start_panic_message();
    let thread_id = Decimal::new(sys::thread_id());
    let line = Decimal::new(line.into());
    let column = Decimal::new(column.into());
    let header: [&[u8]; 11] = [
        b"\nthread '",
        style.thread_name,
        b"' (",
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
    streams::start_panic_body_marker();
}

/// Finishes the panic report and ends the process with code 101.
pub fn end() -> ! {
    let style = STYLE.with(|style| *style);
    if style.message_fd >= 0 {
        streams::with_panic_message_body(|body| {
            let _ = sys::write_all(style.message_fd, body);
        });
    }
    let ending: &[u8] = if !style.backtrace_note {
        b"\n"
    } else if backtrace_requested() {
        NO_BACKTRACE_NOTE
    } else {
        BACKTRACE_NOTE
    };
    write_pieces(&[ending]);
    streams::finish_panic_message();
    process::exit(PANIC_EXIT_CODE)
}

/// Whether `RUST_BACKTRACE` asks for a backtrace, as Rust's standard library reads it:
/// any value but `0`.
fn backtrace_requested() -> bool {
    environment::var(b"RUST_BACKTRACE\0").is_some_and(|value| value != b"0")
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
        errno_text::error_text(failure.errno),
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
