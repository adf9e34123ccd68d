-- Which reviews have referred to which attachment, at any time. Attachments are stored once
-- by content and may be shared between reviews, so erasing one child removes an attachment
-- only when no other review has referred to it. Rows are only ever added while the review
-- exists (an attachment removed from the plan may still be in its history); they go with it.
CREATE TABLE blob_refs (
    doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sha256  TEXT NOT NULL,
    PRIMARY KEY (doc_id, sha256)
) STRICT, WITHOUT ROWID;
CREATE INDEX blob_refs_sha256 ON blob_refs (sha256);
-- Stores from before this table have references to fill in from every review's history.
INSERT INTO meta (key, value) VALUES ('blob-refs-to-fill', '1')
    ON CONFLICT (key) DO NOTHING;
