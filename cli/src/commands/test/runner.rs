//! Runs tests in forked children, at most `threads` at a time, in the order given, and
//! reports each as it starts and ends. The parent waits on pipes: each child holds the
//! write end of a report pipe (and of an output pipe when output is captured) until it
//! exits, so end of file on them means the child is gone; a child still running at its
//! deadline is killed. Exit codes and signals are read with `waitpid`.

use std::io::{self, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::{Duration, Instant};

use super::child::{run_child, ChildSetup};
use super::counters::CounterSlots;
use crate::failure::Failure;

/// How a test's process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Termination {
    Exited(i32),
    Signaled(i32),
    /// Killed at its deadline.
    TimedOut,
}

/// Exit code of a panicking program.
pub const PANIC_EXIT_CODE: i32 = 101;

/// One test to run.
pub struct Job<'a> {
    pub entry: unsafe extern "C" fn(),
    pub name: &'a str,
    /// Reported as ignored instead of run.
    pub skip: bool,
}

pub struct RunOptions {
    pub threads: usize,
    pub timeout: Duration,
    pub capture: bool,
}

/// A test whose process is gone.
pub struct Finished {
    /// Its index in the jobs.
    pub index: usize,
    pub termination: Termination,
    /// Its stdout and stderr, interleaved (empty without capture).
    pub output: Vec<u8>,
    /// What it wrote to the report pipe: the panic message, or `child::RETURNED`.
    pub report: Vec<u8>,
    /// Its coverage counts, with coverage.
    pub counts: Option<Vec<u64>>,
}

pub enum Event {
    Started(usize),
    Ignored(usize),
    Finished(Finished),
}

/// A running child.
struct Running {
    index: usize,
    pid: libc::pid_t,
    slot: usize,
    report: Stream,
    output: Option<Stream>,
    deadline: Instant,
    timed_out: bool,
}

/// The read end of a pipe and what came out of it; `fd` is `None` at end of file.
struct Stream {
    fd: Option<OwnedFd>,
    bytes: Vec<u8>,
}

impl Running {
    fn is_done(&self) -> bool {
        self.report.fd.is_none() && self.output.as_ref().is_none_or(|o| o.fd.is_none())
    }

    fn streams(&mut self) -> impl Iterator<Item = &mut Stream> {
        std::iter::once(&mut self.report).chain(self.output.as_mut())
    }
}

/// Runs `jobs` and passes every event to `on_event`.
pub fn run(
    jobs: &[Job],
    options: &RunOptions,
    mut counters: Option<&mut CounterSlots>,
    mut on_event: impl FnMut(Event),
) -> Result<(), Failure> {
    let mut next = 0;
    let mut running: Vec<Running> = Vec::new();
    let mut free_slots: Vec<usize> = (0..options.threads).rev().collect();
    let mut panic_seen = false;
    loop {
        while running.len() < options.threads && next < jobs.len() {
            let index = next;
            next += 1;
            if jobs[index].skip {
                on_event(Event::Ignored(index));
                continue;
            }
            on_event(Event::Started(index));
            let slot = free_slots.pop().expect("a free slot per running test");
            let slots = counters.as_deref();
            let child = spawn(
                &jobs[index],
                index,
                slot,
                options,
                !panic_seen,
                slots,
                &running,
            )?;
            running.push(child);
        }
        if running.is_empty() {
            return Ok(());
        }
        for done in wait_for_progress(&mut running)? {
            let termination = reap(&done)?;
            panic_seen |= termination == Termination::Exited(PANIC_EXIT_CODE);
            free_slots.push(done.slot);
            let counts = counters.as_deref_mut().map(|slots| slots.take(done.slot));
            on_event(Event::Finished(Finished {
                index: done.index,
                termination,
                output: done.output.map(|o| o.bytes).unwrap_or_default(),
                report: done.report.bytes,
                counts,
            }));
        }
    }
}

