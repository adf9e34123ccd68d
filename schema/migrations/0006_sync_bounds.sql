-- Bounds on what a hostile member can make a copy keep, and single-use invitations (issue 14).
-- Each refused envelope is kept once, by the SHA-256 of its bytes; rows from before this
-- migration have no digest and stay as they are.
ALTER TABLE sync_quarantine ADD COLUMN digest BLOB;
CREATE UNIQUE INDEX sync_quarantine_digest ON sync_quarantine (doc_id, digest);
-- The invitations this device made as a review's owner. An invitation admits one device,
-- once, before it expires, unless cancelled: the owner's copy judges each join against this
-- and only then writes the newcomer into the members list.
CREATE TABLE sync_invitations (
    doc_id        TEXT NOT NULL,
    invite_key    BLOB NOT NULL,
    role          TEXT NOT NULL,
    made_at       INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    cancelled_at  INTEGER,
    used_by       BLOB,
    used_by_name  TEXT,
    PRIMARY KEY (doc_id, invite_key)
) STRICT;
