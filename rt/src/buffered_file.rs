//! Writing a file front to back in few system calls: small pieces are gathered in a
//! buffer, large ones go out directly.

use crate::fixed_buffer::FixedBuffer;
use crate::sys::{self, Errno};

const BUFFER_SIZE: usize = 64 * 1024;

pub struct BufferedFile {
    fd: i32,
    /// File offset of the buffer's first byte.
    offset: u64,
    buffer: FixedBuffer<BUFFER_SIZE>,
}

impl BufferedFile {
    /// Writes to `fd` from offset 0 (with `pwrite`, whatever the descriptor's position).
    pub fn new(fd: i32) -> Self {
        BufferedFile {
            fd,
            offset: 0,
            buffer: FixedBuffer::new(),
        }
    }

    /// Appends `bytes` to what was written so far.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Errno> {
        if self.buffer.push(bytes) {
            return Ok(());
        }
        self.flush()?;
        if self.buffer.push(bytes) {
            return Ok(());
        }
        sys::pwrite_all(self.fd, bytes, self.offset)?;
        self.offset += bytes.len() as u64;
        Ok(())
    }

    /// Writes out the buffer; call it once after the last `write`.
    pub fn flush(&mut self) -> Result<(), Errno> {
        sys::pwrite_all(self.fd, self.buffer.as_bytes(), self.offset)?;
        self.offset += self.buffer.len() as u64;
        self.buffer.clear();
        Ok(())
    }
}
