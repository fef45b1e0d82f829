//! Which LLVM the profile is written for: the raw profile layout that the LLVM named by
//! `CLIFCOV_LLVM_VERSION` (14 to 22) reads, else the program's compiled-in default. The
//! variable is read once, when the profile is written; an invalid value is reported in
//! one line on stderr and the default is used. An empty value counts as unset.

use crate::decimal::Decimal;
use crate::environment;
use crate::fixed_buffer::FixedBuffer;
use crate::profraw::RawVersion;
use crate::stderr_line;

const VARIABLE: &[u8] = b"CLIFCOV_LLVM_VERSION\0";

/// The layout for the LLVM major version `value`: exactly two digits, 14 to 22.
pub fn parse(value: &[u8]) -> Option<RawVersion> {
    let [tens @ b'0'..=b'9', ones @ b'0'..=b'9'] = value else {
        return None;
    };
    RawVersion::for_llvm(u64::from(tens - b'0') * 10 + u64::from(ones - b'0'))
}

/// The layout this run writes, given the program's `default`.
pub fn chosen(default: RawVersion) -> RawVersion {
    match environment::var(VARIABLE) {
        None | Some(b"") => default,
        Some(value) => parse(value).unwrap_or_else(|| {
            report_invalid(value, default);
            default
        }),
    }
}

fn report_invalid(value: &[u8], default: RawVersion) {
    stderr_line::write_line(&[
        b"clifcov: ignoring CLIFCOV_LLVM_VERSION=",
        value,
        b" (accepted: 14 to 22); writing the default, ",
        describe(default.number()).as_bytes(),
    ]);
}

/// `raw version N (LLVM A to B)` for the layouts this runtime writes, `raw version N`
/// for any other number.
pub fn describe(raw_version: u64) -> FixedBuffer<64> {
    let mut text = FixedBuffer::new();
    let _ = text.push(b"raw version ") && text.push(Decimal::new(raw_version).as_bytes());
    if let Some(version) = RawVersion::from_number(raw_version) {
        let (first, last) = version.llvm_versions();
        let _ = text.push(b" (LLVM ") && text.push(Decimal::new(first).as_bytes());
        if last != first {
            let _ = text.push(b" to ") && text.push(Decimal::new(last).as_bytes());
        }
        let _ = text.push(b")");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_digit_versions_14_to_22() {
        assert_eq!(parse(b"14"), Some(RawVersion::V8));
        assert_eq!(parse(b"17"), Some(RawVersion::V8));
        assert_eq!(parse(b"18"), Some(RawVersion::V9));
        assert_eq!(parse(b"19"), Some(RawVersion::V10));
        assert_eq!(parse(b"22"), Some(RawVersion::V10));
        for invalid in [
            "13",
            "23",
            "014",
            "1",
            "",
            "x9",
            "19 ",
            "-19",
            "99999999999",
        ] {
            assert_eq!(parse(invalid.as_bytes()), None, "{invalid:?}");
        }
    }

    #[test]
    fn descriptions() {
        let text = |number| String::from_utf8(describe(number).as_bytes().to_vec()).unwrap();
        assert_eq!(text(8), "raw version 8 (LLVM 14 to 17)");
        assert_eq!(text(9), "raw version 9 (LLVM 18)");
        assert_eq!(text(10), "raw version 10 (LLVM 19 to 22)");
        assert_eq!(text(11), "raw version 11");
    }
}
