//! Room codes: the short code people in a meeting room type to join, instead of a full
//! invitation code (hundreds of characters). It names the meeting room's relay and carries a
//! random secret; the SENCO's laptop leaves the full invitation on that relay, encrypted
//! under a key only the secret derives, so the relay (and anyone without the code) cannot
//! read it. Twenty characters in groups of four, from an alphabet with no look-alikes:
//! typing `o` for `0` or `l` for `1`, in any case, with or without dashes, reads the same.
//!
//! ```
//! use northstar_schema::sync::RoomCode;
//! let code = RoomCode { room: "192.168.1.20:7878".parse().unwrap(), secret: [7; 6] };
//! let text = code.to_code();
//! assert_eq!(text.len(), 24);
//! assert_eq!(RoomCode::parse(&text).unwrap(), code);
//! assert_eq!(RoomCode::parse(&text.to_lowercase().replace('-', " ")).unwrap(), code);
//! assert!(RoomCode::parse("NS1-abc").is_err());
//! ```

use super::WireError;
use std::net::{Ipv4Addr, SocketAddrV4};

/// Crockford's base32: digits and letters without I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHARS: usize = 20;

/// A meeting room's relay and the secret for one invitation left there.
#[derive(Clone, PartialEq, Eq)]
pub struct RoomCode {
    pub room: SocketAddrV4,
    pub secret: [u8; 6],
}

// The secret is as good as the invitation: never print it.
impl std::fmt::Debug for RoomCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoomCode")
            .field("room", &self.room)
            .finish_non_exhaustive()
    }
}

impl RoomCode {
    /// `XXXX-XXXX-XXXX-XXXX-XXXX`.
    pub fn to_code(&self) -> String {
        let mut bytes = Vec::with_capacity(12);
        bytes.extend_from_slice(&self.room.ip().octets());
        bytes.extend_from_slice(&self.room.port().to_be_bytes());
        bytes.extend_from_slice(&self.secret);
        let value = bytes.iter().fold(0u128, |v, b| (v << 8) | u128::from(*b)) << 4;
        let chars: Vec<u8> = (0..CHARS)
            .map(|i| ALPHABET[((value >> (5 * (CHARS - 1 - i))) & 31) as usize])
            .collect();
        chars
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Reads a room code as typed: case, spaces, dashes and look-alike letters forgiven.
    pub fn parse(text: &str) -> Result<RoomCode, WireError> {
        const WHAT: &str = "a meeting-room code";
        let digits: Vec<u8> = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => Some(0),
                'I' | 'L' => Some(1),
                c => ALPHABET
                    .iter()
                    .position(|a| *a as char == c)
                    .map(|p| p as u8),
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or(WireError::Malformed(WHAT))?;
        if digits.len() != CHARS {
            return Err(WireError::Malformed(WHAT));
        }
        let value = digits.iter().fold(0u128, |v, d| (v << 5) | u128::from(*d));
        if value & 0xF != 0 {
            return Err(WireError::Malformed(WHAT));
        }
        let bytes = (value >> 4).to_be_bytes();
        let bytes = &bytes[4..];
        let ip = Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]);
        let port = u16::from_be_bytes([bytes[4], bytes[5]]);
        let mut secret = [0u8; 6];
        secret.copy_from_slice(&bytes[6..12]);
        if port == 0 || ip.is_unspecified() {
            return Err(WireError::Malformed(WHAT));
        }
        Ok(RoomCode {
            room: SocketAddrV4::new(ip, port),
            secret,
        })
    }

    /// The room's relay address, as invitations name relays.
    pub fn relay(&self) -> String {
        format!("https://{}", self.room)
    }
}
