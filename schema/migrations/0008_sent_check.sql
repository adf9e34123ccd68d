-- What a relay could withhold or lose, checked (issue 14).
-- A relay that drops, swaps or loses an entry this device sent: each entry this device appended, by position and SHA-256, until this device reads it back unchanged. A
-- relay whose log then ends before one, skips one, or holds another entry in its place has
-- gone back or is lying, and this device sends its part again.
CREATE TABLE sync_sent (
    doc_id TEXT NOT NULL,
    relay  TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    digest BLOB NOT NULL,
    PRIMARY KEY (doc_id, relay, seq)
) STRICT, WITHOUT ROWID;
-- On a newcomer's device: the review's heads when its invitation was made (hex, JSON), until
-- its copy holds them all. Until then the relay has not passed on everything the owner had,
-- which the Sharing tab says (a stale snapshot or a log cut short shows as this staying).
ALTER TABLE sync_shares ADD COLUMN promised_heads TEXT NOT NULL DEFAULT '[]';
-- On a device that started from a snapshot: the entries before it were skipped, and
-- attachments travel in their own envelopes, not in snapshots. While the review refers to an
-- attachment this device lacks, it reads those entries once for attachments only: up to
-- `backfill_to` (the last entry skipped), having read to `backfill_at`.
ALTER TABLE sync_cursors ADD COLUMN backfill_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_cursors ADD COLUMN backfill_to INTEGER NOT NULL DEFAULT 0;
