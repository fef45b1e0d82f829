// Casts between every pair of integer types (truncation, sign and zero extension), for edge values.
fn from_i8(v: i8) {
    print!("i8 {v} ->");
    print!(
        " {} {} {} {} {}",
        v as i8, v as i16, v as i32, v as i64, v as isize
    );
    println!(
        " | {} {} {} {} {}",
        v as u8, v as u16, v as u32, v as u64, v as usize
    );
}

fn from_i16(v: i16) {
    print!("i16 {v} ->");
    print!(
        " {} {} {} {} {}",
        v as i8, v as i16, v as i32, v as i64, v as isize
    );
    println!(
        " | {} {} {} {} {}",
        v as u8, v as u16, v as u32, v as u64, v as usize
    );
}

fn from_i32(v: i32) {
    print!("i32 {v} ->");
    print!(
        " {} {} {} {} {}",
        v as i8, v as i16, v as i32, v as i64, v as isize
    );
    println!(
        " | {} {} {} {} {}",
        v as u8, v as u16, v as u32, v as u64, v as usize
    );
}

fn from_i64(v: i64) {
    print!("i64 {v} ->");
    print!(
        " {} {} {} {} {}",
        v as i8, v as i16, v as i32, v as i64, v as isize
    );
    println!(
        " | {} {} {} {} {}",
        v as u8, v as u16, v as u32, v as u64, v as usize
    );
}

fn from_isize(v: isize) {
    print!("isize {v} ->");
    print!(
        " {} {} {} {} {}",
        v as i8, v as i16, v as i32, v as i64, v as isize
    );
    println!(
        " | {} {} {} {} {}",
        v as u8, v as u16, v as u32, v as u64, v as usize
    );
}

fn from_u8(v: u8) {
    print!("u8 {v} ->");
    print!(
        " {} {} {} {} {}",
        v as i8, v as i16, v as i32, v as i64, v as isize
    );
    println!(
        " | {} {} {} {} {}",
        v as u8, v as u16, v as u32, v as u64, v as usize
    );
}

fn from_u16(v: u16) {
    print!("u16 {v} ->");
    print!(
        " {} {} {} {} {}",
        v as i8, v as i16, v as i32, v as i64, v as isize
    );
    println!(
        " | {} {} {} {} {}",
        v as u8, v as u16, v as u32, v as u64, v as usize
    );
}

fn from_u32(v: u32) {
    print!("u32 {v} ->");
    print!(
        " {} {} {} {} {}",
        v as i8, v as i16, v as i32, v as i64, v as isize
    );
    println!(
        " | {} {} {} {} {}",
        v as u8, v as u16, v as u32, v as u64, v as usize
    );
}

fn from_u64(v: u64) {
    print!("u64 {v} ->");
    print!(
        " {} {} {} {} {}",
        v as i8, v as i16, v as i32, v as i64, v as isize
    );
    println!(
        " | {} {} {} {} {}",
        v as u8, v as u16, v as u32, v as u64, v as usize
    );
}

fn from_usize(v: usize) {
    print!("usize {v} ->");
    print!(
        " {} {} {} {} {}",
        v as i8, v as i16, v as i32, v as i64, v as isize
    );
    println!(
        " | {} {} {} {} {}",
        v as u8, v as u16, v as u32, v as u64, v as usize
    );
}

fn main() {
    from_i8(-128);
    from_i8(-1);
    from_i8(0);
    from_i8(1);
    from_i8(127);
    from_i16(-32768);
    from_i16(-129);
    from_i16(-1);
    from_i16(255);
    from_i16(32767);
    from_i32(-2147483648);
    from_i32(-65536);
    from_i32(-1);
    from_i32(65535);
    from_i32(2147483647);
    from_i64(-9223372036854775808);
    from_i64(-4294967296);
    from_i64(-1);
    from_i64(4294967297);
    from_i64(9223372036854775807);
    from_isize(-9223372036854775808);
    from_isize(-300);
    from_isize(-1);
    from_isize(300);
    from_isize(9223372036854775807);
    from_u8(0);
    from_u8(1);
    from_u8(127);
    from_u8(128);
    from_u8(255);
    from_u16(0);
    from_u16(255);
    from_u16(256);
    from_u16(32768);
    from_u16(65535);
    from_u32(0);
    from_u32(65536);
    from_u32(2147483647);
    from_u32(2147483648);
    from_u32(4294967295);
    from_u64(0);
    from_u64(4294967296);
    from_u64(9223372036854775807);
    from_u64(9223372036854775808);
    from_u64(18446744073709551615);
    from_usize(0);
    from_usize(128);
    from_usize(32768);
    from_usize(9223372036854775808);
    from_usize(18446744073709551615);
}
