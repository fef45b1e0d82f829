//! Line-buffered output with the behaviour of Rust's `LineWriter` (what `std::io::Stdout`
//! uses): complete lines go out at once, a trailing partial line waits in a 1024-byte
//! buffer until a later newline, a full buffer, or an explicit flush.

use crate::fixed_buffer::FixedBuffer;
use crate::sys::Errno;

/// Where buffered bytes finally go (a file descriptor, or a recorder in tests).
pub trait Sink {
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), Errno>;
}

/// Capacity of Rust's standard output buffer (`LineWriter::new`).
pub const STDOUT_CAPACITY: usize = 1024;

pub struct LineBuffer<const N: usize> {
    pending: FixedBuffer<N>,
}

impl<const N: usize> LineBuffer<N> {
    pub const fn new() -> Self {
        LineBuffer {
            pending: FixedBuffer::new(),
        }
    }

    /// Writes `bytes` the way `LineWriter::write_all` does.
    pub fn write(&mut self, sink: &mut impl Sink, bytes: &[u8]) -> Result<(), Errno> {
        let last_newline = bytes.iter().rposition(|&b| b == b'\n');
        let Some((lines, tail)) = last_newline.and_then(|i| bytes.split_at_checked(i + 1)) else {
            self.flush_if_completed_line(sink)?;
            return self.buffer_write(sink, bytes);
        };
        if self.pending.len() == 0 {
            sink.write_all(lines)?;
        } else {
            self.buffer_write(sink, lines)?;
            self.flush(sink)?;
        }
        self.buffer_write(sink, tail)
    }

    /// Sends everything buffered to `sink`.
    pub fn flush(&mut self, sink: &mut impl Sink) -> Result<(), Errno> {
        if self.pending.len() == 0 {
            return Ok(());
        }
        let result = sink.write_all(self.pending.as_bytes());
        self.pending.clear();
        result
    }

    fn flush_if_completed_line(&mut self, sink: &mut impl Sink) -> Result<(), Errno> {
        match self.pending.as_bytes().last() {
            Some(b'\n') => self.flush(sink),
            _ => Ok(()),
        }
    }

    /// `BufWriter::write_all`: make room if needed, bypass the buffer for large writes.
    fn buffer_write(&mut self, sink: &mut impl Sink, bytes: &[u8]) -> Result<(), Errno> {
        if bytes.len() > self.pending.spare() {
            self.flush(sink)?;
        }
        if bytes.len() >= N {
            return sink.write_all(bytes);
        }
        self.pending.push(bytes);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records each `write_all` call as one chunk.
    #[derive(Default)]
    struct Recorder {
        chunks: Vec<Vec<u8>>,
    }

    impl Sink for Recorder {
        fn write_all(&mut self, bytes: &[u8]) -> Result<(), Errno> {
            self.chunks.push(bytes.to_vec());
            Ok(())
        }
    }

    fn chunks_after(writes: &[&[u8]], flush: bool) -> Vec<Vec<u8>> {
        let mut buffer = LineBuffer::<16>::new();
        let mut sink = Recorder::default();
        for bytes in writes {
            buffer.write(&mut sink, bytes).unwrap();
        }
        if flush {
            buffer.flush(&mut sink).unwrap();
        }
        sink.chunks
    }

    #[test]
    fn partial_line_waits_for_newline() {
        assert!(chunks_after(&[b"abc"], false).is_empty());
        assert_eq!(
            chunks_after(&[b"abc", b"de\n"], false),
            vec![b"abcde\n".to_vec()]
        );
    }

    #[test]
    fn partial_line_is_flushed_on_request() {
        assert_eq!(chunks_after(&[b"abc"], true), vec![b"abc".to_vec()]);
        assert!(chunks_after(&[], true).is_empty());
    }

    #[test]
    fn complete_lines_go_out_directly_and_tail_is_kept() {
        let chunks = chunks_after(&[b"a\nb\nc"], false);
        assert_eq!(chunks, vec![b"a\nb\n".to_vec()]);
        let chunks = chunks_after(&[b"a\nb\nc"], true);
        assert_eq!(chunks, vec![b"a\nb\n".to_vec(), b"c".to_vec()]);
    }

    #[test]
    fn full_buffer_is_flushed_before_overflowing() {
        let chunks = chunks_after(&[b"0123456789", b"abcdefghij"], false);
        assert_eq!(chunks, vec![b"0123456789".to_vec()]);
    }

    #[test]
    fn writes_as_large_as_the_buffer_bypass_it() {
        let chunks = chunks_after(&[b"xy", b"0123456789abcdefg"], false);
        assert_eq!(chunks, vec![b"xy".to_vec(), b"0123456789abcdefg".to_vec()]);
    }

    #[test]
    fn completed_line_in_buffer_is_flushed_before_more_text() {
        let mut buffer = LineBuffer::<16>::new();
        let mut sink = Recorder::default();
        buffer.write(&mut sink, b"ab").unwrap();
        buffer.write(&mut sink, b"\n").unwrap();
        assert_eq!(sink.chunks, vec![b"ab\n".to_vec()]);
        buffer.write(&mut sink, b"cd").unwrap();
        assert_eq!(sink.chunks.len(), 1);
    }

    /// The same sequence through std's `LineWriter` gives the same chunks.
    #[test]
    fn matches_std_line_writer() {
        use std::io::Write;
        struct Chunks(Vec<Vec<u8>>);
        impl std::io::Write for Chunks {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.push(bytes.to_vec());
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let pieces: Vec<Vec<u8>> = (0..400)
            .map(|i| {
                let text = match i % 7 {
                    0 => "x".repeat(i % 1500),
                    1 => format!("{i}\n"),
                    2 => format!("line {i}\nmore"),
                    3 => "\n".to_string(),
                    4 => format!("{}\n{}", "y".repeat(1100), "z".repeat(i % 30)),
                    5 => "-".to_string(),
                    _ => "word ".repeat(i % 300),
                };
                text.into_bytes()
            })
            .collect();
        let mut std_writer = std::io::LineWriter::new(Chunks(Vec::new()));
        let mut ours = LineBuffer::<STDOUT_CAPACITY>::new();
        let mut recorder = Recorder::default();
        for piece in &pieces {
            std_writer.write_all(piece).unwrap();
            ours.write(&mut recorder, piece).unwrap();
            assert_eq!(std_writer.get_ref().0, recorder.chunks);
        }
    }
}
