//! Turning bytes into review documents: JSON, Automerge, and telling them apart.

use crate::sync::limits::Limit;
use crate::{EngineError, Result};
use automerge::AutoCommit;
use northstar_schema::{migrate, ReviewDocument};

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "outcome", content = "id", rename_all = "kebab-case")]
pub enum ImportOutcome {
    Created(String),
    Merged(String),
}

impl ImportOutcome {
    pub fn id(&self) -> &str {
        match self {
            ImportOutcome::Created(id) | ImportOutcome::Merged(id) => id,
        }
    }
}

pub(super) enum Format {
    Json,
    Automerge,
}

/// Automerge files start with these four bytes.
const AUTOMERGE_MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];

pub(super) fn sniff(bytes: &[u8]) -> Result<Format> {
    if bytes.starts_with(&AUTOMERGE_MAGIC) {
        return Ok(Format::Automerge);
    }
    let text_start = bytes.iter().find(|b| !b.is_ascii_whitespace());
    match text_start {
        Some(b'{') => Ok(Format::Json),
        _ => Err(EngineError::UnrecognisedFile),
    }
}

/// Parses review JSON, migrating it forward; gives it a fresh id if it has none.
pub(super) fn model_from_json(bytes: &[u8]) -> Result<ReviewDocument> {
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(northstar_schema::SchemaError::from)?;
    if let Some(obj) = value.as_object_mut() {
        let missing = obj
            .get("id")
            .and_then(|v| v.as_str())
            .is_none_or(|s| s.trim().is_empty());
        if missing {
            obj.insert("id".into(), uuid::Uuid::new_v4().to_string().into());
        }
    }
    Ok(ReviewDocument::from_json_value(value)?)
}

/// A new Automerge document holding `model`, as its first change.
pub(super) fn new_automerge(model: &ReviewDocument) -> Result<AutoCommit> {
    let mut doc = AutoCommit::new();
    autosurgeon::reconcile(&mut doc, model)?;
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message("Created the review".to_string())
            .with_time(chrono::Utc::now().timestamp()),
    );
    Ok(doc)
}

/// Loads an Automerge file, migrates it forward and checks it is a sound review.
pub(super) fn from_automerge(bytes: &[u8]) -> Result<(AutoCommit, ReviewDocument)> {
    // Bounded before Automerge unpacks it: a few bytes may claim gigabytes.
    crate::sync::limits::check_document(bytes).map_err(|why| match why {
        Limit::Damaged => EngineError::Refused(
            "this Automerge file is damaged or incomplete (its parts do not add up); nothing was imported".into(),
        ),
        Limit::Exceeded(why) => EngineError::Refused(format!(
            "This file was not imported: {why}. Nothing was changed."
        )),
    })?;
    let mut doc =
        AutoCommit::load(bytes).map_err(|e| EngineError::DamagedAutomerge(Box::new(e)))?;
    doc.set_actor(automerge::ActorId::random());
    let from = migrate::migrate_automerge(&mut doc)?;
    if from < northstar_schema::CURRENT_SCHEMA_VERSION {
        doc.commit_with(
            automerge::transaction::CommitOptions::default()
                .with_message(format!("Migrated from format {from}"))
                .with_time(chrono::Utc::now().timestamp()),
        );
    }
    let model: ReviewDocument = northstar_schema::read_document(&doc)?;
    model.validate()?;
    Ok((doc, model))
}
