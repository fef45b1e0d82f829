//! The `__llvm_prf_names` blob: the PGO names of all functions (used or not), in one chunk of
//! `ULEB128 uncompressed length, ULEB128 compressed length (0 = stored), bytes`, names joined
//! by the byte 0x01 (FORMATS.md section 3).

use std::fmt;

use crate::zlib::{write_stored, Compression};

const SEPARATOR: u8 = 0x01;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NamesError {
    /// A name holds the separator byte 0x01 or is empty.
    BadName(String),
}

impl fmt::Display for NamesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NamesError::BadName(name) => write!(f, "function name {name:?} cannot be stored"),
        }
    }
}

impl std::error::Error for NamesError {}

/// Encodes the names as one chunk of a `__llvm_prf_names` section.
pub fn encode_names(names: &[&str], compression: Compression) -> Result<Vec<u8>, NamesError> {
    if let Some(bad) = names
        .iter()
        .find(|n| n.is_empty() || n.as_bytes().contains(&SEPARATOR))
    {
        return Err(NamesError::BadName(bad.to_string()));
    }
    let joined = names.join("\u{1}").into_bytes();
    let mut out = Vec::new();
    write_stored(&mut out, &joined, compression);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read_sections, ReadError};

    /// The read side's decoding of a names section on its own.
    fn decode_names(section: &[u8]) -> Result<Vec<String>, ReadError> {
        read_sections(&[], &[], Some(section)).map(|file| file.names)
    }

    /// The uncompressed chunk clang writes with `-enable-name-compression=false`
    /// (FORMATS.md section 3): `16 00 "foo\x01main\x01t.c:unused_fn"`.
    #[test]
    fn uncompressed_matches_clang() {
        let names = ["foo", "main", "t.c:unused_fn"];
        let bytes = encode_names(&names, Compression::None).unwrap();
        let mut expected = vec![0x16, 0x00];
        expected.extend_from_slice(b"foo\x01main\x01t.c:unused_fn");
        assert_eq!(bytes, expected);
    }

    #[test]
    fn round_trips_both_forms_and_padding() {
        let names = ["_RNvCs1_1t3foo", "_RNvCs1_1t4main"];
        for compression in [Compression::None, Compression::Zlib] {
            let mut bytes = encode_names(&names, compression).unwrap();
            bytes.extend_from_slice(&[0, 0, 0]);
            bytes.extend(encode_names(&["x"], compression).unwrap());
            assert_eq!(
                decode_names(&bytes).unwrap(),
                ["_RNvCs1_1t3foo", "_RNvCs1_1t4main", "x"]
            );
        }
    }

    #[test]
    fn rejects_unstorable_names() {
        assert_eq!(
            encode_names(&["a\u{1}b"], Compression::None),
            Err(NamesError::BadName("a\u{1}b".to_string()))
        );
        assert!(encode_names(&[""], Compression::None).is_err());
        assert!(decode_names(&[0x05, 0x00, b'a']).is_err());
    }
}
