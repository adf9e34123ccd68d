//! `northstar-schema`: the shared vocabulary of Northstar.
//!
//! Everything here is pure: no files, no network, no clocks. The same code compiles for the
//! desktop engine and for `wasm32-unknown-unknown`, so the UI validates exactly as the engine does.
//!
//! Key types:
//! - [`ReviewDocument`]: one child's plan and its review history; the root of one Automerge document.
//! - [`Plan`] with its sections A–K ([`SectionA`] … [`SectionK`]), [`Need`], [`Outcome`], [`Provision`].
//! - [`AnnualReview`] with the person-centred record, [`AdviceRequest`]s and [`Amendment`]s.
//! - [`Contribution`]: the young person's own words and attachments, kept apart and attributed.
//! - [`CaseloadEntry`]: the one-line summary the caseload list shows.
//! - [`calendar::Calendar`]: every statutory date for a plan and its current review.
//! - [`quality::check`]: the plan-quality assistant's plain-words findings.
//! - [`edit::ReviewEdit`]: one change a person makes, applied the same way by UI, engine and tests.
//! - [`merge`]: the same repair on every copy when honest concurrent edits break a rule.
//! - [`thread`]: the golden thread from a need or outcome to what it links to.
//! - [`aspiration_themes`]: the preparing-for-adulthood themes of aspirations, and their classifier.
//! - [`aspirations_report`]: the anonymised aspirations report for commissioning.
//! - [`small_numbers`]: suppression that keeps anonymised counts from pointing to a child.
//! - [`symbols`]: the picture symbols a young person picks, by topic, with their words.
//! - [`own_words`]: placing the young person's contributions in Section A as their own words.
//! - [`Language`]: the languages families' documents and screens can be in.
//! - [`parent_views`]: which notes the parent's or carer's own screen shows, and its edits.
//! - [`sync`]: invitations, grants, envelopes and the permission table for syncing copies.
//! - [`session`]: what the engine and its window exchange (author, saves, history lines).
//! - [`migrate`]: forward migration of older documents; [`sql::MIGRATIONS`]: the store's SQL.
//!
//! With the `automerge` feature (on by default, off in the UI), every model type also implements
//! autosurgeon's `Reconcile` and `Hydrate`. Co-edited prose uses [`CoText`], which maps to an
//! Automerge text object so concurrent typing merges character by character.
//!
//! ```
//! use northstar_schema::{ReviewDocument, CURRENT_SCHEMA_VERSION};
//! let json = r#"{"schema_version": 2, "id": "demo-1",
//!   "young_person": {"given_name": "Ayo", "family_name": "Bello",
//!                    "date_of_birth": "2015-03-02", "year_group": "year-6",
//!                    "setting": {"name": "Hollin Brook Primary", "kind": "mainstream-primary"}}}"#;
//! let doc = ReviewDocument::from_json_str(json).unwrap();
//! assert_eq!(doc.schema_version, CURRENT_SCHEMA_VERSION);
//! assert_eq!(doc.young_person.display_name(), "Ayo Bello");
//! ```

pub mod calendar;
mod caseload;
mod date;
mod error;
pub mod migrate;
#[macro_use]
mod model;
// After `model`: they use the `vocabulary!` macro declared there.
pub mod aspiration_themes;
pub mod aspirations_report;
pub mod casework;
pub mod easy_read;
pub mod edit;
mod language;
pub mod letters;
pub mod merge;
pub mod own_words;
pub mod parent_views;
pub mod quality;
pub mod sen2;
pub mod session;
pub mod small_numbers;
pub mod sql;
pub mod symbols;
pub mod sync;
mod text;
pub mod thread;

#[cfg(feature = "automerge")]
mod am;
#[cfg(feature = "automerge")]
mod am_edit;
#[cfg(feature = "automerge")]
pub use am::{object_to_json, read_document, read_document_strict};
#[cfg(feature = "automerge")]
pub use am_edit::reconcile_edit;
#[cfg(feature = "automerge")]
pub use merge::duplicate_ids;
pub use merge::{repair_notes, MergeRepair};

pub use caseload::{
    settings_of, sort_caseload, ArchiveReason, Archived, CaseloadEntry, CaseloadOrder,
    CaseloadOverview, ReviewStatus,
};
pub use date::Date;
pub use error::SchemaError;
pub use language::Language;
pub use model::*;
pub use text::{xml_escape, CoText};

/// The document format this build writes. Older documents are migrated forward on load;
/// newer ones are refused rather than guessed at.
pub const CURRENT_SCHEMA_VERSION: u32 = 2;
