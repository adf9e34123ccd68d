//! The byte layouts that travel: sealed envelopes, their signed payloads, membership grants,
//! and the relay's framing of log entries.
//!
//! What the relay sees is only a [`Sealed`] envelope: a magic prefix, a nonce and AEAD
//! ciphertext. Everything that says who wrote what (device key, grant, Automerge changes,
//! signature) is inside the ciphertext, so the relay learns neither names nor roles.
//!
//! ```
//! use northstar_schema::sync::{Payload, PayloadKind};
//! let payload = Payload {
//!     sender: [7; 32], counter: 3, kind: PayloadKind::Changes,
//!     grant: vec![1, 2, 3], covers: 0, changes: b"automerge bytes".to_vec(),
//!     signature: [9; 64],
//! };
//! let bytes = payload.encode();
//! assert_eq!(Payload::decode(&bytes).unwrap(), payload);
//! assert!(Payload::decode(&bytes[..bytes.len() - 1]).is_err());
//! ```

use super::bytes::{Reader, Writer};
use super::{WireError, MAX_CHANGES_BYTES, MAX_GRANT_BYTES};
use crate::Role;

const SEALED_MAGIC: &[u8] = b"NSE1";
const PAYLOAD_MAGIC: &[u8] = b"NSP1";
const GRANT_MAGIC: &[u8] = b"NSG1";
const ENTRIES_MAGIC: &[u8] = b"NSL1";

/// Nonce length of XChaCha20-Poly1305.
pub const NONCE_LEN: usize = 24;
/// Poly1305 tag length: the smallest ciphertext there can be.
pub const TAG_LEN: usize = 16;

/// An encrypted envelope as stored by the relay and written to bundle files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub nonce: [u8; NONCE_LEN],
    pub ciphertext: Vec<u8>,
}

impl Sealed {
    pub fn encode(&self) -> Vec<u8> {
        Writer::with_magic(SEALED_MAGIC)
            .fixed(&self.nonce)
            .fixed(&self.ciphertext)
            .finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Sealed, WireError> {
        let mut r = Reader::new(bytes, SEALED_MAGIC, "an envelope")?;
        let nonce = r.fixed::<NONCE_LEN>()?;
        let ciphertext = r.rest().to_vec();
        if ciphertext.len() < TAG_LEN {
            return Err(WireError::Truncated("an envelope"));
        }
        Ok(Sealed { nonce, ciphertext })
    }

    /// The associated data bound into the AEAD: the log it belongs to, so an envelope copied
    /// into another review's log fails to decrypt instead of being applied there.
    pub fn associated_data(log_id: &str) -> Vec<u8> {
        Writer::with_magic(SEALED_MAGIC).str(log_id).finish()
    }
}

/// What a payload carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadKind {
    /// Automerge changes the sender made (or, from the owner, forwarded).
    Changes = 1,
    /// A whole compacted document, so newcomers need not replay the log.
    Snapshot = 2,
    /// One attachment's bytes (a drawing, photo or voice note), see [`encode_attachment`].
    Attachment = 3,
    /// From the owner, after removing a member: the review's next key, wrapped for each
    /// device that stays, see [`Rekey`]. The last entry anyone reads in the old log.
    Rekey = 4,
}

/// The signed plaintext inside a [`Sealed`] envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    /// The sending device's ed25519 public key.
    pub sender: [u8; 32],
    /// Rises by one with each envelope the device sends for this review; replay detection.
    pub counter: u64,
    pub kind: PayloadKind,
    /// The sender's encoded [`Grant`]: proof of its role in this review.
    pub grant: Vec<u8>,
    /// For a snapshot: the relay sequence number it covers (every entry up to it is inside).
    pub covers: u64,
    /// Concatenated Automerge changes, or a saved document for a snapshot.
    pub changes: Vec<u8>,
    /// ed25519 signature over [`Payload::signed_bytes`].
    pub signature: [u8; 64],
}

