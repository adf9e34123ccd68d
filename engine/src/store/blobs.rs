//! Content-addressed attachments: drawings, photos and voice notes.

use super::Store;
use crate::Result;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

impl Store {
    /// Stores `bytes` once under their SHA-256 and returns the hex hash a document refers to.
    pub fn put_blob(&self, bytes: &[u8], media_type: &str) -> Result<String> {
        insert_blob(self.conn(), bytes, media_type)
    }

    /// The bytes and media type stored under `sha256`, if any.
    pub fn blob(&self, sha256: &str) -> Result<Option<(Vec<u8>, String)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT bytes, media_type FROM blobs WHERE sha256 = ?1",
                [sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}

/// Stores `bytes` under their SHA-256 on `conn` (inside the caller's transaction, for sync);
/// returns the hex hash.
pub(crate) fn insert_blob(
    conn: &rusqlite::Connection,
    bytes: &[u8],
    media_type: &str,
) -> Result<String> {
    let hash = hex::encode(Sha256::digest(bytes));
    conn.execute(
        "INSERT INTO blobs (sha256, media_type, bytes) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![hash, media_type, bytes],
    )?;
    Ok(hash)
}
