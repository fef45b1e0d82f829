//! The scalar types of the IR: Rust's fixed-width integers, `bool` and `()`.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    I8,
    I16,
    I32,
    I64,
    Isize,
    U8,
    U16,
    U32,
    U64,
    Usize,
    Bool,
    Unit,
}

impl Ty {
    pub const INTEGERS: [Ty; 10] = [
        Ty::I8,
        Ty::I16,
        Ty::I32,
        Ty::I64,
        Ty::Isize,
        Ty::U8,
        Ty::U16,
        Ty::U32,
        Ty::U64,
        Ty::Usize,
    ];

    pub fn is_integer(self) -> bool {
        !matches!(self, Ty::Bool | Ty::Unit)
    }

    pub fn is_signed(self) -> bool {
        matches!(self, Ty::I8 | Ty::I16 | Ty::I32 | Ty::I64 | Ty::Isize)
    }

    /// Width in bits of the value (x86-64: pointer-sized integers are 64 bits, `bool` is 8, `()` is 0).
    pub fn bits(self) -> u32 {
        match self {
            Ty::I8 | Ty::U8 | Ty::Bool => 8,
            Ty::I16 | Ty::U16 => 16,
            Ty::I32 | Ty::U32 => 32,
            Ty::I64 | Ty::U64 | Ty::Isize | Ty::Usize => 64,
            Ty::Unit => 0,
        }
    }

    /// Smallest value of an integer type.
    pub fn min_value(self) -> i128 {
        if self.is_signed() {
            -(1i128 << (self.bits() - 1))
        } else {
            0
        }
    }

    /// Largest value of an integer type (`1` for `bool`).
    pub fn max_value(self) -> i128 {
        match self {
            Ty::Bool => 1,
            Ty::Unit => 0,
            t if t.is_signed() => (1i128 << (t.bits() - 1)) - 1,
            t => (1i128 << t.bits()) - 1,
        }
    }

    pub fn from_name(name: &str) -> Option<Ty> {
        Some(match name {
            "i8" => Ty::I8,
            "i16" => Ty::I16,
            "i32" => Ty::I32,
            "i64" => Ty::I64,
            "isize" => Ty::Isize,
            "u8" => Ty::U8,
            "u16" => Ty::U16,
            "u32" => Ty::U32,
            "u64" => Ty::U64,
            "usize" => Ty::Usize,
            "bool" => Ty::Bool,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Ty::I8 => "i8",
            Ty::I16 => "i16",
            Ty::I32 => "i32",
            Ty::I64 => "i64",
            Ty::Isize => "isize",
            Ty::U8 => "u8",
            Ty::U16 => "u16",
            Ty::U32 => "u32",
            Ty::U64 => "u64",
            Ty::Usize => "usize",
            Ty::Bool => "bool",
            Ty::Unit => "()",
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(Ty::I8.min_value(), -128);
        assert_eq!(Ty::I8.max_value(), 127);
        assert_eq!(Ty::U64.max_value(), u64::MAX as i128);
        assert_eq!(Ty::Isize.min_value(), i64::MIN as i128);
        assert_eq!(Ty::Bool.max_value(), 1);
    }

    #[test]
    fn names_round_trip() {
        for ty in Ty::INTEGERS.into_iter().chain([Ty::Bool]) {
            assert_eq!(Ty::from_name(ty.name()), Some(ty));
        }
        assert_eq!(Ty::from_name("f32"), None);
    }
}
