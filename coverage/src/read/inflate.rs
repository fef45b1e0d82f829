//! Inflating the zlib pieces of the names and filenames chunks without trusting the stated
//! uncompressed length: a length that `packed` bytes cannot possibly produce is rejected
//! before any memory is reserved for it.

use crate::zlib::decompress;

use super::error::Problem;

/// DEFLATE expands at most about 1032:1; the slack covers the zlib header and tiny inputs.
const MAX_RATIO: u64 = 1032;
const SLACK: u64 = 1024;

pub(super) fn inflate(packed: &[u8], stated: u64, what: &'static str) -> Result<Vec<u8>, Problem> {
    let failure = Problem::Inflate {
        what,
        packed: packed.len(),
        stated,
    };
    let possible = (packed.len() as u64)
        .saturating_mul(MAX_RATIO)
        .saturating_add(SLACK);
    if stated > possible {
        return Err(failure);
    }
    let stated = usize::try_from(stated).map_err(|_| failure.clone())?;
    decompress(packed, stated).ok_or(failure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zlib::compress;

    #[test]
    fn inflates_exact_lengths_only() {
        let plain = b"abc\x01defabc\x01def".repeat(3);
        let packed = compress(&plain);
        assert_eq!(
            inflate(&packed, plain.len() as u64, "names"),
            Ok(plain.clone())
        );
        assert!(inflate(&packed, plain.len() as u64 - 1, "names").is_err());
        assert!(inflate(b"junk", 4, "names").is_err());
    }

    #[test]
    fn refuses_impossible_lengths_before_allocating() {
        let packed = compress(b"x");
        assert_eq!(
            inflate(&packed, u64::MAX, "filenames"),
            Err(Problem::Inflate {
                what: "filenames",
                packed: packed.len(),
                stated: u64::MAX
            })
        );
    }
}