impl Payload {
    /// The bytes the sender signs: everything but the signature, bound to the review.
    pub fn signed_bytes(&self, doc_id: &str) -> Vec<u8> {
        let mut w = Writer::with_magic(b"northstar payload v1");
        w.str(doc_id);
        self.write_unsigned(&mut w);
        w.finish()
    }

    fn write_unsigned(&self, w: &mut Writer) {
        w.fixed(&self.sender)
            .u64(self.counter)
            .u8(self.kind as u8)
            .bytes(&self.grant)
            .u64(self.covers)
            .bytes(&self.changes);
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_magic(PAYLOAD_MAGIC);
        self.write_unsigned(&mut w);
        w.fixed(&self.signature);
        w.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Payload, WireError> {
        let mut r = Reader::new(bytes, PAYLOAD_MAGIC, "a message")?;
        let sender = r.fixed::<32>()?;
        let counter = r.u64()?;
        let kind = match r.u8()? {
            1 => PayloadKind::Changes,
            2 => PayloadKind::Snapshot,
            3 => PayloadKind::Attachment,
            4 => PayloadKind::Rekey,
            _ => return Err(WireError::Malformed("a message")),
        };
        let grant = r.bytes(MAX_GRANT_BYTES)?.to_vec();
        let covers = r.u64()?;
        let changes = r.bytes(MAX_CHANGES_BYTES)?.to_vec();
        let signature = r.fixed::<64>()?;
        r.end()?;
        Ok(Payload {
            sender,
            counter,
            kind,
            grant,
            covers,
            changes,
            signature,
        })
    }
}

/// Proof that a device holds a role in one review, chained to the review's owner.
///
/// The owner signs "this invitation key may admit someone as `role`" when inviting; the
/// person accepting signs their own device key with the invitation key. Anyone holding the
/// owner's public key can check both links without asking a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub doc_id: String,
    pub role: Role,
    /// The invitation's public key (the owner's own key for the owner's self-grant).
    pub invite_key: [u8; 32],
    /// The owner's signature over [`Grant::invitation_statement`].
    pub owner_signature: [u8; 64],
    pub device_key: [u8; 32],
    /// The name the person gave when joining, shown to the others.
    pub name: String,
    /// The invitation key's signature over [`Grant::member_statement`].
    pub invite_signature: [u8; 64],
}

impl Grant {
    /// What the owner signs when creating an invitation.
    pub fn invitation_statement(doc_id: &str, role: Role, invite_key: &[u8; 32]) -> Vec<u8> {
        Writer::with_magic(b"northstar invitation v1")
            .str(doc_id)
            .str(role.as_str())
            .fixed(invite_key)
            .finish()
    }

    /// What the invitation key signs when a device accepts it.
    pub fn member_statement(
        doc_id: &str,
        invite_key: &[u8; 32],
        device_key: &[u8; 32],
        name: &str,
    ) -> Vec<u8> {
        Writer::with_magic(b"northstar member v1")
            .str(doc_id)
            .fixed(invite_key)
            .fixed(device_key)
            .str(name)
            .finish()
    }

    pub fn encode(&self) -> Vec<u8> {
        Writer::with_magic(GRANT_MAGIC)
            .str(&self.doc_id)
            .str(self.role.as_str())
            .fixed(&self.invite_key)
            .fixed(&self.owner_signature)
            .fixed(&self.device_key)
            .str(&self.name)
            .fixed(&self.invite_signature)
            .finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Grant, WireError> {
        let mut r = Reader::new(bytes, GRANT_MAGIC, "a membership grant")?;
        let doc_id = r.str(200)?.to_string();
        let role = role_from_wire(r.str(64)?)?;
        let invite_key = r.fixed::<32>()?;
        let owner_signature = r.fixed::<64>()?;
        let device_key = r.fixed::<32>()?;
        let name = r.str(200)?.to_string();
        let invite_signature = r.fixed::<64>()?;
        r.end()?;
        Ok(Grant {
            doc_id,
            role,
            invite_key,
            owner_signature,
            device_key,
            name,
            invite_signature,
        })
    }
}

pub(crate) fn role_from_wire(wire: &str) -> Result<Role, WireError> {
    Role::ALL
        .iter()
        .copied()
        .find(|r| r.as_str() == wire)
        .ok_or(WireError::UnknownRole(wire.chars().take(40).collect()))
}

/// One entry of a relay's per-review log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// Position in the log: 1, 2, 3… with no gaps.
    pub seq: u64,
    /// The sealed envelope, exactly as appended.
    pub bytes: Vec<u8>,
}

