//! What a forked worker does: take its place (output into the capture pipe, counters into
//! its slot's block, default handling of crash signals so that a crash ends it), then run
//! the tests the parent sends, one after the other. For each: tell the runtime how to
//! report a panic (the test's name as thread name, the message also into the panic pipe),
//! call the test, flush stdout and answer `RETURNED` on the control socket. A panic,
//! `process::exit` or a crash ends the worker as it ends a built program; the parent then
//! starts another for the next test.

use std::os::fd::RawFd;

use clifcov_rt::{abi, host};

use super::counters::CounterSlots;
use super::runner::Job;

/// Sent back on the control socket when a test function returns.
pub const RETURNED: u8 = b'R';

/// A command: the test's index (little-endian `u32`), then 1 if its panic report ends with
/// the backtrace note.
pub const COMMAND_SIZE: usize = 5;

/// The worker's side of its descriptors.
pub struct WorkerSetup<'a> {
    pub jobs: &'a [Job<'a>],
    /// The worker's end of the control socket: commands in, `RETURNED` out.
    pub control: RawFd,
    /// The write end of the pipe that receives panic messages.
    pub panics: RawFd,
    /// The write end of the pipe that takes stdout and stderr; `None` with `--nocapture`.
    pub output: Option<RawFd>,
    /// Every descriptor of the parent's side of any worker, closed in this one.
    pub close: Vec<RawFd>,
    pub counters: Option<(&'a CounterSlots, usize)>,
}

/// Runs in the freshly forked worker; never returns.
pub fn run_worker(setup: WorkerSetup) -> ! {
    take_place(&setup);
    // Captured, stdout and stderr share one pipe: keep their order, as libtest's
    // capture does.
    host::set_flush_stdout_before_stderr(setup.output.is_some());
    // SAFETY: starts the runtime as a program's `main` does.
    unsafe { abi::clifcov_rt_start(1, std::ptr::null()) };
    while let Some((index, backtrace_note)) = next_command(setup.control) {
        let Some(job) = setup.jobs.get(index) else {
            break;
        };
        host::set_panic_style(host::PanicStyle {
            thread_name: Box::leak(job.name.as_bytes().into()),
            backtrace_note,
            message_fd: setup.panics,
        });
        // SAFETY: `entry` is compiled code of type `fn()` whose runtime calls and
        // counters are this process's.
        unsafe { (job.entry)() };
        host::flush_stdout();
        // SAFETY: writes one byte from a live buffer.
        if unsafe { libc::write(setup.control, [RETURNED].as_ptr().cast(), 1) } != 1 {
            break;
        }
    }
    // SAFETY: ends the worker without running the parent's exit handlers.
    unsafe { libc::_exit(0) }
}

/// Descriptors, crash signals and counters, set up once.
fn take_place(setup: &WorkerSetup) {
    // SAFETY: the worker owns these descriptors now; closing and duplicating them
    // affects no other process.
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
}

/// The next command, or `None` when the parent is done.
fn next_command(control: RawFd) -> Option<(usize, bool)> {
    let mut command = [0u8; COMMAND_SIZE];
    let mut filled = 0;
    while filled < COMMAND_SIZE {
        let rest = &mut command[filled..];
        // SAFETY: reads into the live rest of the buffer.
        let read = unsafe { libc::read(control, rest.as_mut_ptr().cast(), rest.len()) };
        if read > 0 {
            filled += read as usize;
        } else if read == 0
            || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted
        {
            return None;
        }
    }
    let index = u32::from_le_bytes(command[..4].try_into().expect("4 bytes"));
    Some((index as usize, command[4] != 0))
}

/// Reports a failure to set the worker up and ends it.
fn fail(message: &str) -> ! {
    // SAFETY: writes a live buffer to stderr, then ends the process.
    unsafe {
        libc::write(libc::STDERR_FILENO, message.as_ptr().cast(), message.len());
        libc::_exit(SETUP_FAILED)
    }
}

/// The exit code of a worker that could not be set up.
const SETUP_FAILED: i32 = 254;
