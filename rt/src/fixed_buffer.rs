//! A fixed-capacity byte string on the stack (or in a static), for texts the runtime
//! assembles before one write: panic messages, error lines, file paths.

pub struct FixedBuffer<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> FixedBuffer<N> {
    pub const fn new() -> Self {
        FixedBuffer {
            bytes: [0; N],
            len: 0,
        }
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    pub fn clear(&mut self) {
        self.len = 0;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// How many more bytes fit.
    pub fn spare(&self) -> usize {
        N - self.len
    }

    /// Appends all of `bytes`, or nothing and `false` if they do not fit.
    pub fn push(&mut self, bytes: &[u8]) -> bool {
        let end = self.len.saturating_add(bytes.len());
        match self.bytes.get_mut(self.len..end) {
            Some(space) => {
                // A zip copy rather than `copy_from_slice`, whose length check could panic.
                space
                    .iter_mut()
                    .zip(bytes)
                    .for_each(|(to, from)| *to = *from);
                self.len = end;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushes_until_full() {
        let mut buffer = FixedBuffer::<6>::new();
        assert!(buffer.push(b"abc"));
        assert!(buffer.push(b"de"));
        assert!(!buffer.push(b"fg"));
        assert_eq!(buffer.as_bytes(), b"abcde");
        assert!(buffer.push(b"f"));
        assert_eq!(buffer.as_bytes(), b"abcdef");
        buffer.clear();
        assert_eq!(buffer.as_bytes(), b"");
    }
}
