//! Optional zlib compression of the names and filenames blobs.

use std::io::{Read, Write};

use crate::leb128::write_uleb128;

use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;

/// How a names or filenames blob is stored. Every llvm-cov 14..22 reads both forms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compression {
    #[default]
    None,
    Zlib,
}

pub(crate) fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|_| encoder.finish())
        .expect("compressing into memory cannot fail")
}

/// Appends `plain` as the names and filenames blobs store their contents:
/// `ULEB uncompressed length, ULEB compressed length (0 = stored), bytes`.
pub(crate) fn write_stored(out: &mut Vec<u8>, plain: &[u8], compression: Compression) {
    write_uleb128(out, plain.len() as u64);
    match compression {
        Compression::None => {
            write_uleb128(out, 0);
            out.extend_from_slice(plain);
        }
        Compression::Zlib => {
            let packed = compress(plain);
            write_uleb128(out, packed.len() as u64);
            out.extend_from_slice(&packed);
        }
    }
}

/// Inflates `bytes`; `None` unless it is valid zlib data of exactly `expected_len` bytes.
pub(crate) fn decompress(bytes: &[u8], expected_len: usize) -> Option<Vec<u8>> {
    let mut plain = Vec::with_capacity(expected_len);
    ZlibDecoder::new(bytes).read_to_end(&mut plain).ok()?;
    (plain.len() == expected_len).then_some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let text = b"_RNvCs1_1t3foo\x01_RNvCs1_1t4main".repeat(4);
        let packed = compress(&text);
        assert!(packed.len() < text.len());
        assert_eq!(decompress(&packed, text.len()).as_deref(), Some(&text[..]));
        assert_eq!(decompress(&packed, text.len() + 1), None);
        assert_eq!(decompress(b"not zlib", 3), None);
    }
}
