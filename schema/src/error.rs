use thiserror::Error;

/// Everything that can go wrong while reading or migrating a review document.
#[derive(Debug, Error)]
pub enum SchemaError {
    #[error("this is not valid review JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the document has no schema_version, so Northstar cannot tell how to read it")]
    MissingVersion,
    #[error(
        "this review was written by a newer version of Northstar (format {found}; this copy reads up to {supported}). Update Northstar to open it"
    )]
    TooNew { found: u32, supported: u32 },
    #[error("format version {0} is not one Northstar has ever written")]
    UnknownVersion(u32),
    #[error("the document does not fit the review format: {0}")]
    Invalid(String),
    /// An edit that the statutory process does not allow now, in plain words (a decision
    /// dated before the meeting, a notice with no decision to amend).
    #[error("{0}")]
    Refused(String),
    /// An edit named something that is not there (usually removed by someone else meanwhile).
    #[error("{0}")]
    NotFound(String),
    #[cfg(feature = "automerge")]
    #[error("the Automerge document does not fit the review format: {0}")]
    Hydrate(Box<autosurgeon::HydrateError>),
    #[cfg(feature = "automerge")]
    #[error("could not write the change into the Automerge document: {0}")]
    Reconcile(Box<autosurgeon::ReconcileError>),
    #[cfg(feature = "automerge")]
    #[error("Automerge refused the operation: {0}")]
    Automerge(Box<automerge::AutomergeError>),
}

/// Automerge's errors are large; boxing them keeps every `Result` in the workspace small.
macro_rules! boxed_from {
    ($($variant:ident($ty:ty)),* $(,)?) => {$(
        #[cfg(feature = "automerge")]
        impl From<$ty> for SchemaError {
            fn from(e: $ty) -> Self {
                SchemaError::$variant(Box::new(e))
            }
        }
    )*};
}
boxed_from!(
    Hydrate(autosurgeon::HydrateError),
    Reconcile(autosurgeon::ReconcileError),
    Automerge(automerge::AutomergeError),
);
