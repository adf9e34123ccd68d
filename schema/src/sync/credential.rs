//! Per-member relay credentials: each device reaches a review's log with its own credential,
//! which the owner's device issued and the relay can check without being told of it first.
//!
//! A credential is the owner's ed25519 signature over [`MemberCredential::statement`]: the
//! review's *series* (one value per review, the same across its key generations) and the
//! *subject* key it was issued to (an invitation's key; the owner's own device key for the
//! owner). The relay learns the owner's public key and the series when the owner's device
//! creates the log ([`LogOwner`], sent in [`LOG_OWNER_HEADER`]), and from then on:
//! - a request must carry a credential whose signature checks against that owner key: the
//!   key derived from the review key, which every member knows, no longer opens the log;
//! - a subject the owner has revoked is refused (a removed member's device);
//! - only the owner's device can create the log, because the log id is bound to the owner's
//!   key ([`LogOwner::log_id`]), so a member cannot claim a log before its owner does.
//!
//! A credential names no log, so it still works after the owner moves the review to a new key
//! (and log); a removed member never learns the new log's id.
//!
//! ```
//! use northstar_schema::sync::{LogOwner, MemberCredential};
//! let credential = MemberCredential { subject: [1; 32], signature: [2; 64] };
//! let token = credential.to_token();
//! assert_eq!(MemberCredential::parse(&token), Some(credential));
//! assert_eq!(MemberCredential::parse("00112233445566778899aabbccddeeff"), None);
//!
//! let owner = LogOwner { owner_key: [3; 32], series: [4; 32], seed: [5; 32] };
//! assert_eq!(LogOwner::parse(&owner.to_header()), Some(owner.clone()));
//! // The log id depends on the owner's key: another key gives another log.
//! let other = LogOwner { owner_key: [6; 32], ..owner.clone() };
//! assert_ne!(owner.log_id(), other.log_id());
//! assert!(northstar_schema::sync::api::is_log_id(&owner.log_id()));
//! ```

use sha2::{Digest, Sha256};

/// Header on the owner's appends to a log with per-member credentials: the [`LogOwner`] that
/// lets the relay create it. Ignored once the log exists.
pub const LOG_OWNER_HEADER: &str = "x-northstar-log-owner";

/// A relay credential: the subject key and the owner's signature for it.
#[derive(Clone, PartialEq, Eq)]
pub struct MemberCredential {
    pub subject: [u8; 32],
    pub signature: [u8; 64],
}

// The signature is what opens the log: never print it.
impl std::fmt::Debug for MemberCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemberCredential")
            .field("subject", &hex(&self.subject))
            .finish_non_exhaustive()
    }
}

impl MemberCredential {
    /// What the owner signs to let `subject` reach the logs of the review `series`.
    pub fn statement(series: &[u8; 32], subject: &[u8; 32]) -> Vec<u8> {
        let mut s = b"northstar relay credential v1\0".to_vec();
        s.extend_from_slice(series);
        s.extend_from_slice(subject);
        s
    }

    /// The form it travels in, after `Bearer `: the subject and signature in hex, with a dot
    /// between (a shared token is hex alone, so the two cannot be confused).
    pub fn to_token(&self) -> String {
        format!("{}.{}", hex(&self.subject), hex(&self.signature))
    }

    /// Reads [`MemberCredential::to_token`]'s form; `None` for anything else.
    pub fn parse(token: &str) -> Option<MemberCredential> {
        let (subject, signature) = token.trim().split_once('.')?;
        Some(MemberCredential {
            subject: unhex(subject)?,
            signature: unhex(signature)?,
        })
    }
}

/// What the owner's device tells the relay when it creates a log with per-member credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogOwner {
    /// The owner's device key, which every credential for the log must be signed by.
    pub owner_key: [u8; 32],
    /// The review's series ([`series_of`]).
    pub series: [u8; 32],
    /// A value derived from the review key (not the key itself, nor anything that decrypts):
    /// with `owner_key`, it makes the log id, so the relay can check the creator is the owner.
    pub seed: [u8; 32],
}

impl LogOwner {
    /// The log id for this owner and seed: 32 hex digits of SHA-256.
    pub fn log_id(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"northstar relay log v2\0");
        h.update(self.seed);
        h.update(self.owner_key);
        hex(&h.finalize()[..16])
    }

    /// The header form: three hex values joined by dots.
    pub fn to_header(&self) -> String {
        format!(
            "{}.{}.{}",
            hex(&self.owner_key),
            hex(&self.series),
            hex(&self.seed)
        )
    }

    /// Reads [`LogOwner::to_header`]'s form; `None` for anything else.
    pub fn parse(value: &str) -> Option<LogOwner> {
        let mut parts = value.trim().split('.');
        let owner = LogOwner {
            owner_key: unhex(parts.next()?)?,
            series: unhex(parts.next()?)?,
            seed: unhex(parts.next()?)?,
        };
        parts.next().is_none().then_some(owner)
    }
}

/// A review's series: the same for every key generation of one review, different for every
/// review (even of one owner), and saying nothing of the review's id.
pub fn series_of(owner_key: &[u8; 32], doc_id: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"northstar relay series v1\0");
    h.update(owner_key);
    h.update(doc_id.as_bytes());
    h.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N {
        return None;
    }
    data_encoding::HEXLOWER_PERMISSIVE
        .decode(text.as_bytes())
        .ok()?
        .try_into()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_forms_read_as_nothing() {
        let good = MemberCredential {
            subject: [7; 32],
            signature: [8; 64],
        }
        .to_token();
        assert!(MemberCredential::parse(&good[..good.len() - 2]).is_none());
        assert!(MemberCredential::parse(&good.replace('.', "")).is_none());
        assert!(MemberCredential::parse(&format!("{good}.00")).is_none());
        assert!(MemberCredential::parse("zz.zz").is_none());
        let owner = LogOwner {
            owner_key: [1; 32],
            series: [2; 32],
            seed: [3; 32],
        }
        .to_header();
        assert!(LogOwner::parse(&format!("{owner}.{}", "00".repeat(32))).is_none());
        assert!(LogOwner::parse(&owner[..owner.len() - 1]).is_none());
    }

    #[test]
    fn series_differ_by_review_and_by_owner() {
        assert_ne!(series_of(&[1; 32], "rev-1"), series_of(&[1; 32], "rev-2"));
        assert_ne!(series_of(&[1; 32], "rev-1"), series_of(&[2; 32], "rev-1"));
        assert_ne!(
            MemberCredential::statement(&[1; 32], &[2; 32]),
            MemberCredential::statement(&[2; 32], &[1; 32])
        );
    }
}
