-- Removing a member, noticing a relay that went back, and pinning a meeting room's
-- certificate (issue 14). Each removal moves the review to a new key, so the removed
-- device can read nothing written afterwards.
-- The key generation this device holds: 0 when shared, one more after each removal.
ALTER TABLE sync_shares ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
-- On the owner's device, the next key while a removal is under way, so a removal cut short
-- (the laptop closed, the relay unreachable) is finished by the next sync with the same key.
ALTER TABLE sync_shares ADD COLUMN next_key BLOB;
-- On a removed device: when it found itself removed, in plain words. It syncs no more.
ALTER TABLE sync_shares ADD COLUMN removed_note TEXT;
-- A relay that went back (restored from a backup, or lying): the SHA-256 of the last entry
-- this device read, checked again at the next pull, and when this device last found the
-- relay had gone back and sent its part again.
ALTER TABLE sync_cursors ADD COLUMN pulled_digest BLOB;
ALTER TABLE sync_cursors ADD COLUMN went_back_at TEXT;
-- A meeting room's relay serves TLS with a certificate made on the SENCO's laptop, which the
-- invitations made in the room carry: the one certificate this device accepts from it.
CREATE TABLE sync_pins (
    relay TEXT PRIMARY KEY NOT NULL,
    cert  BLOB NOT NULL
) STRICT;
-- On the owner's device: the devices (hex keys, JSON) the current key was made without. A
-- removal written elsewhere (by the LA caseworker) that is not among them starts a new key.
ALTER TABLE sync_shares ADD COLUMN rotated_for TEXT NOT NULL DEFAULT '[]';
