-- A relay that drops, swaps or loses an entry this device sent (issue 14): each entry this
-- device appended, by position and SHA-256, until this device reads it back unchanged. A
-- relay whose log then ends before one, skips one, or holds another entry in its place has
-- gone back or is lying, and this device sends its part again.
CREATE TABLE sync_sent (
    doc_id TEXT NOT NULL,
    relay  TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    digest BLOB NOT NULL,
    PRIMARY KEY (doc_id, relay, seq)
) STRICT, WITHOUT ROWID;
