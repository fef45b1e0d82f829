// Integer literal spellings: hexadecimal, octal, binary, underscores and type suffixes.
fn main() {
    let hex = 0xff;
    let hex_upper = 0xDEAD_BEEF_u32;
    let oct = 0o777;
    let bin = 0b1010_1010;
    let million = 1_000_000;
    println!("{hex} {hex_upper} {oct} {bin} {million}");
    let a = 255u8;
    let b = -128i8;
    let c = 65_535u16;
    let d = 1u64 << 63;
    let e = 9_223_372_036_854_775_807i64;
    let f = 7usize;
    let g = -3isize;
    let h = 0x7fff_ffffi32;
    let k = 0b1u16;
    let m = 0o17i16;
    let p = 4_000_000_000u32;
    println!("{a} {b} {c} {d} {e} {f} {g} {h} {k} {m} {p}");
    let sum = 1u8 + 2;
    let mixed = 10 + 20i64;
    println!("{sum} {mixed}");
    let max64 = 0xFFFF_FFFF_FFFF_FFFFu64;
    println!("{max64}");
}
