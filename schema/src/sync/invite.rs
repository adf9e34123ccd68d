//! Invitations: how a review is shared with one more person, in one role.
//!
//! An invitation is a capability. Whoever holds it can reach the review's log on the relay,
//! decrypt it, and join in the role it names, so it is handed over in person (QR code in the
//! meeting room) or through a channel the owner trusts. It carries:
//! - the relay address and the review's id;
//! - the review's random 32-byte key, from which the encryption key, the relay log id and the
//!   relay access token are derived;
//! - the owner's public key, the root every member's grant is checked against;
//! - a fresh invitation key pair and the owner's signature admitting it in `role`;
//! - for a meeting room, the review's usual relay, which the newcomer syncs through once the
//!   meeting is over (`relay` is then the meeting-room laptop);
//! - the review's heads when the invitation was made, so the newcomer can tell when the relay
//!   has given it less than the owner had (a stale snapshot, a log cut short);
//! - the newcomer's own relay credential, signed by the owner.
//!
//! ```
//! use northstar_schema::{sync::Invitation, Role};
//! let invitation = Invitation {
//!     relay: "http://192.0.2.10:7878".into(),
//!     doc_id: "rev-1".into(),
//!     doc_key: [1; 32],
//!     owner_key: [2; 32],
//!     role: Role::ParentCarer,
//!     invite_secret: [3; 32],
//!     owner_signature: [4; 64],
//!     base: vec![[5; 32]],
//!     home_relay: Some("https://relay.example.org".into()),
//!     room_cert: Some(vec![6; 300]),
//!     heads: vec![[7; 32]],
//!     relay_credential: Some([8; 64]),
//! };
//! let code = invitation.to_code();
//! assert!(code.starts_with("NS1-"));
//! assert_eq!(Invitation::from_code(&code).unwrap(), invitation);
//! assert!(Invitation::from_code("NS1-not-a-real-code").is_err());
//! ```

use super::bytes::{Reader, Writer};
use super::wire::role_from_wire;
use super::WireError;
use crate::Role;
use data_encoding::BASE64URL_NOPAD;

const CODE_PREFIX: &str = "NS1-";
const INVITATION_MAGIC: &[u8] = b"NSI1";
use super::MAX_BASE_HEADS;
/// A meeting room's certificate is a few hundred bytes.
const MAX_CERT_BYTES: usize = 4096;

/// Everything a device needs to join one review in one role.
#[derive(Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The relay's base URL, e.g. `http://192.0.2.10:7878` in a meeting room.
    pub relay: String,
    pub doc_id: String,
    pub doc_key: [u8; 32],
    pub owner_key: [u8; 32],
    pub role: Role,
    /// The invitation key pair's secret half (an ed25519 seed).
    pub invite_secret: [u8; 32],
    /// The owner's signature over `Grant::invitation_statement` for this invitation's key.
    pub owner_signature: [u8; 64],
    /// The review's Automerge heads when it was first shared. Everything up to them is the
    /// plan as the owner brought it; every later change is checked against its author's role.
    pub base: Vec<[u8; 32]>,
    /// The review's usual relay when `relay` is a meeting room's, for after the meeting.
    pub home_relay: Option<String>,
    /// For a meeting room's relay (`https://`): its certificate (DER), made on the SENCO's
    /// laptop for the day. The newcomer's device trusts that certificate and no other there,
    /// so a stranger on the room's Wi-Fi cannot pose as the relay.
    pub room_cert: Option<Vec<u8>>,
    /// The review's Automerge heads when the invitation was made. Until the newcomer's copy
    /// holds all of them, the relay has not given it everything the owner had then.
    pub heads: Vec<[u8; 32]>,
    /// The owner's signature letting the invitation's key reach the review's relay logs
    /// ([`MemberCredential`](super::MemberCredential)): the newcomer's own credential, which
    /// the owner can revoke. `None` for a review shared before credentials existed.
    pub relay_credential: Option<[u8; 64]>,
}

