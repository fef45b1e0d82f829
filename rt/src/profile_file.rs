//! Where the profile goes: the file name pattern (`LLVM_PROFILE_FILE`, else rustc's
//! `default_%m_%p.profraw`) expanded as LLVM's profile runtime does, and the creation of
//! missing parent directories.
//!
//! Specifiers: `%p` process id, `%h` host name, `%t` `$TMPDIR` followed by `/`, `%m` /
//! `%Nm` online merging into `<module signature>_<pid % N>` (N = 1 for `%m`), `%c`
//! (continuous mode, not supported: dropped, the profile is written at exit). Unknown
//! specifiers are dropped when the pattern has a known one and kept literally otherwise;
//! a second `%m`, or `%t` without `$TMPDIR`, makes LLVM fall back to `default.profraw`.

use crate::decimal::Decimal;
use crate::environment;
use crate::fixed_buffer::FixedBuffer;
use crate::profraw;
use crate::profraw::layouts::RawHeader;
use crate::sys;

/// The pattern rustc-built programs use when `LLVM_PROFILE_FILE` is not set.
pub const RUSTC_DEFAULT_PATTERN: &[u8] = b"default_%m_%p.profraw";
/// LLVM's fallback when a pattern cannot be used.
const LLVM_FALLBACK_PATTERN: &[u8] = b"default.profraw";

pub const PATH_CAPACITY: usize = 4096;

/// What a file name pattern may refer to.
pub struct NameInputs<'a> {
    pub process_id: u64,
    pub host_name: &'a [u8],
    pub temp_dir: Option<&'a [u8]>,
    pub module_signature: u64,
}

/// An expanded profile path, NUL-terminated for the C library.
pub struct ProfilePath {
    text: FixedBuffer<PATH_CAPACITY>,
    c_path: FixedBuffer<{ PATH_CAPACITY + 1 }>,
    merge: bool,
}

impl ProfilePath {
    pub fn text(&self) -> &[u8] {
        self.text.as_bytes()
    }

    pub fn c_path(&self) -> &[u8] {
        self.c_path.as_bytes()
    }

    /// Whether the pattern asked for online merging (`%m`).
    pub fn merge(&self) -> bool {
        self.merge
    }
}

/// The expanded name does not fit in `PATH_CAPACITY` bytes.
#[derive(Debug)]
pub struct NameTooLong;

/// The pattern to use: a non-empty `LLVM_PROFILE_FILE`, else rustc's default.
pub fn pattern_from_environment() -> &'static [u8] {
    match environment::var(b"LLVM_PROFILE_FILE\0") {
        Some(pattern) if !pattern.is_empty() => pattern,
        _ => RUSTC_DEFAULT_PATTERN,
    }
}

/// The values specifiers refer to, from the running process.
pub fn process_inputs(host_buffer: &mut [u8], module_signature: u64) -> NameInputs<'_> {
    let host_len = sys::host_name(host_buffer).unwrap_or(0);
    NameInputs {
        process_id: sys::process_id(),
        host_name: host_buffer.get(..host_len).unwrap_or(&[]),
        temp_dir: environment::var(b"TMPDIR\0"),
        module_signature,
    }
}

/// LLVM's module signature, which names `%m` files: it differs between programs with
/// different profile section sizes or first function.
pub fn module_signature(header: &RawHeader, first_name_ref: u64) -> u64 {
    let num_value_nodes = 0u64;
    (header.names_size() << 40)
        .wrapping_add(header.num_counters() << 30)
        .wrapping_add(header.num_data() << 20)
        .wrapping_add(num_value_nodes << 10)
        .wrapping_add(first_name_ref)
        .wrapping_add(header.version_word())
        .wrapping_add(profraw::MAGIC)
}

/// One `%` specifier of a pattern.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Specifier {
    ProcessId,
    HostName,
    TempDir,
    Continuous,
    Merge(u32),
    Unknown,
}

/// Splits `pattern` into literal bytes and specifiers, in order.
fn for_each_part(pattern: &[u8], mut on_part: impl FnMut(Result<u8, Specifier>)) {
    let mut rest = pattern;
    while let Some((&byte, after)) = rest.split_first() {
        rest = after;
        if byte != b'%' {
            on_part(Ok(byte));
            continue;
        }
        let (specifier, after) = parse_specifier(rest);
        rest = after;
        on_part(Err(specifier));
    }
}

