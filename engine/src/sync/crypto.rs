//! Sealing and opening envelopes, and making and checking membership grants.
//!
//! One random 32-byte key per review is the only secret shared between participants. HKDF
//! (SHA-256) derives three independent values from it, so the relay, which sees two of them,
//! learns nothing about the third:
//! - the **log id** the relay files the review's envelopes under (not the review's own id);
//! - the **access token** the relay checks (it stores only the token's hash), for a review
//!   shared before per-member credentials; since then each device brings its own credential,
//!   the owner's signature for it ([`credential_for`]), and the log id is bound to the owner's
//!   key ([`DocKeys::per_member`]);
//! - the **envelope key** for XChaCha20-Poly1305, which never leaves the devices.

use super::device::{random_bytes, verify, DeviceKey};
use super::SyncError;
use crate::Result;
use chacha20poly1305::aead::{Aead, KeyInit, Payload as AeadPayload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use northstar_schema::sync::{series_of, LogOwner, MemberCredential};
use northstar_schema::sync::{Grant, Invitation, Payload, Sealed, WrappedKey};
use northstar_schema::Role;
use sha2::Sha256;

/// A relay log id, its access token and a cipher, from one secret: the relay sees the first
/// two and learns nothing about the third. `salt` and `key_label` keep each use apart.
fn derive_log_keys(
    salt: &[u8],
    secret: &[u8],
    key_label: &[u8],
) -> (String, String, XChaCha20Poly1305) {
    let hk = Hkdf::<Sha256>::new(Some(salt), secret);
    let mut log_id = [0u8; 16];
    let mut token = [0u8; 32];
    let mut enc = [0u8; 32];
    // Output lengths far below HKDF's limit cannot fail.
    let _ = hk.expand(b"relay log id", &mut log_id);
    let _ = hk.expand(b"relay access token", &mut token);
    let _ = hk.expand(key_label, &mut enc);
    (
        hex::encode(log_id),
        hex::encode(token),
        XChaCha20Poly1305::new(&enc.into()),
    )
}

/// What one review's key derives to.
pub struct DocKeys {
    pub log_id: String,
    /// What opens the log at the relay: this device's own credential, or (for a review shared
    /// before credentials existed) the token every member derives.
    pub token: String,
    /// For a per-member log: what its owner's device tells the relay to create it.
    pub owner: Option<LogOwner>,
    cipher: XChaCha20Poly1305,
}

impl DocKeys {
    /// The keys of a review shared before per-member credentials: one token for everyone.
    pub fn derive(doc_key: &[u8; 32]) -> DocKeys {
        let (log_id, token, cipher) =
            derive_log_keys(b"northstar sync v1", doc_key, b"envelope key");
        DocKeys {
            log_id,
            token,
            owner: None,
            cipher,
        }
    }

    /// The keys of review `doc_id` owned by `owner_key`, reached with `credential`: the log id
    /// is bound to the owner's key, so only the owner's device can create the log.
    pub fn per_member(
        doc_key: &[u8; 32],
        owner_key: &[u8; 32],
        doc_id: &str,
        credential: &str,
    ) -> DocKeys {
        let (_, _, cipher) = derive_log_keys(b"northstar sync v1", doc_key, b"envelope key");
        let mut seed = [0u8; 32];
        let _ = Hkdf::<Sha256>::new(Some(b"northstar sync v1"), doc_key)
            .expand(b"relay log seed", &mut seed);
        let owner = LogOwner {
            owner_key: *owner_key,
            series: series_of(owner_key, doc_id),
            seed,
        };
        DocKeys {
            log_id: owner.log_id(),
            token: credential.to_string(),
            owner: Some(owner),
            cipher,
        }
    }

    /// The keys a device joining by `invitation` uses: its own credential when the invitation
    /// carries one.
    pub fn of_invitation(invitation: &Invitation) -> DocKeys {
        match invitation.relay_credential {
            None => DocKeys::derive(&invitation.doc_key),
            Some(signature) => {
                let credential = MemberCredential {
                    subject: DeviceKey::from_seed(invitation.invite_secret).public(),
                    signature,
                };
                DocKeys::per_member(
                    &invitation.doc_key,
                    &invitation.owner_key,
                    &invitation.doc_id,
                    &credential.to_token(),
                )
            }
        }
    }

    /// Signs nothing: encrypts an already-signed payload for this review's log.
    pub fn seal(&self, payload: &Payload) -> Result<Vec<u8>> {
        let nonce: [u8; 24] = random_bytes()?;
        let aad = Sealed::associated_data(&self.log_id);
        let ciphertext = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                AeadPayload {
                    msg: &payload.encode(),
                    aad: &aad,
                },
            )
            .map_err(|_| SyncError::Tampered)?;
        Ok(Sealed { nonce, ciphertext }.encode())
    }

    /// Decrypts and decodes an envelope. Fails if a single bit was changed anywhere, or if it
    /// belongs to another review.
    pub fn open(&self, bytes: &[u8]) -> std::result::Result<Payload, SyncError> {
        let sealed = Sealed::decode(bytes)?;
        let aad = Sealed::associated_data(&self.log_id);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(&sealed.nonce),
                AeadPayload {
                    msg: &sealed.ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| SyncError::Tampered)?;
        Ok(Payload::decode(&plain)?)
    }
}

