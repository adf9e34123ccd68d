//! A tiny length-prefixed binary reader and writer for the sync wire formats.
//!
//! Every read is bounds-checked and returns [`WireError`] rather than panicking, because these
//! bytes come from the network, from files on USB sticks and from other people's devices.

use super::WireError;

/// Appends fields to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn with_magic(magic: &[u8]) -> Writer {
        Writer {
            buf: magic.to_vec(),
        }
    }

    pub(crate) fn u8(&mut self, v: u8) -> &mut Self {
        self.buf.push(v);
        self
    }

    pub(crate) fn u64(&mut self, v: u64) -> &mut Self {
        self.buf.extend_from_slice(&v.to_be_bytes());
        self
    }

    pub(crate) fn fixed(&mut self, v: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(v);
        self
    }

    /// A byte string with a 4-byte big-endian length in front.
    pub(crate) fn bytes(&mut self, v: &[u8]) -> &mut Self {
        // Callers bound every field far below 4 GiB (see the limits), so this cannot truncate.
        self.buf
            .extend_from_slice(&u32::try_from(v.len()).unwrap_or(u32::MAX).to_be_bytes());
        self.buf.extend_from_slice(v);
        self
    }

    pub(crate) fn str(&mut self, v: &str) -> &mut Self {
        self.bytes(v.as_bytes())
    }

    pub(crate) fn finish(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buf)
    }
}

/// Reads fields back, refusing anything short, overlong or malformed.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// Starts reading `what` ("an envelope", "an invitation"), checking its magic prefix.
    pub(crate) fn new(
        bytes: &'a [u8],
        magic: &[u8],
        what: &'static str,
    ) -> Result<Reader<'a>, WireError> {
        match bytes.strip_prefix(magic) {
            Some(rest) => Ok(Reader { rest, what }),
            None => Err(WireError::NotNorthstar(what)),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        if self.rest.len() < n {
            return Err(WireError::Truncated(self.what));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.take(1)?[0])
    }

    pub(crate) fn u64(&mut self) -> Result<u64, WireError> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_be_bytes(b))
    }

    pub(crate) fn fixed<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        let mut b = [0u8; N];
        b.copy_from_slice(self.take(N)?);
        Ok(b)
    }

    /// A length-prefixed byte string of at most `max` bytes.
    pub(crate) fn bytes(&mut self, max: usize) -> Result<&'a [u8], WireError> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        let len = u32::from_be_bytes(b) as usize;
        // A length past the end is damage, whatever the limit: say so rather than "too large".
        if len > self.rest.len() {
            return Err(WireError::Truncated(self.what));
        }
        if len > max {
            return Err(WireError::TooLarge {
                what: self.what,
                limit: max,
            });
        }
        self.take(len)
    }

    pub(crate) fn str(&mut self, max: usize) -> Result<&'a str, WireError> {
        std::str::from_utf8(self.bytes(max)?).map_err(|_| WireError::Malformed(self.what))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Everything not yet read.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.rest)
    }

    /// Fails unless every byte was read: trailing bytes mean a different or damaged format.
    pub(crate) fn end(self) -> Result<(), WireError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(WireError::Malformed(self.what))
        }
    }
}
