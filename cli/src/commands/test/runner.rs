//! Runs tests in forked workers, at most `threads` at a time, in the order given, and
//! reports each as it starts and ends. Worker `k` counts into counter slot `k` and runs
//! one test after another: the parent sends it a test on its control socket and the
//! worker answers when the test returns. A test that panics, exits or crashes ends its
//! worker, which the parent notices as end of file on the worker's descriptors and
//! `waitpid` explains; a test still running at its deadline has its worker killed. The
//! next test for that slot gets a new worker. The parent reads stdout and stderr (one
//! pipe) and panic messages (another) as they come, so a worker never blocks on a full
//! pipe.

use std::io::{self, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::{Duration, Instant};

use super::counters::CounterSlots;
use super::worker::{run_worker, WorkerSetup, COMMAND_SIZE, RETURNED};
use crate::failure::Failure;

/// How a test ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Termination {
    /// The test function returned.
    Returned,
    /// Its process exited with this code (101 after a panic).
    Exited(i32),
    Signaled(i32),
    /// Killed at its deadline.
    TimedOut,
}

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

/// A test that ended.
pub struct Finished {
    /// Its index in the jobs.
    pub index: usize,
    pub termination: Termination,
    /// Its stdout and stderr, interleaved (empty without capture).
    pub output: Vec<u8>,
    /// Its panic message, if it panicked.
    pub panic_message: Vec<u8>,
    /// Its coverage counts, with coverage.
    pub counts: Option<Vec<u64>>,
}

pub enum Event {
    Started(usize),
    Ignored(usize),
    Finished(Finished),
}

/// Exit code of a panicking program.
pub const PANIC_EXIT_CODE: i32 = 101;

/// The parent's side of a worker.
struct Worker {
    pid: libc::pid_t,
    /// Commands out, `RETURNED` in.
    control: Stream,
    panics: Stream,
    output: Option<Stream>,
    /// The test it runs now.
    current: Option<Current>,
}

struct Current {
    index: usize,
    deadline: Instant,
    timed_out: bool,
}

/// The parent's end of a pipe or socket and what came out of it since it was last taken;
/// `fd` is `None` at end of file.
struct Stream {
    fd: Option<OwnedFd>,
    bytes: Vec<u8>,
}

impl Stream {
    fn new(fd: OwnedFd) -> Stream {
        Stream {
            fd: Some(fd),
            bytes: Vec::new(),
        }
    }

    fn raw_fd(&self) -> Option<RawFd> {
        self.fd.as_ref().map(AsRawFd::as_raw_fd)
    }

    /// Reads what is there without blocking; end of file or an error closes the stream.
    fn read_available(&mut self) {
        while let Some(fd) = self.raw_fd() {
            let mut buffer = [0u8; 65536];
            // SAFETY: reads into a live buffer of its length.
            let read = unsafe { libc::read(fd, buffer.as_mut_ptr().cast(), buffer.len()) };
            if read > 0 {
                self.bytes.extend_from_slice(&buffer[..read as usize]);
                continue;
            }
            let error = io::Error::last_os_error().kind();
            if read < 0 && error == io::ErrorKind::Interrupted {
                continue;
            }
            if read == 0 || error != io::ErrorKind::WouldBlock {
                self.fd = None;
            }
            return;
        }
    }

    fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }
}

impl Worker {
    fn streams(&mut self) -> impl Iterator<Item = &mut Stream> {
        [&mut self.control, &mut self.panics]
            .into_iter()
            .chain(self.output.as_mut())
    }

    fn raw_fds(&self) -> impl Iterator<Item = RawFd> + '_ {
        [self.control.raw_fd(), self.panics.raw_fd()]
            .into_iter()
            .chain(self.output.as_ref().map(Stream::raw_fd))
            .flatten()
    }

    /// Every descriptor at end of file: the process is gone.
    fn is_dead(&self) -> bool {
        self.raw_fds().next().is_none()
    }
}

/// The state of a run: workers by slot, and what the next tests need to know.
struct Pool<'a> {
    jobs: &'a [Job<'a>],
    options: &'a RunOptions,
    counters: Option<&'a mut CounterSlots>,
    workers: Vec<Option<Worker>>,
    /// Whether some test has panicked (later panics get no backtrace note, as in libtest).
    panic_seen: bool,
}

/// Runs `jobs` and passes every event to `on_event`.
pub fn run(
    jobs: &[Job],
    options: &RunOptions,
    counters: Option<&mut CounterSlots>,
    mut on_event: impl FnMut(Event),
) -> Result<(), Failure> {
    let mut pool = Pool {
        jobs,
        options,
        counters,
        workers: (0..options.threads).map(|_| None).collect(),
        panic_seen: false,
    };
    let result = pool.run_all(&mut on_event);
    pool.stop_workers();
    result
}

