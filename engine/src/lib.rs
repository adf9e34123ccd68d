//! The Northstar engine: everything with I/O except the window.
//!
//! The rules and vocabulary live in `northstar-schema`; the Tauri window lives in the
//! `northstar` desktop crate (`src-tauri/`), which calls only this crate's public API. Nothing
//! here knows about Tauri, GTK or WebKit, so the engine and its `northstar-cli` command line
//! build and run on a server with no desktop.
//!
//! Key types:
//! - [`Store`]: the local SQLite store, encrypted with SQLCipher under a [`DataKey`] that
//!   the user's passphrase unlocks. Automerge documents (snapshot + incremental changes) are
//!   the source of truth; the caseload table is a rebuildable projection.
//! - [`DataDir`]: where the store lives (`--data-dir`, `NORTHSTAR_DATA_DIR`, or the OS default).
//! - [`cli`]: the headless subcommands of the `northstar` binary (and of `northstar-cli`).
//! - [`Workspace`]: the meeting workspace's engine: edits, undo/redo, history, the young
//!   person's space and attachments, credited to the [`Author`] at the keyboard.
//! - [`pdf`]: PDF exports (draft EHCP, review report, one-page profile).
//! - [`sync`]: sharing a review, the encrypted relay exchange, role checks on merge, bundles.
//! - [`DataKey`]: the key the store is encrypted with, wrapped under the passphrase in
//!   `northstar.key` (and kept by the [`os_keyring`] where one runs).
//! - [`disclosures`] and [`subject_access`]: the consent and disclosure record, and
//!   "everything we hold about this child" in one folder.
//! - [`backup`]: one file holding the store as it stood at one moment, and restoring it on
//!   this laptop or a new one.
//! - [`EngineError`]: the one error type, with plain-words messages.
//!
//! ```
//! use northstar_engine::{DataKey, KdfCost, Store};
//! use northstar_schema::{ReviewDocument, YoungPerson};
//! let dir = tempfile::tempdir().unwrap();
//! let key = DataKey::create(dir.path(), "three fictional words", KdfCost::Fast).unwrap();
//! let mut store = Store::open(dir.path(), &key).unwrap();
//! let yp = YoungPerson { given_name: "Ayo".into(), family_name: "Bello".into(), ..Default::default() };
//! let id = store.create(&ReviewDocument::new("demo-1", yp)).unwrap();
//! store.update(&id, "Add a view", |doc| doc.plan.section_a.parent_views = "Ayo loves trains.".into()).unwrap();
//! assert_eq!(store.get(&id).unwrap().plan.section_a.parent_views.as_str(), "Ayo loves trains.");
//! ```

pub mod backup;
pub mod cli;
mod cli_sync;
mod cli_year;
pub mod demo;
pub mod disclosures;
mod error;
pub mod meeting_room;
mod paths;
pub mod pdf;
pub mod reports;
mod store;
pub mod subject_access;
pub mod sync;
pub mod workspace;
pub mod year;

pub use error::EngineError;
pub use northstar_schema::session::{Author, Edited, HistoryEntry};
pub use paths::DataDir;
pub use store::keys::{DataKey, KdfCost, KEY_FILE, PASSPHRASE_VAR};
pub use store::os_keyring;
pub use store::{today, CaseloadQuery, Erased, ImportOutcome, Store};
pub use workspace::Workspace;

pub type Result<T, E = EngineError> = std::result::Result<T, E>;
