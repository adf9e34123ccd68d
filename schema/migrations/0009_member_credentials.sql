-- Per-member relay credentials (issue 14). This device's own way into the review's relay log:
-- the owner's signature for this device's subject key (`MemberCredential::to_token`). Empty
-- for a review shared before credentials existed, which keeps the shared token and log id.
ALTER TABLE sync_shares ADD COLUMN relay_credential TEXT NOT NULL DEFAULT '';
