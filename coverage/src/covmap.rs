//! The `__llvm_covmap` record: a 16-byte header and the translation unit's filenames blob
//! (FORMATS.md 4.2, 4.3). Functions point at the blob through its MD5 (`FilenamesRef`).

use crate::leb128::write_uleb128;
use crate::zlib::{write_stored, Compression};

/// The covmap `Version` field for LLVM's `Version6` (stored as 5): the first filename is the
/// compilation directory. Every llvm-cov from 14 to 22 reads it (FORMATS.md 6.2).
pub const COVMAP_VERSION6: u32 = 5;

/// Encodes the filenames blob: the compilation directory first, then the source files
/// (relative names are resolved against the compilation directory by llvm-cov).
pub fn encode_filenames(
    compilation_dir: &str,
    files: &[&str],
    compression: Compression,
) -> Vec<u8> {
    let mut list = Vec::new();
    for name in std::iter::once(compilation_dir).chain(files.iter().copied()) {
        write_uleb128(&mut list, name.len() as u64);
        list.extend_from_slice(name.as_bytes());
    }
    let mut out = Vec::new();
    write_uleb128(&mut out, 1 + files.len() as u64);
    write_stored(&mut out, &list, compression);
    out
}

/// One covmap record: `{NRecords 0, FilenamesSize, CoverageSize 0, Version}`, the blob, and
/// zero padding to a multiple of 8 bytes.
pub fn encode_covmap_record(filenames_blob: &[u8], version: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + filenames_blob.len() + 7);
    for field in [0, filenames_blob.len() as u32, 0, version] {
        out.extend_from_slice(&field.to_le_bytes());
    }
    out.extend_from_slice(filenames_blob);
    out.resize(out.len().next_multiple_of(8), 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::md5_low64;
    use crate::read::read_sections;

    /// The read side's decoding of a filenames blob, as the only record of a covmap section.
    fn decode_filenames(blob: &[u8]) -> Vec<String> {
        let covmap = encode_covmap_record(blob, COVMAP_VERSION6);
        let mut file = read_sections(&covmap, &[], None).unwrap();
        file.covmap_records.remove(0).filenames
    }

    /// rustc 1.95's covmap record for `/tmp/cov/t1.rs`, dumped with
    /// `llvm-objcopy --dump-section=__llvm_covmap` from `rustc -C instrument-coverage --emit=obj`.
    /// rustc compresses; decoding it and re-encoding gives the same names.
    const RUSTC_COVMAP: [u8; 44] = [
        0x00, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00,
        0x00, 0x02, 0x18, 0x19, 0x78, 0xda, 0xe3, 0xd0, 0x2f, 0xc9, 0x2d, 0xd0, 0x4f, 0xce, 0x2f,
        0xe3, 0x83, 0x31, 0xf4, 0x4b, 0x0c, 0xf5, 0x8a, 0x8a, 0x01, 0x5f, 0x26, 0x07, 0xec,
    ];

    #[test]
    fn decodes_rustc_record() {
        let size = u32::from_le_bytes(RUSTC_COVMAP[4..8].try_into().unwrap()) as usize;
        let blob = &RUSTC_COVMAP[16..16 + size];
        assert_eq!(decode_filenames(blob), ["/tmp/cov", "/tmp/cov/t1.rs"]);
        let plain = encode_filenames("/tmp/cov", &["/tmp/cov/t1.rs"], Compression::None);
        assert_eq!(decode_filenames(&plain), decode_filenames(blob));
    }

    /// The uncompressed layout clang-14 writes (FORMATS.md 4.3, `02 1e 00 16 <dir> 06 "../t.c"`
    /// for a 22-byte directory): count, list length, 0, then length-prefixed names.
    #[test]
    fn uncompressed_layout_matches_clang() {
        let blob = encode_filenames("/home/u/u14", &["../t.c"], Compression::None);
        let mut expected = vec![0x02, 0x13, 0x00, 0x0b];
        expected.extend_from_slice(b"/home/u/u14");
        expected.push(0x06);
        expected.extend_from_slice(b"../t.c");
        assert_eq!(blob, expected);
    }

    #[test]
    fn record_header_and_padding() {
        let blob = encode_filenames("/d", &["/d/t.rs"], Compression::Zlib);
        let record = encode_covmap_record(&blob, COVMAP_VERSION6);
        assert_eq!(record.len() % 8, 0);
        assert_eq!(&record[0..4], &[0, 0, 0, 0]);
        assert_eq!(&record[4..8], &(blob.len() as u32).to_le_bytes());
        assert_eq!(&record[8..12], &[0, 0, 0, 0]);
        assert_eq!(&record[12..16], &[5, 0, 0, 0]);
        assert_eq!(&record[16..16 + blob.len()], &blob[..]);
        assert_eq!(decode_filenames(&blob), ["/d", "/d/t.rs"]);
        assert_ne!(md5_low64(&blob), 0);
    }
}