impl Pool<'_> {
    fn run_all(&mut self, on_event: &mut impl FnMut(Event)) -> Result<(), Failure> {
        let mut next = 0;
        loop {
            while next < self.jobs.len() {
                let Some(slot) = self.idle_slot() else {
                    break;
                };
                let index = next;
                next += 1;
                if self.jobs[index].skip {
                    on_event(Event::Ignored(index));
                    continue;
                }
                on_event(Event::Started(index));
                self.start(slot, index)?;
            }
            if self.busy_slots().next().is_none() {
                return Ok(());
            }
            for finished in self.wait_for_progress()? {
                on_event(Event::Finished(finished));
            }
        }
    }

    /// A slot for the next test: one whose worker is idle, else one without a worker.
    fn idle_slot(&self) -> Option<usize> {
        let idle = |w: &Option<Worker>| w.as_ref().is_some_and(|w| w.current.is_none());
        let empty = |w: &Option<Worker>| w.is_none();
        let position =
            |wanted: &dyn Fn(&Option<Worker>) -> bool| self.workers.iter().position(wanted);
        position(&idle).or_else(|| position(&empty))
    }

    fn busy_slots(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.workers.len()).filter(|&slot| {
            self.workers[slot]
                .as_ref()
                .is_some_and(|w| w.current.is_some())
        })
    }

    /// Sends test `index` to the worker of `slot`, starting one if there is none.
    fn start(&mut self, slot: usize, index: usize) -> Result<(), Failure> {
        if self.workers[slot].is_none() {
            self.workers[slot] = Some(self.spawn(slot)?);
        }
        let worker = self.workers[slot].as_mut().expect("a worker in the slot");
        let mut command = [0u8; COMMAND_SIZE];
        command[..4].copy_from_slice(&(index as u32).to_le_bytes());
        command[4] = u8::from(!self.panic_seen);
        let fd = worker
            .control
            .raw_fd()
            .expect("an idle worker's control socket");
        // SAFETY: writes a live buffer to the socket.
        let written = unsafe { libc::write(fd, command.as_ptr().cast(), command.len()) };
        if written != COMMAND_SIZE as isize {
            let error = io::Error::last_os_error();
            return Err(Failure::error(format!("couldn't start a test: {error}")));
        }
        worker.current = Some(Current {
            index,
            deadline: Instant::now() + self.options.timeout,
            timed_out: false,
        });
        Ok(())
    }

    /// Forks the worker of `slot`.
    fn spawn(&self, slot: usize) -> Result<Worker, Failure> {
        let (control, worker_control) = socket_pair()?;
        let (panics, panics_write) = pipe()?;
        let output = if self.options.capture {
            Some(pipe()?)
        } else {
            None
        };
        let mut close: Vec<RawFd> = self
            .workers
            .iter()
            .flatten()
            .flat_map(Worker::raw_fds)
            .collect();
        close.extend([control.as_raw_fd(), panics.as_raw_fd()]);
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
            run_worker(WorkerSetup {
                jobs: self.jobs,
                control: worker_control.as_raw_fd(),
                panics: panics_write.as_raw_fd(),
                output: output.as_ref().map(|(_, write)| write.as_raw_fd()),
                close,
                counters: self.counters.as_deref().map(|slots| (slots, slot)),
            });
        }
        for fd in [&control, &panics]
            .into_iter()
            .chain(output.as_ref().map(|(read, _)| read))
        {
            set_nonblocking(fd)?;
        }
        Ok(Worker {
            pid,
            control: Stream::new(control),
            panics: Stream::new(panics),
            output: output.map(|(read, _)| Stream::new(read)),
            current: None,
        })
    }

    /// Waits until a busy worker has something to say or a deadline passes; returns the
    /// tests that ended.
    fn wait_for_progress(&mut self) -> Result<Vec<Finished>, Failure> {
        let busy: Vec<usize> = self.busy_slots().collect();
        let mut polled: Vec<libc::pollfd> = busy
            .iter()
            .flat_map(|&slot| {
                self.workers[slot]
                    .as_ref()
                    .into_iter()
                    .flat_map(Worker::raw_fds)
            })
            .map(|fd| libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            })
            .collect();
        let timeout_ms = self.time_to_next_deadline().as_micros().div_ceil(1000);
        // SAFETY: `polled` is a live array of `polled.len()` entries.
        let ready = unsafe {
            libc::poll(
                polled.as_mut_ptr(),
                polled.len() as libc::nfds_t,
                timeout_ms.min(i32::MAX as u128) as i32,
            )
        };
        if ready < 0 && io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
            let error = io::Error::last_os_error();
            return Err(Failure::error(format!(
                "couldn't wait for the tests: {error}"
            )));
        }
        let mut finished = Vec::new();
        for slot in busy {
            if let Some(done) = self.progress(slot)? {
                finished.push(done);
            }
        }
        Ok(finished)
    }

    fn time_to_next_deadline(&self) -> Duration {
        let now = Instant::now();
        self.workers
            .iter()
            .flatten()
            .filter_map(|w| w.current.as_ref())
            .filter(|c| !c.timed_out)
            .map(|c| c.deadline.saturating_duration_since(now))
            .min()
            .unwrap_or(Duration::from_secs(1))
    }

    /// Reads what the worker of `slot` sent; kills it at its deadline; returns its test
    /// if it ended (the worker stays for the next test if the test returned).
    fn progress(&mut self, slot: usize) -> Result<Option<Finished>, Failure> {
        let worker = self.workers[slot].as_mut().expect("a busy worker");
        worker.streams().for_each(Stream::read_available);
        let returned = worker.control.bytes.contains(&RETURNED);
        if !returned && !worker.is_dead() {
            kill_if_overdue(worker);
            return Ok(None);
        }
        let termination = if returned {
            Termination::Returned
        } else {
            reap(worker)?
        };
        let products = worker.take_test();
        if !returned {
            self.workers[slot] = None;
        }
        self.panic_seen |= termination == Termination::Exited(PANIC_EXIT_CODE);
        Ok(Some(Finished {
            index: products.index,
            termination,
            output: products.output,
            panic_message: products.panic_message,
            counts: self.counters.as_deref_mut().map(|slots| slots.take(slot)),
        }))
    }

    /// Kills every worker left (idle ones wait for a command) and waits for them.
    fn stop_workers(&mut self) {
        for worker in self.workers.iter_mut().filter_map(Option::take) {
            // SAFETY: `pid` is a child of this process that has not been waited for.
            unsafe {
                libc::kill(worker.pid, libc::SIGKILL);
                libc::waitpid(worker.pid, std::ptr::null_mut(), 0);
            }
        }
    }
}

