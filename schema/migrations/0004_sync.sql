-- Sync state. None of it is review content: the reviews stay in `documents` and `changes`.
-- A shared review's key, the owner's public key and this device's grant and role.
CREATE TABLE sync_shares (
    doc_id        TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    doc_key       BLOB NOT NULL,
    owner_key     BLOB NOT NULL,
    -- Heads (JSON list of hex hashes) when first shared: the plan as the owner brought it.
    base_heads    TEXT NOT NULL,
    role          TEXT NOT NULL,
    grant_bytes   BLOB NOT NULL,
    relay         TEXT NOT NULL,
    -- The next envelope counter this device will use for this review.
    next_counter  INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Per review and relay: how far this device has read the relay's log, what it has sent,
-- and when it last synced.
CREATE TABLE sync_cursors (
    doc_id        TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    relay         TEXT NOT NULL,
    pulled_seq    INTEGER NOT NULL DEFAULT 0,
    pushed_heads  TEXT NOT NULL DEFAULT '[]',
    -- Relay seq of the newest snapshot this device uploaded.
    snapshot_seq  INTEGER NOT NULL DEFAULT 0,
    last_synced   TEXT,
    PRIMARY KEY (doc_id, relay)
) STRICT;

-- Changes known to be on a relay already (sent or received there), so none is sent twice.
CREATE TABLE sync_known (
    doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    relay   TEXT NOT NULL,
    hash    BLOB NOT NULL,
    PRIMARY KEY (doc_id, relay, hash)
) STRICT, WITHOUT ROWID;

-- Every envelope accepted, by sender and counter: a second copy is a replay.
CREATE TABLE sync_seen (
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sender   BLOB NOT NULL,
    counter  INTEGER NOT NULL,
    digest   BLOB NOT NULL,
    PRIMARY KEY (doc_id, sender, counter)
) STRICT, WITHOUT ROWID;

-- Envelopes that passed every check but wait for changes they build on.
CREATE TABLE sync_held (
    doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    digest    BLOB NOT NULL,
    envelope  BLOB NOT NULL,
    PRIMARY KEY (doc_id, digest)
) STRICT;

-- Envelopes refused on receipt, kept so a person can see what was refused and why.
CREATE TABLE sync_quarantine (
    id           INTEGER PRIMARY KEY,
    doc_id       TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    source       TEXT NOT NULL,
    sender_name  TEXT,
    reason       TEXT NOT NULL,
    envelope     BLOB NOT NULL
) STRICT;
