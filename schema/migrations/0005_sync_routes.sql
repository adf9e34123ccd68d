-- Relays a shared review syncs through besides its usual one (`sync_shares.relay`): a
-- meeting room's, for the day of the meeting. Past `until` a route is dropped.
CREATE TABLE sync_routes (
    doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    relay   TEXT NOT NULL,
    until   TEXT NOT NULL,
    PRIMARY KEY (doc_id, relay)
) STRICT;
