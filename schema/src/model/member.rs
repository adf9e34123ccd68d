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
}
