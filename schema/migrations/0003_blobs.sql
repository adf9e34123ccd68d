-- Attachments (drawings, photos, voice notes), content-addressed by SHA-256 so the same
-- file is stored once and a document can reference it by hash from any peer.
CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY,
    media_type  TEXT NOT NULL,
    bytes       BLOB NOT NULL
) STRICT;
