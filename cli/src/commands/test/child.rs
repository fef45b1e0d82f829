//! What a forked child does: take its place (output into the capture pipe, counters into
//! its slot, default handling of crash signals so a crash ends it), tell the runtime how
//! to report panics (the test's name as the thread name, the panic message also into the
//! report pipe), run the test, and exit through the runtime as a built program does.

use std::os::fd::RawFd;

use clifcov_rt::{abi, host};

use super::counters::CounterSlots;

/// Written to the report pipe when the test function returns.
pub const RETURNED: &[u8] = b"R";

/// The child's side of one test run.
pub struct ChildSetup<'a> {
    pub entry: unsafe extern "C" fn(),
    pub thread_name: &'a str,
    pub backtrace_note: bool,
    /// The write end of the pipe that takes stdout and stderr; `None` with `--nocapture`.
    pub output: Option<RawFd>,
    /// The write end of the report pipe.
    pub report: RawFd,
    /// Every other descriptor of the parent's pipes, closed in the child.
    pub close: Vec<RawFd>,
    pub counters: Option<(&'a CounterSlots, usize)>,
}

/// Runs the test in the freshly forked child; never returns.
pub fn run_child(setup: ChildSetup) -> ! {
    // SAFETY: the child owns these descriptors now; closing and duplicating them affects
    // no other process.
    unsafe {
        for fd in &setup.close {
            libc::close(*fd);
        }
        if let Some(output) = setup.output {
            libc::dup2(output, libc::STDOUT_FILENO);
            libc::dup2(output, libc::STDERR_FILENO);
            libc::close(output);
        }
        for signal in [libc::SIGSEGV, libc::SIGBUS, libc::SIGILL, libc::SIGFPE] {
            libc::signal(signal, libc::SIG_DFL);
        }
    }
    if let Some((slots, slot)) = setup.counters {
        if let Err(error) = slots.map_slot_at_home(slot) {
            fail(&format!(
                "clifcov: cannot map the coverage counters: {error}\n"
            ));
        }
    }
    let thread_name: &'static [u8] = Box::leak(setup.thread_name.as_bytes().into());
    // Captured, stdout and stderr share one pipe: keep their order, as libtest's
    // capture does.
    host::set_flush_stdout_before_stderr(setup.output.is_some());
    host::set_panic_style(host::PanicStyle {
        thread_name,
        backtrace_note: setup.backtrace_note,
        message_fd: setup.report,
    });
    // SAFETY: `entry` is compiled code of type `fn()` whose runtime calls and counters
    // are this process's; the runtime is started first, as a program's `main` does.
    unsafe {
        abi::clifcov_rt_start(1, std::ptr::null());
        (setup.entry)();
        libc::write(setup.report, RETURNED.as_ptr().cast(), RETURNED.len());
    }
    abi::clifcov_rt_exit(0)
}

/// Reports a failure to set the child up and ends it.
fn fail(message: &str) -> ! {
    // SAFETY: writes a live buffer to stderr, then ends the process.
    unsafe {
        libc::write(libc::STDERR_FILENO, message.as_ptr().cast(), message.len());
        libc::_exit(SETUP_FAILED)
    }
}

/// The exit code of a child that could not be set up.
const SETUP_FAILED: i32 = 254;