/// Reads the specifier after a `%`.
fn parse_specifier(rest: &[u8]) -> (Specifier, &[u8]) {
    let Some((&letter, after)) = rest.split_first() else {
        return (Specifier::Unknown, rest);
    };
    let simple = match letter {
        b'p' => Some(Specifier::ProcessId),
        b'h' => Some(Specifier::HostName),
        b't' => Some(Specifier::TempDir),
        b'c' => Some(Specifier::Continuous),
        b'm' => Some(Specifier::Merge(1)),
        _ => None,
    };
    if let Some(specifier) = simple {
        return (specifier, after);
    }
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    match rest.get(digits) {
        Some(b'm') if digits > 0 => {
            let pool = rest.iter().take(digits).fold(0u32, |n, d| {
                n.wrapping_mul(10).wrapping_add(u32::from(d - b'0'))
            });
            (
                Specifier::Merge(pool.max(1)),
                rest.get(digits + 1..).unwrap_or(&[]),
            )
        }
        _ => (Specifier::Unknown, after),
    }
}

/// Expands `pattern`, falling back to `default.profraw` where LLVM would.
pub fn expand(pattern: &[u8], inputs: &NameInputs) -> Result<ProfilePath, NameTooLong> {
    let mut merges = 0;
    let mut known = false;
    let mut usable = true;
    for_each_part(pattern, |part| match part {
        Ok(_) | Err(Specifier::Unknown) => {}
        Err(Specifier::Merge(_)) => {
            merges += 1;
            known = true;
        }
        Err(Specifier::TempDir) => {
            known = true;
            usable &= inputs.temp_dir.is_some();
        }
        Err(_) => known = true,
    });
    if merges > 1 || !usable {
        return substitute(LLVM_FALLBACK_PATTERN, inputs);
    }
    if !known {
        return finish(literal(pattern), false);
    }
    substitute(pattern, inputs)
}

/// `path` as it is, with no specifier expanded and no merging.
pub fn literal_path(path: &[u8]) -> Result<ProfilePath, NameTooLong> {
    finish(literal(path), false)
}

fn literal(pattern: &[u8]) -> Option<FixedBuffer<PATH_CAPACITY>> {
    let mut text = FixedBuffer::new();
    text.push(pattern).then_some(text)
}

/// Replaces every specifier of `pattern`.
fn substitute(pattern: &[u8], inputs: &NameInputs) -> Result<ProfilePath, NameTooLong> {
    let mut text = FixedBuffer::<PATH_CAPACITY>::new();
    let mut fits = true;
    let mut merge = false;
    let process_id = Decimal::new(inputs.process_id);
    for_each_part(pattern, |part| {
        fits &= match part {
            Ok(byte) => text.push(&[byte]),
            Err(Specifier::ProcessId) => text.push(process_id.as_bytes()),
            Err(Specifier::HostName) => text.push(inputs.host_name),
            Err(Specifier::TempDir) => text.push(inputs.temp_dir.unwrap_or(&[])) && text.push(b"/"),
            Err(Specifier::Merge(pool)) => {
                merge = true;
                let signature = Decimal::new(inputs.module_signature);
                let pool_id = Decimal::new(inputs.process_id % u64::from(pool.max(1)));
                text.push(signature.as_bytes()) && text.push(b"_") && text.push(pool_id.as_bytes())
            }
            Err(Specifier::Continuous | Specifier::Unknown) => true,
        };
    });
    finish(fits.then_some(text), merge)
}

fn finish(
    text: Option<FixedBuffer<PATH_CAPACITY>>,
    merge: bool,
) -> Result<ProfilePath, NameTooLong> {
    let text = text.ok_or(NameTooLong)?;
    let mut c_path = FixedBuffer::new();
    if !(c_path.push(text.as_bytes()) && c_path.push(b"\0")) {
        return Err(NameTooLong);
    }
    Ok(ProfilePath {
        text,
        c_path,
        merge,
    })
}

