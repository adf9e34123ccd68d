//! Who holds a synced copy of the review, and in what role.

use crate::Role;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One device that joined the review by invitation. Written by that device when it joins;
/// every other copy checks the grant against the owner's key before trusting the role.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Member {
    /// The device's ed25519 public key, lowercase hex.
    #[cfg_attr(feature = "automerge", key)]
    pub device_key: String,
    /// The name the person gave when joining.
    pub name: String,
    pub role: Role,
    /// The encoded `sync::Grant`, lowercase hex: the owner-signed proof of `role`.
    pub grant: String,
    /// When the owner removed this device from the review (ISO 8601), if it did. The record
    /// stays, so history still names who wrote what while they were a member; only the owner
    /// writes this field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<String>,
}

impl Member {
    /// Whether the device still belongs to the review.
    pub fn current(&self) -> bool {
        self.removed.is_none()
    }
}
