//! The fixed messages of rustc's built-in checks (overflow, division by zero, shifts), by the
//! number generated code passes to `clifcov_rt_panic_assert`. The backend numbers them in
//! `backend/src/panic_locations.rs`; a test there checks that both sides agree.

/// The message texts, indexed by message number, exactly as a debug build of rustc prints them.
pub const ASSERT_MESSAGES: [&[u8]; 10] = [
    b"attempt to add with overflow",
    b"attempt to subtract with overflow",
    b"attempt to multiply with overflow",
    b"attempt to divide with overflow",
    b"attempt to calculate the remainder with overflow",
    b"attempt to divide by zero",
    b"attempt to calculate the remainder with a divisor of zero",
    b"attempt to negate with overflow",
    b"attempt to shift left with overflow",
    b"attempt to shift right with overflow",
];

/// The text of message `number`; an unknown number (never generated) gives a generic text.
pub fn text(number: u32) -> &'static [u8] {
    ASSERT_MESSAGES
        .get(number as usize)
        .copied()
        .unwrap_or(b"assertion failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_index_the_table() {
        assert_eq!(text(0), b"attempt to add with overflow");
        assert_eq!(text(9), b"attempt to shift right with overflow");
        assert_eq!(text(10), b"assertion failed");
    }
}
