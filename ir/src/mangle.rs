//! Symbol names for the program's functions in rustc's v0 mangling (`_RNvCs<hash>_<crate><fn>`),
//! so that tools which demangle Rust names show them as Rust users expect.

/// The crate name rustc derives from a source path: the file stem with `-` replaced by `_`.
pub fn crate_name_from_path(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    stem.replace('-', "_")
}

/// The v0 symbol of a free function `fn_name` at the root of crate `crate_name`.
pub fn v0_symbol(crate_name: &str, fn_name: &str) -> String {
    let mut symbol = String::with_capacity(32 + crate_name.len() + fn_name.len());
    symbol.push_str("_RNvCs");
    push_base62_disambiguator(&mut symbol, crate_name);
    symbol.push('_');
    push_identifier(&mut symbol, crate_name);
    push_identifier(&mut symbol, fn_name);
    symbol
}

/// Appends a v0 identifier: its length, then `_` when the name itself starts with `_` or a
/// digit (so the length ends unambiguously), then the name.
fn push_identifier(symbol: &mut String, name: &str) {
    push_decimal(symbol, name.len());
    if name.starts_with(|c: char| c == '_' || c.is_ascii_digit()) {
        symbol.push('_');
    }
    symbol.push_str(name);
}

fn push_decimal(symbol: &mut String, mut value: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    push_ascii(symbol, &digits[start..]);
}

/// Appends a stable stand-in for rustc's crate disambiguator: base-62 of an FNV-1a hash of
/// the name, written the way v0 writes disambiguators (value minus one, `_`-terminated by
/// the caller).
fn push_base62_disambiguator(symbol: &mut String, crate_name: &str) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in crate_name.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut value = hash.saturating_sub(1);
    let mut digits = [0u8; 11];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = DIGITS[(value % 62) as usize];
        value /= 62;
        if value == 0 {
            break;
        }
    }
    push_ascii(symbol, &digits[start..]);
}

fn push_ascii(symbol: &mut String, ascii: &[u8]) {
    symbol.push_str(std::str::from_utf8(ascii).expect("digits are ASCII"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names() {
        assert_eq!(crate_name_from_path("tests/corpus/my-prog.rs"), "my_prog");
        assert_eq!(crate_name_from_path("t.rs"), "t");
    }

    #[test]
    fn symbol_shape() {
        let sym = v0_symbol("t", "foo");
        assert!(sym.starts_with("_RNvCs"), "{sym}");
        assert!(sym.ends_with("_1t3foo"), "{sym}");
        assert_eq!(sym, v0_symbol("t", "foo"));
        assert_ne!(v0_symbol("t", "foo"), v0_symbol("u", "foo"));
        assert!(v0_symbol("u", "_helper").ends_with("_1u7__helper"));
        let long = v0_symbol("my_crate", "a_function_name");
        assert!(long.ends_with("_8my_crate15a_function_name"), "{long}");
    }
}
