use northstar_schema::SchemaError;
use thiserror::Error;

/// Every failure the engine reports. Messages are written for the person at the keyboard.
#[derive(Debug, Error)]
pub enum EngineError {
    #[error("no review with id {0:?} is stored here")]
    UnknownReview(String),
    #[error("a review with id {0:?} is already stored here; import its .automerge export to merge copies")]
    AlreadyExists(String),
    #[error("{0}")]
    Schema(#[from] SchemaError),
    #[error(
        "this file is not a Northstar review: it is neither review JSON nor an Automerge document"
    )]
    UnrecognisedFile,
    #[error("this Automerge file is damaged or incomplete ({0}); nothing was imported")]
    DamagedAutomerge(Box<automerge::AutomergeError>),
    #[error("Automerge refused the operation: {0}")]
    Automerge(Box<automerge::AutomergeError>),
    #[error("could not write the change into the document: {0}")]
    Reconcile(Box<autosurgeon::ReconcileError>),
    #[error("the stored document does not fit the review format: {0}")]
    Hydrate(Box<autosurgeon::HydrateError>),
    #[error("could not read or write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the local database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("no home folder was found to keep Northstar's data in; pass --data-dir DIR or set NORTHSTAR_DATA_DIR")]
    NoDataDir,
    #[error("could not prepare the PDF font: {0}")]
    PdfFont(String),
    #[error("could not assemble the PDF: {0}")]
    PdfWrite(String),
    #[error("that earlier version is not part of this review's history")]
    UnknownVersion,
    #[error("there is nothing to {0}")]
    NothingTo(&'static str),
    #[error("this file is too large to attach ({size_mb} MB); the limit is {limit_mb} MB")]
    AttachmentTooLarge { size_mb: u64, limit_mb: u64 },
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Sync(#[from] crate::sync::SyncError),
    #[error("that passphrase does not open this data; nothing was changed. Check Caps Lock and try again")]
    WrongPassphrase,
    #[error("the key file {0} is damaged, so the data cannot be opened. Nothing was changed: put back the key file from a backup of this folder")]
    KeyFileDamaged(std::path::PathBuf),
    #[error("the key file {0} is missing, so the encrypted data beside it cannot be opened. Put it back from a backup of this folder")]
    KeyFileMissing(std::path::PathBuf),
    #[error("the key file does not belong to the data in {0}: it opens a different store. Nothing was changed: put back this folder's own key file")]
    KeyDoesNotFit(std::path::PathBuf),
    #[error("Northstar is locked: enter the passphrase in the app, or set NORTHSTAR_PASSPHRASE for the command line")]
    Locked,
    #[error("the desktop window failed: {0}")]
    Desktop(String),
    #[error("this is Northstar's command line for servers, which has no window: give it a command (`northstar --help` lists them), or install the desktop app to open the window")]
    NoWindow,
}

/// Automerge's errors are large; boxing them keeps every `Result` in the engine small.
macro_rules! boxed_from {
    ($($variant:ident($ty:ty)),* $(,)?) => {$(
        impl From<$ty> for EngineError {
            fn from(e: $ty) -> Self {
                EngineError::$variant(Box::new(e))
            }
        }
    )*};
}
boxed_from!(
    Automerge(automerge::AutomergeError),
    Reconcile(autosurgeon::ReconcileError),
    Hydrate(autosurgeon::HydrateError),
);

impl EngineError {
    pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> EngineError {
        let context = context.into();
        move |source| EngineError::Io { context, source }
    }
}
