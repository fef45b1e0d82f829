//! The program's output streams: stdout line-buffered like Rust's `Stdout`, stderr
//! unbuffered, except that while a panic is being reported its stderr text is collected
//! so that the whole panic message leaves in one write.

use crate::fixed_buffer::FixedBuffer;
use crate::global::Global;
use crate::line_buffer::{LineBuffer, Sink, STDOUT_CAPACITY};
use crate::sys::{self, Errno};

/// Stream number of stdout in the C ABI; every other number means stderr.
pub const STDOUT_STREAM: u32 = 1;

/// Room for a panic message before it has to go out in several writes.
const PANIC_MESSAGE_CAPACITY: usize = 8192;

/// A failed write: which stream, and why.
pub struct PrintFailure {
    pub stream_name: &'static [u8],
    pub errno: Errno,
}

struct Streams {
    stdout: LineBuffer<STDOUT_CAPACITY>,
    panic_message: FixedBuffer<PANIC_MESSAGE_CAPACITY>,
    collecting_panic_message: bool,
    /// Where the message proper starts in `panic_message` (after the `thread ...` line).
    panic_body_start: usize,
    /// Whether stdout is flushed before anything goes to stderr, so that both keep their
    /// order when they share one pipe (as a test harness capturing output needs).
    flush_stdout_before_stderr: bool,
}

static STREAMS: Global<Streams> = Global::new(Streams {
    stdout: LineBuffer::new(),
    panic_message: FixedBuffer::new(),
    collecting_panic_message: false,
    panic_body_start: 0,
    flush_stdout_before_stderr: false,
});

struct Descriptor(i32);

impl Sink for Descriptor {
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), Errno> {
        sys::write_all(self.0, bytes)
    }
}

/// Writes `bytes` to `stream` (1 = stdout, otherwise stderr).
pub fn write(stream: u32, bytes: &[u8]) -> Result<(), PrintFailure> {
    STREAMS.with(|streams| {
        if stream == STDOUT_STREAM {
            let result = streams.stdout.write(&mut Descriptor(sys::STDOUT), bytes);
            result.map_err(|errno| PrintFailure {
                stream_name: b"stdout",
                errno,
            })
        } else if streams.collecting_panic_message {
            streams.collect_panic_text(bytes);
            Ok(())
        } else {
            let result = streams.write_stderr(bytes);
            result.map_err(|errno| PrintFailure {
                stream_name: b"stderr",
                errno,
            })
        }
    })
}

/// From now on stderr text is held back until `finish_panic_message`.
pub fn start_panic_message() {
    STREAMS.with(|streams| {
        streams.panic_message.clear();
        streams.collecting_panic_message = true;
        streams.panic_body_start = 0;
    });
}

/// What is collected from now on is the message proper.
pub fn start_panic_body_marker() {
    STREAMS.with(|streams| streams.panic_body_start = streams.panic_message.len());
}

/// Runs `f` on the message proper collected so far (its tail only, if the message was too
/// long to be held back whole).
pub fn with_panic_message_body(f: impl FnOnce(&[u8])) {
    STREAMS.with(|streams| {
        let collected = streams.panic_message.as_bytes();
        f(collected.get(streams.panic_body_start..).unwrap_or(&[]))
    });
}

/// Writes the collected panic message to stderr; errors are ignored, as nothing is left to
/// report them to.
pub fn finish_panic_message() {
    STREAMS.with(|streams| {
        let message = core::mem::replace(&mut streams.panic_message, FixedBuffer::new());
        let _ = streams.write_stderr(message.as_bytes());
        streams.collecting_panic_message = false;
    });
}

/// Sends any partial stdout line; at exit errors are ignored, as Rust's runtime does.
pub fn flush_stdout_at_exit() {
    STREAMS.with(|streams| {
        let _ = streams.stdout.flush(&mut Descriptor(sys::STDOUT));
    });
}

impl Streams {
    /// Writes to stderr, after stdout's pending text if the streams keep their order.
    fn write_stderr(&mut self, bytes: &[u8]) -> Result<(), Errno> {
        if self.flush_stdout_before_stderr {
            let _ = self.stdout.flush(&mut Descriptor(sys::STDOUT));
        }
        sys::write_all(sys::STDERR, bytes)
    }

    /// Appends to the panic message, writing out what is collected when it would overflow
    /// (the message proper then starts with what is left).
    fn collect_panic_text(&mut self, bytes: &[u8]) {
        if self.panic_message.push(bytes) {
            return;
        }
        let collected = core::mem::replace(&mut self.panic_message, FixedBuffer::new());
        let _ = self.write_stderr(collected.as_bytes());
        self.panic_body_start = 0;
        if !self.panic_message.push(bytes) {
            let _ = self.write_stderr(bytes);
        }
    }
}

/// Makes stdout flush before every write to stderr (or not).
pub fn set_flush_stdout_before_stderr(enabled: bool) {
    STREAMS.with(|streams| streams.flush_stdout_before_stderr = enabled);
}
