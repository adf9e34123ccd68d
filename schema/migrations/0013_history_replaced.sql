-- Erasing a shared review's history (issue 15) moves it to a new key and a new document.
-- On the owner's device, `replacing` says the next key carries a replaced history, for the
-- owner's next sync to announce. On a member's device, `replace_pending` says the owner's
-- new copy is to be taken in place of this one before anything is sent: this copy's old
-- history must never reach the new log.
ALTER TABLE sync_shares ADD COLUMN replacing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_shares ADD COLUMN replace_pending INTEGER NOT NULL DEFAULT 0;
-- On a member's device, what it was told when its copy was replaced, in plain words.
ALTER TABLE sync_shares ADD COLUMN replaced_note TEXT;
