//! Process start and end: the standard descriptors and SIGPIPE set up as Rust's runtime
//! does, the argument count, and the common exit path (flush stdout, write the profile).

use crate::global::Global;
use crate::profile_writer;
use crate::streams;
use crate::sys;

static ARGUMENT_COUNT: Global<usize> = Global::new(0);

/// Like Rust's runtime start-up: closed standard descriptors are reopened on /dev/null,
/// writes to a closed pipe report EPIPE instead of killing the process, and (in a built
/// program) a stack overflow is reported before the process aborts.
pub fn start(argument_count: i32) {
    for fd in [sys::STDIN, sys::STDOUT, sys::STDERR] {
        if !sys::is_open(fd) {
            let _ = sys::open_path(b"/dev/null\0", sys::O_RDWR);
        }
    }
    sys::ignore_sigpipe();
    #[cfg(all(clifcov_rt_standalone, not(test)))]
    crate::stack_overflow::report();
    ARGUMENT_COUNT.with(|count| *count = usize::try_from(argument_count).unwrap_or(0));
}

pub fn argument_count() -> usize {
    ARGUMENT_COUNT.with(|count| *count)
}

/// Every way out of the program: flush stdout, write the profile, exit with `code`.
pub fn exit(code: i32) -> ! {
    streams::flush_stdout_at_exit();
    profile_writer::write_at_exit();
    sys::exit_process(code)
}
