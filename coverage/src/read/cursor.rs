//! A bounds-checked reader over a byte slice: little-endian fixed-width fields, unsigned
//! LEB128 numbers with limits, and length-prefixed pieces. Every failure is a [`Malformed`]
//! naming the byte offset and what was being read.

use crate::leb128::read_uleb128;

use super::error::{Malformed, Problem};

/// The length of the longest unsigned LEB128 encoding of a u64.
const MAX_LEB_BYTES: usize = 10;

pub(super) struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Cursor<'a> {
        Cursor { bytes, pos: 0 }
    }

    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    pub(super) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub(super) fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos..]
    }

    /// A [`Malformed`] at the current position.
    pub(super) fn error(&self, problem: Problem) -> Malformed {
        Malformed {
            offset: self.pos,
            problem,
        }
    }

    pub(super) fn uleb(&mut self, what: &'static str) -> Result<u64, Malformed> {
        let start = self.pos;
        let mut pos = self.pos;
        match read_uleb128(self.bytes, &mut pos) {
            Some(value) => {
                self.pos = pos;
                Ok(value)
            }
            None => {
                // Fewer bytes than the longest u64 encoding: they ran out before the end.
                let problem = if self.bytes.len() - start < MAX_LEB_BYTES {
                    Problem::TruncatedLeb { what }
                } else {
                    Problem::LebOverflow { what }
                };
                Err(Malformed {
                    offset: start,
                    problem,
                })
            }
        }
    }

    /// A LEB128 number that must be below `limit`.
    pub(super) fn uleb_below(&mut self, what: &'static str, limit: u64) -> Result<u64, Malformed> {
        let start = self.pos;
        let value = self.uleb(what)?;
        if value >= limit {
            return Err(Malformed {
                offset: start,
                problem: Problem::TooLarge { what, value, limit },
            });
        }
        Ok(value)
    }

    /// A LEB128 number that must fit in a `u32` (LLVM reads these fields as `unsigned`).
    pub(super) fn uleb_u32(&mut self, what: &'static str) -> Result<u32, Malformed> {
        let value = self.uleb_below(what, u64::from(u32::MAX) + 1)?;
        Ok(value as u32)
    }

    /// A count of items that each take at least one byte, so it cannot exceed the bytes left.
    pub(super) fn count(&mut self, what: &'static str) -> Result<usize, Malformed> {
        let start = self.pos;
        let count = self.uleb(what)?;
        let remaining = self.remaining();
        if count > remaining as u64 {
            return Err(Malformed {
                offset: start,
                problem: Problem::CountTooLarge {
                    what,
                    count,
                    remaining,
                },
            });
        }
        Ok(count as usize)
    }

    pub(super) fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], Malformed> {
        if len > self.remaining() {
            return Err(self.error(Problem::Truncated {
                what,
                needed: len,
                available: self.remaining(),
            }));
        }
        let piece = &self.bytes[self.pos..self.pos + len];
        self.pos += len;
        Ok(piece)
    }

    pub(super) fn u32_le(&mut self, what: &'static str) -> Result<u32, Malformed> {
        let mut field = [0; 4];
        field.copy_from_slice(self.take(4, what)?);
        Ok(u32::from_le_bytes(field))
    }

    /// Moves to the next multiple of `align` (or to the end if that is closer).
    pub(super) fn align(&mut self, align: usize) {
        self.pos = self.pos.next_multiple_of(align).min(self.bytes.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_reports_where_it_stops() {
        let mut cursor = Cursor::new(&[0x05, 0x01, 0x02, 0x03, 0x04, 0xe5, 0x8e, 0x26, 0x80]);
        assert_eq!(cursor.count("count"), Ok(5));
        assert_eq!(cursor.u32_le("field"), Ok(0x0403_0201));
        assert_eq!(cursor.uleb("value"), Ok(624_485));
        assert_eq!(
            cursor.uleb("last"),
            Err(Malformed {
                offset: 8,
                problem: Problem::TruncatedLeb { what: "last" }
            })
        );
        assert_eq!(cursor.pos(), 8);
    }

    #[test]
    fn rejects_counts_and_values_out_of_range() {
        let mut cursor = Cursor::new(&[0x09, 0x00]);
        assert_eq!(
            cursor.count("regions"),
            Err(Malformed {
                offset: 0,
                problem: Problem::CountTooLarge {
                    what: "regions",
                    count: 9,
                    remaining: 1
                }
            })
        );
        let mut cursor = Cursor::new(&[0x80, 0x80, 0x80, 0x80, 0x10]);
        assert!(matches!(
            cursor.uleb_u32("column"),
            Err(Malformed {
                problem: Problem::TooLarge { .. },
                ..
            })
        ));
        let mut cursor = Cursor::new(&[0xff; 11]);
        assert_eq!(
            cursor.uleb("huge").unwrap_err().problem,
            Problem::LebOverflow { what: "huge" }
        );
        let mut cursor = Cursor::new(&[1, 2]);
        assert_eq!(
            cursor.take(3, "header").unwrap_err().problem,
            Problem::Truncated {
                what: "header",
                needed: 3,
                available: 2
            }
        );
    }

    #[test]
    fn aligns_within_bounds() {
        let mut cursor = Cursor::new(&[0; 10]);
        cursor.take(3, "x").unwrap();
        cursor.align(8);
        assert_eq!(cursor.pos(), 8);
        cursor.take(1, "y").unwrap();
        cursor.align(8);
        assert_eq!(cursor.pos(), 10);
        assert!(cursor.rest().is_empty());
    }
}
