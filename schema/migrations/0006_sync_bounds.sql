-- Bounds on what a hostile member can make a copy keep (issue 14).
-- Each refused envelope is kept once, by the SHA-256 of its bytes; rows from before this
-- migration have no digest and stay as they are.
ALTER TABLE sync_quarantine ADD COLUMN digest BLOB;
CREATE UNIQUE INDEX sync_quarantine_digest ON sync_quarantine (doc_id, digest);