// Never print the keys, even in debug logs.
impl std::fmt::Debug for Invitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Invitation")
            .field("relay", &self.relay)
            .field("doc_id", &self.doc_id)
            .field("role", &self.role)
            .field("home_relay", &self.home_relay)
            .finish_non_exhaustive()
    }
}

impl Invitation {
    /// The text form: `NS1-` and URL-safe base64, short enough for a QR code.
    pub fn to_code(&self) -> String {
        let mut w = Writer::with_magic(INVITATION_MAGIC);
        w.str(&self.relay)
            .str(&self.doc_id)
            .fixed(&self.doc_key)
            .fixed(&self.owner_key)
            .str(self.role.as_str())
            .fixed(&self.invite_secret)
            .fixed(&self.owner_signature);
        w.u8(self.base.len().min(MAX_BASE_HEADS) as u8);
        for head in self.base.iter().take(MAX_BASE_HEADS) {
            w.fixed(head);
        }
        // Last and optional, so a code without them reads as before. Each written means
        // those before it are written too (empty when absent).
        let credential = self.relay_credential.is_some();
        let heads = !self.heads.is_empty() || credential;
        if self.home_relay.is_some() || self.room_cert.is_some() || heads {
            w.str(self.home_relay.as_deref().unwrap_or(""));
        }
        if self.room_cert.is_some() || heads {
            w.bytes(self.room_cert.as_deref().unwrap_or(&[]));
        }
        if heads {
            w.u8(self.heads.len().min(MAX_BASE_HEADS) as u8);
            for head in self.heads.iter().take(MAX_BASE_HEADS) {
                w.fixed(head);
            }
        }
        if let Some(signature) = &self.relay_credential {
            w.fixed(signature);
        }
        let bytes = w.finish();
        format!("{CODE_PREFIX}{}", BASE64URL_NOPAD.encode(&bytes))
    }

    /// Reads an invitation code, forgiving spaces and line breaks from copying.
    pub fn from_code(code: &str) -> Result<Invitation, WireError> {
        let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let body = compact
            .strip_prefix(CODE_PREFIX)
            .ok_or(WireError::NotNorthstar("an invitation code"))?;
        let bytes = BASE64URL_NOPAD
            .decode(body.as_bytes())
            .map_err(|_| WireError::Malformed("an invitation code"))?;
        let mut r = Reader::new(&bytes, INVITATION_MAGIC, "an invitation code")?;
        let relay = r.str(500)?.to_string();
        let doc_id = r.str(200)?.to_string();
        let doc_key = r.fixed::<32>()?;
        let owner_key = r.fixed::<32>()?;
        let role = role_from_wire(r.str(64)?)?;
        let invite_secret = r.fixed::<32>()?;
        let owner_signature = r.fixed::<64>()?;
        let heads = r.u8()? as usize;
        if heads > MAX_BASE_HEADS {
            return Err(WireError::Malformed("an invitation code"));
        }
        let base = (0..heads)
            .map(|_| r.fixed::<32>())
            .collect::<Result<Vec<_>, _>>()?;
        let home_relay = match r.is_empty() {
            true => None,
            false => Some(r.str(500)?.to_string()).filter(|h| !h.is_empty()),
        };
        let room_cert = match r.is_empty() {
            true => None,
            false => Some(r.bytes(MAX_CERT_BYTES)?.to_vec()).filter(|c| !c.is_empty()),
        };
        let heads = match r.is_empty() {
            true => Vec::new(),
            false => {
                let n = r.u8()? as usize;
                if n > MAX_BASE_HEADS {
                    return Err(WireError::Malformed("an invitation code"));
                }
                (0..n)
                    .map(|_| r.fixed::<32>())
                    .collect::<Result<Vec<_>, _>>()?
            }
        };
        let relay_credential = match r.is_empty() {
            true => None,
            false => Some(r.fixed::<64>()?),
        };
        r.end()?;
        Ok(Invitation {
            relay,
            doc_id,
            doc_key,
            owner_key,
            role,
            invite_secret,
            owner_signature,
            base,
            home_relay,
            room_cert,
            heads,
            relay_credential,
        })
    }
}
