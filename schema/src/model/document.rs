//! The root of one Automerge document: one child's plan and its review history.

use crate::{
    AnnualReview, Contribution, Member, Participant, Plan, SchemaError, YoungPerson,
    CURRENT_SCHEMA_VERSION,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One child's plan, its review history and the young person's own contributions.
///
/// This is the unit of storage and of sync: one Automerge document each.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct ReviewDocument {
    /// The format version; see [`crate::migrate`].
    pub schema_version: u32,
    /// Stable id, shared by every participant's copy.
    pub id: String,
    pub young_person: YoungPerson,
    pub participants: Vec<Participant>,
    pub plan: Plan,
    /// Annual reviews, oldest first.
    pub reviews: Vec<AnnualReview>,
    /// The young person's own words, drawings and recordings.
    pub voice: Vec<Contribution>,
    /// The devices holding a synced copy, each with its role (empty until the review is shared).
    pub members: Vec<Member>,
}

impl ReviewDocument {
    /// A new, empty document with the current schema version.
    pub fn new(id: impl Into<String>, young_person: YoungPerson) -> Self {
        ReviewDocument {
            schema_version: CURRENT_SCHEMA_VERSION,
            id: id.into(),
            young_person,
            ..Default::default()
        }
    }

    /// Parses the published JSON form, migrating older versions forward.
    pub fn from_json_str(json: &str) -> Result<Self, SchemaError> {
        let value: serde_json::Value = serde_json::from_str(json)?;
        Self::from_json_value(value)
    }

    /// As [`ReviewDocument::from_json_str`], from an already-parsed value.
    pub fn from_json_value(mut value: serde_json::Value) -> Result<Self, SchemaError> {
        crate::migrate::migrate_json(&mut value)?;
        let doc: ReviewDocument = serde_json::from_value(value)?;
        doc.validate()?;
        Ok(doc)
    }

    /// Checks what serde cannot: ids present and unique, so links and merges stay sound.
    pub fn validate(&self) -> Result<(), SchemaError> {
        if self.id.trim().is_empty() {
            return Err(SchemaError::Invalid("the document id is empty".into()));
        }
        if self.young_person.given_name.trim().is_empty()
            && self.young_person.family_name.trim().is_empty()
        {
            return Err(SchemaError::Invalid("the young person has no name".into()));
        }
        let mut seen = std::collections::HashSet::new();
        let ids = self
            .participants
            .iter()
            .map(|p| ("participant", p.id.as_str()))
            .chain(self.plan.needs().map(|(_, n)| ("need", n.id.as_str())))
            .chain(
                self.plan
                    .section_e
                    .outcomes
                    .iter()
                    .map(|o| ("outcome", o.id.as_str())),
            )
            .chain(
                self.plan
                    .provisions()
                    .map(|p| ("provision", p.provision.id.as_str())),
            )
            .chain(
                self.plan
                    .section_a
                    .aspirations
                    .iter()
                    .map(|a| ("aspiration", a.id.as_str())),
            )
            .chain(self.reviews.iter().map(|r| ("review", r.id.as_str())))
            .chain(self.voice.iter().map(|c| ("contribution", c.id.as_str())));
        for (what, id) in ids {
            if id.trim().is_empty() {
                return Err(SchemaError::Invalid(format!("a {what} has an empty id")));
            }
            if !seen.insert((what, id)) {
                return Err(SchemaError::Invalid(format!(
                    "two {what}s share the id {id:?}"
                )));
            }
        }
        Ok(())
    }

    /// The review in progress or most recent: the last one in the list.
    pub fn current_review(&self) -> Option<&AnnualReview> {
        self.reviews.last()
    }

    pub fn to_json_pretty(&self) -> String {
        // Serialising plain data to a string cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