/// Frames log entries for a pull response (and decodes them on the client).
pub fn encode_entries(entries: &[LogEntry]) -> Vec<u8> {
    let mut w = Writer::with_magic(ENTRIES_MAGIC);
    w.u64(entries.len() as u64);
    for e in entries {
        w.u64(e.seq).bytes(&e.bytes);
    }
    w.finish()
}

/// Decodes a pull response; `max_entry` bounds each entry (the relay's message limit).
pub fn decode_entries(bytes: &[u8], max_entry: usize) -> Result<Vec<LogEntry>, WireError> {
    let mut r = Reader::new(bytes, ENTRIES_MAGIC, "a relay response")?;
    let count = r.u64()?;
    // Each entry takes at least 12 bytes, so a count larger than that is a lie: refuse it
    // before allocating.
    if count > (bytes.len() as u64) / 12 {
        return Err(WireError::Malformed("a relay response"));
    }
    let mut out = Vec::with_capacity(count as usize);
    let mut last = 0;
    for _ in 0..count {
        let seq = r.u64()?;
        if seq <= last {
            return Err(WireError::Malformed("a relay response"));
        }
        last = seq;
        out.push(LogEntry {
            seq,
            bytes: r.bytes(max_entry)?.to_vec(),
        });
    }
    r.end()?;
    Ok(out)
}

const CHANGES_MAGIC: &[u8] = b"NSC1";

/// Frames individual Automerge change chunks for a [`PayloadKind::Changes`] payload, so a
/// receiver can check each change's dependencies and author before applying any.
pub fn encode_change_list<'a>(changes: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut w = Writer::with_magic(CHANGES_MAGIC);
    for change in changes {
        w.bytes(change);
    }
    w.finish()
}

/// Splits a framed change list back into its chunks.
pub fn decode_change_list(bytes: &[u8]) -> Result<Vec<&[u8]>, WireError> {
    let mut r = Reader::new(bytes, CHANGES_MAGIC, "a list of changes")?;
    let mut out = Vec::new();
    while !r.is_empty() {
        out.push(r.bytes(MAX_CHANGES_BYTES)?);
    }
    Ok(out)
}

const ATTACHMENT_MAGIC: &[u8] = b"NSA1";

/// The body of a [`PayloadKind::Attachment`] payload: the media type and the bytes. The
/// bytes name themselves (the review refers to them by SHA-256), so nothing else is needed.
pub fn encode_attachment(media_type: &str, bytes: &[u8]) -> Vec<u8> {
    let mut w = Writer::with_magic(ATTACHMENT_MAGIC);
    w.str(media_type).bytes(bytes);
    w.finish()
}

/// Reads an attachment body back: (media type, bytes).
pub fn decode_attachment(body: &[u8]) -> Result<(&str, &[u8]), WireError> {
    let mut r = Reader::new(body, ATTACHMENT_MAGIC, "an attachment")?;
    let media_type = r.str(200)?;
    let bytes = r.bytes(MAX_CHANGES_BYTES)?;
    r.end()?;
    Ok((media_type, bytes))
}

const BUNDLE_MAGIC: &[u8] = b"NSB1";

/// A review's envelopes in a file, for a USB stick or secure email. As opaque as the relay's
/// log: only the log id is readable, and importing checks every envelope as sync does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub log_id: String,
    pub envelopes: Vec<Vec<u8>>,
}

impl Bundle {
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_magic(BUNDLE_MAGIC);
        w.str(&self.log_id);
        for e in &self.envelopes {
            w.bytes(e);
        }
        w.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Bundle, WireError> {
        let mut r = Reader::new(bytes, BUNDLE_MAGIC, "a review bundle")?;
        let log_id = r.str(64)?.to_string();
        let mut envelopes = Vec::new();
        while !r.is_empty() {
            envelopes.push(r.bytes(super::MAX_ENVELOPE_BYTES)?.to_vec());
        }
        Ok(Bundle { log_id, envelopes })
    }
}

