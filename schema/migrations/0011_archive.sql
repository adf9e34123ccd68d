-- Plans moved out of the working caseload on this device (ceased, or the child left the
-- area): kept read-only for the council's retention period, after which erasure is offered.
CREATE TABLE archive (
    doc_id       TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    archived_on  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    by_name      TEXT NOT NULL
) STRICT;
