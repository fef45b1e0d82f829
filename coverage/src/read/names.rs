//! Reading `__llvm_prf_names` (FORMATS.md section 3): any number of chunks
//! `ULEB uncompressed length, ULEB compressed length (0 = stored), bytes`, separated by zero
//! padding, each holding PGO names joined by 0x01; and the lookup of a name by its MD5.

use std::collections::HashMap;

use crate::hash::md5_low64;

use super::cursor::Cursor;
use super::error::{Malformed, Problem};
use super::inflate::inflate;

const SEPARATOR: u8 = 0x01;

/// The names of a `__llvm_prf_names` section, found by the low 64 bits of their MD5.
#[derive(Debug, Default)]
pub(super) struct NameTable {
    pub(super) names: Vec<String>,
    by_hash: HashMap<u64, usize>,
}

impl NameTable {
    pub(super) fn find(&self, name_hash: u64) -> Option<&str> {
        self.by_hash
            .get(&name_hash)
            .map(|&i| self.names[i].as_str())
    }

    fn add(&mut self, name: &[u8]) {
        if name.is_empty() {
            return;
        }
        self.by_hash
            .entry(md5_low64(name))
            .or_insert(self.names.len());
        self.names.push(String::from_utf8_lossy(name).into_owned());
    }
}

pub(super) fn read_names(section: &[u8]) -> Result<NameTable, Malformed> {
    let mut table = NameTable::default();
    let mut cursor = Cursor::new(section);
    loop {
        let padding = cursor.rest().iter().take_while(|&&b| b == 0).count();
        cursor.take(padding, "padding")?;
        if cursor.remaining() == 0 {
            return Ok(table);
        }
        for name in read_chunk(&mut cursor)?.split(|&b| b == SEPARATOR) {
            table.add(name);
        }
    }
}

fn read_chunk(cursor: &mut Cursor) -> Result<Vec<u8>, Malformed> {
    let plain_len = cursor.uleb("uncompressed length of the names")?;
    let packed_len = cursor.uleb("compressed length of the names")?;
    if packed_len == 0 {
        let len = stored_len(cursor, plain_len, "names")?;
        return Ok(cursor.take(len, "names")?.to_vec());
    }
    let len = stored_len(cursor, packed_len, "compressed names")?;
    let start = cursor.pos();
    let packed = cursor.take(len, "compressed names")?;
    inflate(packed, plain_len, "compressed names").map_err(|problem| Malformed {
        offset: start,
        problem,
    })
}

/// A length that must fit in the section (the error says how much was asked for).
fn stored_len(cursor: &Cursor, len: u64, what: &'static str) -> Result<usize, Malformed> {
    usize::try_from(len)
        .ok()
        .filter(|&len| len <= cursor.remaining())
        .ok_or_else(|| {
            cursor.error(Problem::Truncated {
                what,
                needed: usize::try_from(len).unwrap_or(usize::MAX),
                available: cursor.remaining(),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::encode_names;
    use crate::zlib::Compression;

    #[test]
    fn reads_chunks_of_both_kinds_with_padding() {
        let mut section = encode_names(&["foo", "main"], Compression::Zlib).unwrap();
        section.extend_from_slice(&[0, 0, 0]);
        section.extend(encode_names(&["t.c:unused_fn"], Compression::None).unwrap());
        let table = read_names(&section).unwrap();
        assert_eq!(table.names, ["foo", "main", "t.c:unused_fn"]);
        // FORMATS.md section 5 test vectors.
        assert_eq!(table.find(0x5cf8_c24c_db18_bdac), Some("foo"));
        assert_eq!(table.find(0x73e4_b94c_f454_76dd), Some("t.c:unused_fn"));
        assert_eq!(table.find(1), None);
    }

    /// clang-22's names chunk with `-enable-name-compression=false` (FORMATS.md section 3).
    #[test]
    fn reads_clang_uncompressed_chunk() {
        let mut section = vec![0x16, 0x00];
        section.extend_from_slice(b"foo\x01main\x01t.c:unused_fn");
        assert_eq!(
            read_names(&section).unwrap().names,
            ["foo", "main", "t.c:unused_fn"]
        );
    }

    #[test]
    fn reports_truncation_and_bad_zlib() {
        assert_eq!(
            read_names(&[0x05, 0x00, b'a']).unwrap_err(),
            Malformed {
                offset: 2,
                problem: Problem::Truncated {
                    what: "names",
                    needed: 5,
                    available: 1
                }
            }
        );
        let error = read_names(&[0x05, 0x03, 1, 2, 3]).unwrap_err();
        assert!(
            matches!(error.problem, Problem::Inflate { .. }),
            "{error:?}"
        );
        let error = read_names(&[0xff, 0xff, 0xff]).unwrap_err();
        assert!(
            matches!(error.problem, Problem::TruncatedLeb { .. }),
            "{error:?}"
        );
    }
}
