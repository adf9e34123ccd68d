-- The consent and disclosure record: per review, who it was shared with or sent to, when,
-- what, and on what basis. Filled automatically by invitations, joins, exports and reports;
-- kept on this device, and erased with the review.
CREATE TABLE disclosures (
    id        INTEGER PRIMARY KEY,
    doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    at        TEXT NOT NULL,
    to_whom   TEXT NOT NULL,
    what      TEXT NOT NULL,
    basis     TEXT NOT NULL,
    by_name   TEXT NOT NULL
) STRICT;
CREATE INDEX disclosures_doc ON disclosures (doc_id, at);