/// Forks a child that runs `job`.
fn spawn(
    job: &Job,
    index: usize,
    slot: usize,
    options: &RunOptions,
    backtrace_note: bool,
    counters: Option<&CounterSlots>,
    running: &[Running],
) -> Result<Running, Failure> {
    let (report_read, report_write) = pipe()?;
    let output = if options.capture { Some(pipe()?) } else { None };
    let mut close: Vec<RawFd> = running
        .iter()
        .flat_map(|r| {
            [
                r.report.fd.as_ref(),
                r.output.as_ref().and_then(|o| o.fd.as_ref()),
            ]
        })
        .flatten()
        .map(AsRawFd::as_raw_fd)
        .collect();
    close.push(report_read.as_raw_fd());
    close.extend(output.as_ref().map(|(read, _)| read.as_raw_fd()));
    let _ = io::stdout().flush();
    let _ = io::stderr().flush();
    // SAFETY: this process has a single thread, so the child is a complete copy of it.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        let error = io::Error::last_os_error();
        return Err(Failure::error(format!(
            "couldn't start a test process: {error}"
        )));
    }
    if pid == 0 {
        run_child(ChildSetup {
            entry: job.entry,
            thread_name: job.name,
            backtrace_note,
            output: output.as_ref().map(|(_, write)| write.as_raw_fd()),
            report: report_write.as_raw_fd(),
            close,
            counters: counters.map(|slots| (slots, slot)),
        });
    }
    Ok(Running {
        index,
        pid,
        slot,
        report: Stream {
            fd: Some(report_read),
            bytes: Vec::new(),
        },
        output: output.map(|(read, _)| Stream {
            fd: Some(read),
            bytes: Vec::new(),
        }),
        deadline: Instant::now() + options.timeout,
        timed_out: false,
    })
}

/// A pipe (read end, write end), closed on exec.
fn pipe() -> Result<(OwnedFd, OwnedFd), Failure> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills the two descriptors it creates.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        let error = io::Error::last_os_error();
        return Err(Failure::error(format!("couldn't create a pipe: {error}")));
    }
    // SAFETY: both descriptors are new and owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Waits until some pipe has data or a deadline passes; reads what came, kills children
/// past their deadline, and returns the children whose pipes are all at end of file.
fn wait_for_progress(running: &mut Vec<Running>) -> Result<Vec<Running>, Failure> {
    let mut polled: Vec<libc::pollfd> = running
        .iter_mut()
        .flat_map(|r| {
            r.streams()
                .filter_map(|s| s.fd.as_ref())
                .map(AsRawFd::as_raw_fd)
                .collect::<Vec<_>>()
        })
        .map(|fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    let now = Instant::now();
    let wait = running
        .iter()
        .filter(|r| !r.timed_out)
        .map(|r| r.deadline.saturating_duration_since(now))
        .min()
        .unwrap_or(Duration::from_secs(1));
    let timeout_ms = wait.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32;
    // SAFETY: `polled` is a live array of `polled.len()` entries.
    let ready = unsafe {
        libc::poll(
            polled.as_mut_ptr(),
            polled.len() as libc::nfds_t,
            timeout_ms,
        )
    };
    if ready < 0 {
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(Failure::error(format!(
                "couldn't wait for the tests: {error}"
            )));
        }
    }
    for entry in polled.iter().filter(|p| p.revents != 0) {
        for child in running.iter_mut() {
            for stream in child.streams() {
                if stream
                    .fd
                    .as_ref()
                    .is_some_and(|fd| fd.as_raw_fd() == entry.fd)
                {
                    read_some(stream);
                }
            }
        }
    }
    kill_overdue(running);
    let (done, still_running) = std::mem::take(running)
        .into_iter()
        .partition(Running::is_done);
    *running = still_running;
    Ok(done)
}

/// Reads what the pipe holds (poll said it would not block); end of file closes it.
fn read_some(stream: &mut Stream) {
    let Some(fd) = &stream.fd else {
        return;
    };
    let mut buffer = [0u8; 65536];
    // SAFETY: reads into a live buffer of its length.
    let read = unsafe { libc::read(fd.as_raw_fd(), buffer.as_mut_ptr().cast(), buffer.len()) };
    match read {
        n if n > 0 => stream.bytes.extend_from_slice(&buffer[..n as usize]),
        0 => stream.fd = None,
        _ if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted => {}
        _ => stream.fd = None,
    }
}

fn kill_overdue(running: &mut [Running]) {
    let now = Instant::now();
    for child in running
        .iter_mut()
        .filter(|r| !r.timed_out && r.deadline <= now)
    {
        // SAFETY: `pid` is a child of this process that has not been waited for.
        unsafe { libc::kill(child.pid, libc::SIGKILL) };
        child.timed_out = true;
    }
}

/// Waits for the child to end (its pipes are closed, so it is exiting) and tells how.
fn reap(child: &Running) -> Result<Termination, Failure> {
    let mut status = 0;
    loop {
        // SAFETY: waits for this process's own child.
        let pid = unsafe { libc::waitpid(child.pid, &mut status, 0) };
        if pid == child.pid {
            break;
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(Failure::error(format!(
                "couldn't wait for a test process: {error}"
            )));
        }
    }
    Ok(if libc::WIFEXITED(status) {
        Termination::Exited(libc::WEXITSTATUS(status))
    } else if child.timed_out {
        Termination::TimedOut
    } else {
        Termination::Signaled(libc::WTERMSIG(status))
    })
}
