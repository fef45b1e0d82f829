//! Reading `__llvm_covmap` (FORMATS.md 4.2, 4.3): one record per translation unit, each a
//! 16-byte header and a filenames blob (compressed or not), records 8-byte aligned.

use crate::hash::md5_low64;

use super::cursor::Cursor;
use super::error::{Malformed, Problem};
use super::inflate::inflate;

/// The oldest layout read here: Version4 (stored 3) moved function records to covfun.
const FIRST_VERSION: u32 = 3;
/// Version7 (stored 6), the newest LLVM 22 writes.
const LAST_VERSION: u32 = 6;

/// One `__llvm_covmap` record: the filenames table of a translation unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CovmapRecord {
    /// The stored `Version` field; LLVM's `VersionN` is stored as N - 1.
    pub version: u32,
    /// MD5 (low 64 bits) of the filenames blob as stored: what covfun records refer to.
    pub filenames_ref: u64,
    /// Whether the filenames are zlib-compressed.
    pub compressed: bool,
    /// The filenames as stored; since Version6 the first is the compilation directory.
    pub filenames: Vec<String>,
}

pub(super) fn read_covmap(section: &[u8]) -> Result<Vec<CovmapRecord>, Malformed> {
    let mut cursor = Cursor::new(section);
    let mut records = Vec::new();
    while cursor.rest().iter().any(|&b| b != 0) {
        records.push(read_record(&mut cursor)?);
        cursor.align(8);
    }
    Ok(records)
}

fn read_record(cursor: &mut Cursor) -> Result<CovmapRecord, Malformed> {
    let header_start = cursor.pos();
    let inline_records = cursor.u32_le("covmap header")?;
    let filenames_size = cursor.u32_le("covmap header")?;
    let mapping_size = cursor.u32_le("covmap header")?;
    let version = cursor.u32_le("covmap header")?;
    let at_header = |problem| Malformed {
        offset: header_start,
        problem,
    };
    if !(FIRST_VERSION..=LAST_VERSION).contains(&version) {
        return Err(at_header(Problem::UnsupportedVersion(version)));
    }
    if inline_records != 0 {
        return Err(at_header(Problem::InlineRecords(inline_records)));
    }
    if mapping_size != 0 {
        return Err(at_header(Problem::InlineMappingData(mapping_size)));
    }
    let blob_start = cursor.pos();
    let blob = cursor.take(filenames_size as usize, "filenames blob")?;
    let (compressed, filenames) = read_filenames(blob).map_err(|e| Malformed {
        offset: blob_start + e.offset,
        problem: e.problem,
    })?;
    Ok(CovmapRecord {
        version,
        filenames_ref: md5_low64(blob),
        compressed,
        filenames,
    })
}

/// `ULEB count, ULEB uncompressed length, ULEB compressed length (0 = stored)`, then the
/// list of `ULEB length, bytes`, zlib-compressed or not. Returns (compressed, names).
fn read_filenames(blob: &[u8]) -> Result<(bool, Vec<String>), Malformed> {
    let mut cursor = Cursor::new(blob);
    let count = cursor.uleb("filenames count")?;
    if count == 0 {
        return Err(Malformed {
            offset: 0,
            problem: Problem::NoFilenames,
        });
    }
    let plain_len = cursor.uleb("uncompressed length of the filenames")?;
    let packed_len = cursor.count("compressed length of the filenames")?;
    if packed_len == 0 {
        let start = cursor.pos();
        return read_list(cursor.rest(), count)
            .map(|names| (false, names))
            .map_err(|e| Malformed {
                offset: start + e.offset,
                problem: e.problem,
            });
    }
    let start = cursor.pos();
    let packed = cursor.take(packed_len, "compressed filenames")?;
    let at_start = |problem| Malformed {
        offset: start,
        problem,
    };
    let list = inflate(packed, plain_len, "compressed filenames").map_err(at_start)?;
    // Offsets inside inflated data mean nothing in the file: report the zlib data's start.
    let names = read_list(&list, count).map_err(|e| at_start(e.problem))?;
    Ok((true, names))
}

fn read_list(list: &[u8], count: u64) -> Result<Vec<String>, Malformed> {
    let mut cursor = Cursor::new(list);
    let mut names = Vec::new();
    for _ in 0..count {
        let len = cursor.count("filename length")?;
        let name = cursor.take(len, "filename")?;
        names.push(String::from_utf8_lossy(name).into_owned());
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::covmap::{encode_covmap_record, encode_filenames, COVMAP_VERSION6};
    use crate::zlib::Compression;

    /// rustc 1.95's covmap record for `/tmp/cov/t1.rs` (also decoded by the write side's
    /// tests), followed by a clang-14 style uncompressed record (FORMATS.md 4.3).
    #[test]
    fn reads_rustc_and_clang_records() {
        let mut section = vec![
            0x00, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00,
            0x00, 0x00, 0x02, 0x18, 0x19, 0x78, 0xda, 0xe3, 0xd0, 0x2f, 0xc9, 0x2d, 0xd0, 0x4f,
            0xce, 0x2f, 0xe3, 0x83, 0x31, 0xf4, 0x4b, 0x0c, 0xf5, 0x8a, 0x8a, 0x01, 0x5f, 0x26,
            0x07, 0xec, 0x00, 0x00, 0x00, 0x00,
        ];
        let mut clang = vec![0x02, 0x13, 0x00, 0x0b];
        clang.extend_from_slice(b"/home/u/u14");
        clang.push(0x06);
        clang.extend_from_slice(b"../t.c");
        section.extend(encode_covmap_record(&clang, COVMAP_VERSION6));
        let records = read_covmap(&section).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].version, 6);
        assert!(records[0].compressed);
        assert_eq!(records[0].filenames, ["/tmp/cov", "/tmp/cov/t1.rs"]);
        assert_eq!(records[0].filenames_ref, md5_low64(&section[16..44]));
        assert_eq!(records[1].version, 5);
        assert!(!records[1].compressed);
        assert_eq!(records[1].filenames, ["/home/u/u14", "../t.c"]);
        assert_eq!(records[1].filenames_ref, md5_low64(&clang));
    }

    #[test]
    fn rejects_bad_headers_and_blobs() {
        let blob = encode_filenames("/d", &["/d/t.rs"], Compression::None);
        let good = encode_covmap_record(&blob, COVMAP_VERSION6);
        let mut future = good.clone();
        future[12] = 7;
        assert_eq!(
            read_covmap(&future).unwrap_err().problem,
            Problem::UnsupportedVersion(7)
        );
        let mut inline = good.clone();
        inline[8] = 4;
        assert_eq!(
            read_covmap(&inline).unwrap_err().problem,
            Problem::InlineMappingData(4)
        );
        assert!(matches!(
            read_covmap(&good[..20]).unwrap_err().problem,
            Problem::Truncated { .. }
        ));
        let empty = encode_covmap_record(&[0x00, 0x00, 0x00], COVMAP_VERSION6);
        assert_eq!(
            read_covmap(&empty).unwrap_err(),
            Malformed {
                offset: 16,
                problem: Problem::NoFilenames
            }
        );
        let short_name = encode_covmap_record(&[0x01, 0x05, 0x00, 0x09, b'a'], COVMAP_VERSION6);
        assert_eq!(
            read_covmap(&short_name).unwrap_err(),
            Malformed {
                offset: 19,
                problem: Problem::CountTooLarge {
                    what: "filename length",
                    count: 9,
                    remaining: 1
                }
            }
        );
    }
}