/// What a worker produced for its current test.
struct TestProducts {
    index: usize,
    output: Vec<u8>,
    panic_message: Vec<u8>,
}

impl Worker {
    /// Takes the current test and what it produced, leaving the worker idle.
    fn take_test(&mut self) -> TestProducts {
        let current = self.current.take().expect("a test that ended");
        self.control.take();
        TestProducts {
            index: current.index,
            output: self.output.as_mut().map(Stream::take).unwrap_or_default(),
            panic_message: self.panics.take(),
        }
    }
}

fn kill_if_overdue(worker: &mut Worker) {
    let Some(current) = worker.current.as_mut() else {
        return;
    };
    if !current.timed_out && current.deadline <= Instant::now() {
        // SAFETY: `pid` is a child of this process that has not been waited for.
        unsafe { libc::kill(worker.pid, libc::SIGKILL) };
        current.timed_out = true;
    }
}

/// Waits for the worker to end (its descriptors are closed, so it is exiting) and tells
/// how.
fn reap(worker: &Worker) -> Result<Termination, Failure> {
    let mut status = 0;
    loop {
        // SAFETY: waits for this process's own child.
        let pid = unsafe { libc::waitpid(worker.pid, &mut status, 0) };
        if pid == worker.pid {
            break;
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(Failure::error(format!(
                "couldn't wait for a test process: {error}"
            )));
        }
    }
    let timed_out = worker.current.as_ref().is_some_and(|c| c.timed_out);
    Ok(if libc::WIFEXITED(status) {
        Termination::Exited(libc::WEXITSTATUS(status))
    } else if timed_out {
        Termination::TimedOut
    } else {
        Termination::Signaled(libc::WTERMSIG(status))
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

/// A connected pair of stream sockets (parent's end, worker's end).
fn socket_pair() -> Result<(OwnedFd, OwnedFd), Failure> {
    let mut fds = [0; 2];
    let kind = libc::SOCK_STREAM | libc::SOCK_CLOEXEC;
    // SAFETY: socketpair fills the two descriptors it creates.
    if unsafe { libc::socketpair(libc::AF_UNIX, kind, 0, fds.as_mut_ptr()) } != 0 {
        let error = io::Error::last_os_error();
        return Err(Failure::error(format!(
            "couldn't create a socket pair: {error}"
        )));
    }
    // SAFETY: both descriptors are new and owned by nobody else.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

fn set_nonblocking(fd: &OwnedFd) -> Result<(), Failure> {
    // SAFETY: reads and sets the status flags of a descriptor this process owns.
    let ok = unsafe {
        let flags = libc::fcntl(fd.as_raw_fd(), libc::F_GETFL);
        flags >= 0 && libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, flags | libc::O_NONBLOCK) == 0
    };
    if ok {
        Ok(())
    } else {
        let error = io::Error::last_os_error();
        Err(Failure::error(format!("couldn't set up a pipe: {error}")))
    }
}
