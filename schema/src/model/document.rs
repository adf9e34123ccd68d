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
    /// Every issue of the plan made in Northstar, oldest first, each with the plan as issued.
    pub issues: Vec<PlanIssue>,
}

/// One issue of the plan: its number, date, and the plan exactly as issued (reg 22(3)–(4):
/// an amended plan is a new issue, and every issued version is kept).
///
/// The plan is kept as its JSON text rather than as live fields: an issued plan never
/// changes, and one string costs the document one operation instead of one per character.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct PlanIssue {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    /// 1 for the plan as first held, then 2, 3… for each amended plan.
    pub number: u32,
    pub kind: crate::IssueKind,
    pub issued_on: Option<crate::Date>,
    /// The review whose decision this issue carries out, if any.
    pub review_id: Option<String>,
    /// The amendments this issue made, by id.
    pub amendment_ids: Vec<String>,
    /// The plan as issued, as JSON (see [`PlanIssue::plan`]).
    pub plan_json: String,
}

impl PlanIssue {
    /// The plan as issued. An unreadable snapshot reads as an empty plan rather than failing,
    /// so one damaged issue never hides the others.
    pub fn plan(&self) -> crate::Plan {
        serde_json::from_str(&self.plan_json).unwrap_or_default()
    }
}

impl ReviewDocument {
    /// The hashes of the attachments (drawings, photos, voice notes) this review refers to now.
    pub fn attachment_hashes(&self) -> impl Iterator<Item = &str> {
        self.voice
            .iter()
            .flat_map(|c| c.attachments.iter().map(|a| a.sha256.as_str()))
    }

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

    /// The decision to cease that has taken effect, if any: the plan is then kept read-only.
    pub fn ceased(&self) -> Option<(&AnnualReview, crate::Date)> {
        self.reviews.iter().find_map(|r| {
            r.la_decision
                .as_ref()
                .filter(|d| d.decision == crate::PlanDecision::Cease)
                .and_then(|d| d.ceased_on)
                .map(|on| (r, on))
        })
    }

    /// The number the next issue of the plan will have.
    pub fn next_issue_number(&self) -> u32 {
        self.issues.iter().map(|i| i.number).max().unwrap_or(0) + 1
    }

    pub fn to_json_pretty(&self) -> String {
        // Serialising plain data to a string cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