/// Creates the directories leading to `path`, as LLVM's runtime does; failures are left
/// for the open that follows to report.
pub fn create_parent_directories(path: &ProfilePath) {
    let text = path.text();
    for (index, _) in text.iter().enumerate().skip(1).filter(|(_, &b)| b == b'/') {
        let mut prefix = FixedBuffer::<{ PATH_CAPACITY + 1 }>::new();
        if prefix.push(text.get(..index).unwrap_or(&[])) && prefix.push(b"\0") {
            let _ = sys::make_directory(prefix.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profraw::{read, RawVersion};

    fn inputs() -> NameInputs<'static> {
        NameInputs {
            process_id: 4242,
            host_name: b"box",
            temp_dir: Some(b"/tmp/t"),
            module_signature: 1842254645101787307,
        }
    }

    fn expanded(pattern: &str) -> (String, bool) {
        let path = expand(pattern.as_bytes(), &inputs()).unwrap();
        assert_eq!(path.c_path().last(), Some(&0));
        (
            String::from_utf8(path.text().to_vec()).unwrap(),
            path.merge(),
        )
    }

    #[test]
    fn process_id_and_host_name() {
        assert_eq!(expanded("p_%p.profraw"), ("p_4242.profraw".into(), false));
        assert_eq!(expanded("%h/%p-%p"), ("box/4242-4242".into(), false));
    }

    #[test]
    fn merge_pools() {
        let m = expanded("dir/%m.profraw");
        assert_eq!(m, ("dir/1842254645101787307_0.profraw".into(), true));
        let pool = expanded("%4m.profraw");
        assert_eq!(pool, ("1842254645101787307_2.profraw".into(), true));
        let rustc = expanded("default_%m_%p.profraw");
        assert_eq!(rustc.0, "default_1842254645101787307_0_4242.profraw");
    }

    #[test]
    fn temp_dir_and_continuous_mode() {
        assert_eq!(expanded("%tx.profraw").0, "/tmp/t/x.profraw");
        assert_eq!(expanded("%cx_%p").0, "x_4242");
        let no_tmp = NameInputs {
            temp_dir: None,
            ..inputs()
        };
        let path = expand(b"%t/x.profraw", &no_tmp).unwrap();
        assert_eq!(path.text(), b"default.profraw");
    }

    #[test]
    fn unknown_specifiers() {
        assert_eq!(expanded("q_%q_%p"), ("q__4242".into(), false));
        assert_eq!(expanded("q_%q.profraw"), ("q_%q.profraw".into(), false));
        assert_eq!(expanded("plain.profraw"), ("plain.profraw".into(), false));
        assert_eq!(expanded("a_%5z_%p").0, "a_z_4242");
        assert_eq!(expanded("%m_%m").0, "default.profraw");
    }

    #[test]
    fn too_long_names_are_reported() {
        let long = "x".repeat(PATH_CAPACITY + 1);
        assert!(expand(long.as_bytes(), &inputs()).is_err());
        let fits = "x".repeat(PATH_CAPACITY - 4);
        assert!(expand(format!("{fits}%p").as_bytes(), &inputs()).is_ok());
        assert!(expand(format!("{fits}x%p").as_bytes(), &inputs()).is_err());
    }

    /// Oracle: a rustc 1.95 `-C instrument-coverage` program run with `LLVM_PROFILE_FILE=%m...`
    /// names its file after the signature of the header and first record it writes.
    #[test]
    fn signature_matches_rustc_programs() {
        let dir = tempfile::tempdir().unwrap();
        let source = "fn f(n: u32) -> u32 { if n > 3 { n * 2 } else { n } }\n\
                      fn main() { let mut s = 0; for i in 0..9 { s += f(i); } println!(\"{s}\"); }\n";
        std::fs::write(dir.path().join("sig.rs"), source).unwrap();
        let rustc = std::process::Command::new("rustc")
            .current_dir(dir.path())
            .args(["-C", "instrument-coverage", "-C", "opt-level=0", "sig.rs"])
            .status()
            .unwrap();
        assert!(rustc.success());
        let run = std::process::Command::new(dir.path().join("sig"))
            .env("LLVM_PROFILE_FILE", dir.path().join("out/%m.profraw"))
            .output()
            .unwrap();
        assert!(run.status.success());
        let entry = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        let bytes = std::fs::read(entry.path()).unwrap();
        let header = read::header(RawVersion::V10, &bytes).unwrap();
        let RawHeader::V10(fields) = header else {
            panic!("version 10 header");
        };
        // rustc's runtime writes binary ids between the header and the records.
        let first_record = RawVersion::V10.header_size() + fields.binary_ids_size as usize;
        let first_name_ref = read::record_v10(&bytes[first_record..]).unwrap().name_ref;
        let signature = module_signature(&header, first_name_ref);
        assert_eq!(
            entry.file_name().into_string().unwrap(),
            format!("{signature}_0.profraw")
        );
    }
}
