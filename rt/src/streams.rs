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
}

static STREAMS: Global<Streams> = Global::new(Streams {
    stdout: LineBuffer::new(),
    panic_message: FixedBuffer::new(),
    collecting_panic_message: false,
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
            collect_panic_text(&mut streams.panic_message, bytes);
            Ok(())
        } else {
            let result = sys::write_all(sys::STDERR, bytes);
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
    });
}

/// Writes the collected panic message to stderr; errors are ignored, as nothing is left to
/// report them to.
pub fn finish_panic_message() {
    STREAMS.with(|streams| {
        let _ = sys::write_all(sys::STDERR, streams.panic_message.as_bytes());
        streams.panic_message.clear();
        streams.collecting_panic_message = false;
    });
}

/// Sends any partial stdout line; at exit errors are ignored, as Rust's runtime does.
pub fn flush_stdout_at_exit() {
    STREAMS.with(|streams| {
        let _ = streams.stdout.flush(&mut Descriptor(sys::STDOUT));
    });
}

/// Appends to the panic message, writing out what is collected when it would overflow.
fn collect_panic_text(message: &mut FixedBuffer<PANIC_MESSAGE_CAPACITY>, bytes: &[u8]) {
    if message.push(bytes) {
        return;
    }
    let _ = sys::write_all(sys::STDERR, message.as_bytes());
    message.clear();
    if !message.push(bytes) {
        let _ = sys::write_all(sys::STDERR, bytes);
    }
}
