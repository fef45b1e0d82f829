//! The 64-bit MD5 hash LLVM uses for function names and filename blobs
//! (`IndexedInstrProf::ComputeHash`): the first 8 digest bytes read as a little-endian u64.

use md5::{Digest, Md5};

pub fn md5_low64(bytes: &[u8]) -> u64 {
    let digest = Md5::digest(bytes);
    let mut low = [0u8; 8];
    low.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test vectors from FORMATS.md section 5, checked there against clang and rustc output.
    #[test]
    fn formats_md_vectors() {
        assert_eq!(md5_low64(b"foo"), 0x5cf8_c24c_db18_bdac);
        assert_eq!(md5_low64(b"main"), 0xdb95_6436_e78d_d5fa);
        assert_eq!(md5_low64(b"t.c:unused_fn"), 0x73e4_b94c_f454_76dd);
        assert_eq!(
            md5_low64(b"_RNvCsjMaewn57Afh_1t3foo"),
            0x3397_497d_9c21_3df4
        );
    }
}