/// What a meeting-room code's secret derives to: the one-time message on the room's relay
/// the invitation is left as, the token for it, and the key it is sealed with.
pub struct RoomCodeKeys {
    pub log_id: String,
    pub token: String,
    cipher: XChaCha20Poly1305,
}

/// Argon2id cost for a room code: 64 MiB and three passes, about a second on a laptop.
/// Someone who overhears the code's id on the room's Wi-Fi would have to pay this for each of
/// the 2^48 secrets it could be: far beyond a code that lives two hours, or the review's life.
const ROOM_CODE_KIB: u32 = 64 * 1024;
const ROOM_CODE_PASSES: u32 = 3;

impl RoomCodeKeys {
    pub fn derive(code: &northstar_schema::sync::RoomCode) -> Result<RoomCodeKeys> {
        // The room's address is the salt, so no table of guesses serves two rooms.
        let mut salt = b"northstar room code v2 ".to_vec();
        salt.extend_from_slice(&code.room.ip().octets());
        salt.extend_from_slice(&code.room.port().to_be_bytes());
        let params = argon2::Params::new(ROOM_CODE_KIB, ROOM_CODE_PASSES, 1, Some(32))
            .map_err(|_| SyncError::Tampered)?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut stretched = [0u8; 32];
        argon
            .hash_password_into(&code.secret, &salt, &mut stretched)
            .map_err(|_| SyncError::Tampered)?;
        let (log_id, token, cipher) =
            derive_log_keys(b"northstar room code v2", &stretched, b"invitation key");
        Ok(RoomCodeKeys {
            log_id,
            token,
            cipher,
        })
    }

    pub fn seal(&self, plain: &[u8]) -> Result<Vec<u8>> {
        let nonce: [u8; 24] = random_bytes()?;
        let mut out = nonce.to_vec();
        let ciphertext = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), plain)
            .map_err(|_| SyncError::Tampered)?;
        out.extend_from_slice(&ciphertext);
        Ok(out)
    }

    pub fn open(&self, sealed: &[u8]) -> std::result::Result<Vec<u8>, SyncError> {
        if sealed.len() < 24 {
            return Err(SyncError::Tampered);
        }
        let (nonce, ciphertext) = sealed.split_at(24);
        self.cipher
            .decrypt(XNonce::from_slice(nonce), ciphertext)
            .map_err(|_| SyncError::Tampered)
    }
}

/// Signs a payload in place with the sending device's key.
pub fn sign_payload(device: &DeviceKey, doc_id: &str, payload: &mut Payload) {
    payload.sender = device.public();
    payload.signature = device.sign(&payload.signed_bytes(doc_id));
}

