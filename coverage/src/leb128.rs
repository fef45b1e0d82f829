//! Unsigned LEB128, the variable-length integer encoding of LLVM's coverage formats.

/// Appends `value` to `out` in unsigned LEB128.
pub fn write_uleb128(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads one unsigned LEB128 number at `*pos`, advancing `*pos` past it.
/// Returns `None` on truncated input or a value wider than 64 bits.
pub fn read_uleb128(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0u32;
    loop {
        let byte = *bytes.get(*pos)?;
        *pos += 1;
        let low = u64::from(byte & 0x7f);
        if shift >= 64 || (shift == 63 && low > 1) {
            return None;
        }
        value |= low << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: u64) -> Vec<u8> {
        let mut out = Vec::new();
        write_uleb128(&mut out, value);
        out
    }

    #[test]
    fn known_encodings() {
        assert_eq!(encoded(0), [0x00]);
        assert_eq!(encoded(127), [0x7f]);
        assert_eq!(encoded(128), [0x80, 0x01]);
        assert_eq!(encoded(624_485), [0xe5, 0x8e, 0x26]);
        // A gap region's end column 31 | 1 << 31, as clang encodes it (FORMATS.md 4.5).
        assert_eq!(encoded(31 | 1 << 31), [0x9f, 0x80, 0x80, 0x80, 0x08]);
    }

    #[test]
    fn round_trip_and_errors() {
        for value in [0, 1, 300, u64::from(u32::MAX), u64::MAX] {
            let bytes = encoded(value);
            let mut pos = 0;
            assert_eq!(read_uleb128(&bytes, &mut pos), Some(value));
            assert_eq!(pos, bytes.len());
        }
        let mut pos = 0;
        assert_eq!(read_uleb128(&[0x80, 0x80], &mut pos), None);
        let mut pos = 0;
        assert_eq!(read_uleb128(&[0xff; 11], &mut pos), None);
    }
}
