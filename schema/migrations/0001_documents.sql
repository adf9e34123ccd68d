-- The source of truth: one Automerge document per child's plan.
-- `snapshot` is a compacted save; `changes` holds the incremental changes appended since,
-- one row per acknowledged edit. Loading = snapshot + changes in seq order.
CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    snapshot    BLOB NOT NULL,
    -- Highest change seq folded into `snapshot`; keeps seq numbers rising after compaction.
    compacted_seq INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE changes (
    doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    bytes   BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
) STRICT;

-- Small facts about this data directory (device actor, whether the demo was loaded).
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