pub fn payload_signature_ok(doc_id: &str, payload: &Payload) -> bool {
    verify(
        &payload.sender,
        &payload.signed_bytes(doc_id),
        &payload.signature,
    )
}

/// A new invitation to `doc_id` in `role`, signed by the owner's device.
pub fn invite(
    owner: &DeviceKey,
    relay: &str,
    doc_id: &str,
    doc_key: [u8; 32],
    base: Vec<[u8; 32]>,
    role: Role,
) -> Result<Invitation> {
    let invite_secret: [u8; 32] = random_bytes()?;
    let invite_key = DeviceKey::from_seed(invite_secret).public();
    Ok(Invitation {
        relay: relay.to_string(),
        doc_id: doc_id.to_string(),
        doc_key,
        owner_key: owner.public(),
        role,
        invite_secret,
        owner_signature: owner.sign(&Grant::invitation_statement(doc_id, role, &invite_key)),
        base,
        home_relay: None,
        room_cert: None,
        heads: Vec::new(),
        relay_credential: None,
    })
}

/// The owner device's second token for the relay log `log_id`: only it can make it (an
/// ed25519 signature is deterministic, so the same device always makes the same one), and the
/// relay lets appends carrying it use a reserve past a full log's quota.
pub fn owner_token(owner: &DeviceKey, log_id: &str) -> String {
    let signature = owner.sign(format!("northstar relay owner token\0{log_id}").as_bytes());
    hex::encode(<sha2::Sha256 as sha2::Digest>::digest(signature))
}

/// The owner's credential for `subject` (an invitation's key, or its own device key) to reach
/// review `doc_id`'s relay logs, in every key generation.
pub fn credential_for(owner: &DeviceKey, doc_id: &str, subject: &[u8; 32]) -> MemberCredential {
    let series = series_of(&owner.public(), doc_id);
    MemberCredential {
        subject: *subject,
        signature: owner.sign(&MemberCredential::statement(&series, subject)),
    }
}

/// Whether `credential` was issued by the owner `owner_key` for the review `series`: the check
/// a relay makes on every request to a per-member log.
pub fn credential_signed_by(
    owner_key: &[u8; 32],
    series: &[u8; 32],
    credential: &MemberCredential,
) -> bool {
    verify(
        owner_key,
        &MemberCredential::statement(series, &credential.subject),
        &credential.signature,
    )
}

/// The grant a device makes for itself by accepting `invitation` under `name`.
pub fn accept(invitation: &Invitation, device: &DeviceKey, name: &str) -> Grant {
    let invite = DeviceKey::from_seed(invitation.invite_secret);
    let invite_key = invite.public();
    let device_key = device.public();
    Grant {
        doc_id: invitation.doc_id.clone(),
        role: invitation.role,
        invite_key,
        owner_signature: invitation.owner_signature,
        device_key,
        name: name.to_string(),
        invite_signature: invite.sign(&Grant::member_statement(
            &invitation.doc_id,
            &invite_key,
            &device_key,
            name,
        )),
    }
}

/// The owner's grant to itself: its own key stands in for an invitation key.
pub fn owner_grant(owner: &DeviceKey, doc_id: &str, role: Role, name: &str) -> Grant {
    let key = owner.public();
    Grant {
        doc_id: doc_id.to_string(),
        role,
        invite_key: key,
        owner_signature: owner.sign(&Grant::invitation_statement(doc_id, role, &key)),
        device_key: key,
        name: name.to_string(),
        invite_signature: owner.sign(&Grant::member_statement(doc_id, &key, &key, name)),
    }
}

/// Checks both links of a grant back to the owner's key.
pub fn check_grant(
    grant: &Grant,
    owner_key: &[u8; 32],
    doc_id: &str,
) -> std::result::Result<(), SyncError> {
    let invited = verify(
        owner_key,
        &Grant::invitation_statement(doc_id, grant.role, &grant.invite_key),
        &grant.owner_signature,
    );
    let accepted = verify(
        &grant.invite_key,
        &Grant::member_statement(doc_id, &grant.invite_key, &grant.device_key, &grant.name),
        &grant.invite_signature,
    );
    if grant.doc_id == doc_id && invited && accepted {
        Ok(())
    } else {
        Err(SyncError::NotAMember)
    }
}

