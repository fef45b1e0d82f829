//! Decimal text of integers, exactly as Rust's `Display` writes them (no padding, `-` for
//! negative values), built in a stack buffer without allocation.

/// Longest `u64` in decimal: 18446744073709551615.
const MAX_DIGITS: usize = 20;

/// The decimal digits of an unsigned magnitude.
pub struct Decimal {
    digits: [u8; MAX_DIGITS],
    start: usize,
}

impl Decimal {
    pub fn new(value: u64) -> Decimal {
        let mut digits = [0u8; MAX_DIGITS];
        let mut start = MAX_DIGITS;
        let mut rest = value;
        loop {
            start -= 1;
            if let Some(slot) = digits.get_mut(start) {
                *slot = b'0' + (rest % 10) as u8;
            }
            rest /= 10;
            if rest == 0 || start == 0 {
                break;
            }
        }
        Decimal { digits, start }
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.digits.get(self.start..).unwrap_or(&[])
    }
}

/// A signed value as its sign and magnitude: `Display` writes `-` and the digits separately.
pub fn sign_and_magnitude(value: i64) -> (bool, Decimal) {
    (value < 0, Decimal::new(value.unsigned_abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed_text(value: i64) -> String {
        let (negative, digits) = sign_and_magnitude(value);
        let sign = if negative { "-" } else { "" };
        format!("{sign}{}", std::str::from_utf8(digits.as_bytes()).unwrap())
    }

    fn unsigned_text(value: u64) -> String {
        String::from_utf8(Decimal::new(value).as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn signed_values_match_display() {
        let edges = [
            i64::MIN,
            i64::MIN + 1,
            -10,
            -9,
            -1,
            0,
            1,
            9,
            10,
            99,
            100,
            i64::MAX,
        ];
        for value in edges {
            assert_eq!(signed_text(value), value.to_string());
        }
        for shift in 0..63 {
            for value in [1i64 << shift, (1i64 << shift) - 1, -(1i64 << shift)] {
                assert_eq!(signed_text(value), value.to_string());
            }
        }
    }

    #[test]
    fn unsigned_values_match_display() {
        let edges = [0, 1, 9, 10, 19, 20, 1_000_000, u64::MAX - 1, u64::MAX];
        for value in edges {
            assert_eq!(unsigned_text(value), value.to_string());
        }
        for power in 0..20 {
            let value = 10u64.pow(power);
            assert_eq!(unsigned_text(value), value.to_string());
            assert_eq!(unsigned_text(value - 1), (value - 1).to_string());
        }
    }

    #[test]
    fn pseudo_random_values_match_display() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..10_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            assert_eq!(unsigned_text(state), state.to_string());
            assert_eq!(signed_text(state as i64), (state as i64).to_string());
        }
    }
}