const REKEY_MAGIC: &[u8] = b"NSK1";
/// A review has at most a few dozen devices; more than this means a damaged message.
pub const MAX_REKEY_MEMBERS: usize = 512;

/// The body of a [`PayloadKind::Rekey`] payload: which key generation comes next, and that key
/// sealed once for each device that stays in the review. A removed device finds no entry for
/// itself, and so can read nothing written under the new key.
///
/// When the owner erased the review's history, `replaced` says so: the new log starts a new
/// document, and every member's device takes the owner's copy in place of its own.
///
/// ```
/// use northstar_schema::sync::{Rekey, Replacement, WrappedKey};
/// let key = WrappedKey { device_key: [1; 32], nonce: [2; 24], sealed: [3; 48] };
/// let rekey = Rekey { epoch: 2, keys: vec![key.clone()], replaced: None };
/// assert_eq!(Rekey::decode(&rekey.encode()).unwrap(), rekey);
/// let erased = Rekey { epoch: 3, keys: vec![key], replaced: Some(Replacement { base: vec![[9; 32]] }) };
/// assert_eq!(Rekey::decode(&erased.encode()).unwrap(), erased);
/// assert!(Rekey::decode(b"NSK1").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rekey {
    /// The new key's generation: the review was shared at 0, and each removal adds one.
    pub epoch: u64,
    pub keys: Vec<WrappedKey>,
    /// Set when the history was erased: the new key comes with a new document.
    pub replaced: Option<Replacement>,
}

/// What a member needs to take the owner's re-made document: its heads, the new shared
/// starting point (which every copy's checks vouch for, as for a newly shared review).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub base: Vec<[u8; 32]>,
}

/// The new review key sealed for one device (XChaCha20-Poly1305: 32 bytes and a 16-byte tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey {
    pub device_key: [u8; 32],
    pub nonce: [u8; 24],
    pub sealed: [u8; 48],
}

impl Rekey {
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_magic(REKEY_MAGIC);
        w.u64(self.epoch).u64(self.keys.len() as u64);
        for k in &self.keys {
            w.fixed(&k.device_key).fixed(&k.nonce).fixed(&k.sealed);
        }
        // Last and optional, so a new key from before history erasure reads as before.
        if let Some(replaced) = &self.replaced {
            w.u8(replaced.base.len().min(super::MAX_BASE_HEADS) as u8);
            for head in replaced.base.iter().take(super::MAX_BASE_HEADS) {
                w.fixed(head);
            }
        }
        w.finish()
    }

    pub fn decode(bytes: &[u8]) -> Result<Rekey, WireError> {
        let mut r = Reader::new(bytes, REKEY_MAGIC, "a new review key")?;
        let epoch = r.u64()?;
        let count = r.u64()?;
        if count > MAX_REKEY_MEMBERS as u64 {
            return Err(WireError::Malformed("a new review key"));
        }
        let mut keys = Vec::with_capacity(count as usize);
        for _ in 0..count {
            keys.push(WrappedKey {
                device_key: r.fixed()?,
                nonce: r.fixed()?,
                sealed: r.fixed()?,
            });
        }
        let replaced = match r.is_empty() {
            true => None,
            false => {
                let n = r.u8()? as usize;
                if n > super::MAX_BASE_HEADS {
                    return Err(WireError::Malformed("a new review key"));
                }
                let base = (0..n)
                    .map(|_| r.fixed::<32>())
                    .collect::<Result<Vec<_>, _>>()?;
                Some(Replacement { base })
            }
        };
        r.end()?;
        Ok(Rekey {
            epoch,
            keys,
            replaced,
        })
    }

    /// The key sealed for `device`, if it stays in the review.
    pub fn for_device(&self, device: &[u8; 32]) -> Option<&WrappedKey> {
        self.keys.iter().find(|k| &k.device_key == device)
    }
}