/// The cipher that carries a new review key from `owner` to one `member` for key generation
/// `epoch`: keyed by their shared secret and bound to the review, the generation and the
/// member, so a wrapped key cannot be replayed for another of them.
fn wrapping(
    shared: &[u8; 32],
    doc_id: &str,
    epoch: u64,
    member: &[u8; 32],
) -> (XChaCha20Poly1305, Vec<u8>) {
    let hk = Hkdf::<Sha256>::new(Some(b"northstar rekey v1"), shared);
    let mut key = [0u8; 32];
    let _ = hk.expand(b"review key wrapping", &mut key);
    let mut aad = Vec::with_capacity(doc_id.len() + 40);
    aad.extend_from_slice(doc_id.as_bytes());
    aad.extend_from_slice(&epoch.to_be_bytes());
    aad.extend_from_slice(member);
    (XChaCha20Poly1305::new(&key.into()), aad)
}

/// Seals `new_key` for `member`, from the owner's device.
pub fn wrap_key(
    owner: &DeviceKey,
    member: &[u8; 32],
    doc_id: &str,
    epoch: u64,
    new_key: &[u8; 32],
) -> Result<WrappedKey> {
    let shared = owner.agree(member).ok_or(SyncError::NotAMember)?;
    let (cipher, aad) = wrapping(&shared, doc_id, epoch, member);
    let nonce: [u8; 24] = random_bytes()?;
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            AeadPayload {
                msg: new_key,
                aad: &aad,
            },
        )
        .map_err(|_| SyncError::Tampered)?;
    Ok(WrappedKey {
        device_key: *member,
        nonce,
        sealed: sealed.try_into().map_err(|_| SyncError::Tampered)?,
    })
}

/// Opens the new review key the owner sealed for this device.
pub fn unwrap_key(
    device: &DeviceKey,
    owner_key: &[u8; 32],
    doc_id: &str,
    epoch: u64,
    wrapped: &WrappedKey,
) -> std::result::Result<[u8; 32], SyncError> {
    let shared = device.agree(owner_key).ok_or(SyncError::Tampered)?;
    let (cipher, aad) = wrapping(&shared, doc_id, epoch, &device.public());
    let plain = cipher
        .decrypt(
            XNonce::from_slice(&wrapped.nonce),
            AeadPayload {
                msg: &wrapped.sealed,
                aad: &aad,
            },
        )
        .map_err(|_| SyncError::Tampered)?;
    plain.try_into().map_err(|_| SyncError::Tampered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_member_named_opens_a_wrapped_key() {
        let owner = DeviceKey::from_seed([1; 32]);
        let member = DeviceKey::from_seed([2; 32]);
        let removed = DeviceKey::from_seed([3; 32]);
        let wrapped = wrap_key(&owner, &member.public(), "rev-1", 1, &[9; 32]).unwrap();
        let opened = unwrap_key(&member, &owner.public(), "rev-1", 1, &wrapped);
        assert_eq!(opened.unwrap(), [9; 32]);
        // Another device, another generation or another review cannot open it.
        assert!(unwrap_key(&removed, &owner.public(), "rev-1", 1, &wrapped).is_err());
        assert!(unwrap_key(&member, &owner.public(), "rev-1", 2, &wrapped).is_err());
        assert!(unwrap_key(&member, &owner.public(), "rev-2", 1, &wrapped).is_err());
        // Nor can a key sealed by someone other than the owner pass as the owner's.
        let forged = wrap_key(&removed, &member.public(), "rev-1", 1, &[9; 32]).unwrap();
        assert!(unwrap_key(&member, &owner.public(), "rev-1", 1, &forged).is_err());
    }
}
