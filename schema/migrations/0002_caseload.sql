-- A projection of the documents for the caseload list. Rebuildable at any time from
-- `documents` + `changes`; never edited directly and never the only copy of anything.
CREATE TABLE caseload (
    doc_id           TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    sort_key         TEXT NOT NULL,
    setting          TEXT NOT NULL,
    year_group       TEXT NOT NULL,
    phase            TEXT NOT NULL,
    next_review_due  TEXT,
    -- Status as of the projection; readers recompute it against today.
    status           TEXT NOT NULL,
    search_text      TEXT NOT NULL,
    entry_json       TEXT NOT NULL
) STRICT;

CREATE INDEX caseload_sort ON caseload (sort_key);
CREATE INDEX caseload_due ON caseload (next_review_due);
