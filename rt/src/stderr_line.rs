//! One-line reports on stderr: the pieces of a line go out in one write, so the line
//! cannot be torn apart by other output (in several writes only if it is too long for
//! the buffer).

use crate::fixed_buffer::FixedBuffer;
use crate::profile_file::PATH_CAPACITY;
use crate::sys;

/// Room for a file path and the text around it.
const LINE_CAPACITY: usize = PATH_CAPACITY + 512;

/// Writes `pieces` and a newline to stderr; errors are ignored, as there is nowhere left
/// to report them.
pub fn write_line(pieces: &[&[u8]]) {
    let mut line = FixedBuffer::<LINE_CAPACITY>::new();
    if pieces.iter().all(|piece| line.push(piece)) && line.push(b"\n") {
        let _ = sys::write_all(sys::STDERR, line.as_bytes());
        return;
    }
    for piece in pieces {
        let _ = sys::write_all(sys::STDERR, piece);
    }
    let _ = sys::write_all(sys::STDERR, b"\n");
}
