-- The audit log's anchor as colleagues see it (issue 17, item 6; store/audit_anchor.py, bundles/audit_anchors.py).
-- Not synced: what this vault saw and sent is its own business. No personal data: counts and hashes only.

-- The last anchor (count and head hash of the sender's audit chain, signed by its device key) that a bundle from
-- each sender brought, keyed by the sender's signing-key fingerprint. A later bundle whose log is shorter, or
-- whose hash at the remembered count differs, is reported and logged (the bundle is still imported).
CREATE TABLE audit_anchor_seen (
    fingerprint TEXT PRIMARY KEY,
    device_id   TEXT NOT NULL,
    count       INTEGER NOT NULL,
    head        TEXT NOT NULL,
    signed_at   TEXT NOT NULL,
    bundle_id   TEXT NOT NULL,
    seen_at     TEXT NOT NULL
);

-- The counts of this vault's own anchors that went out in bundles (the newest few): a bundle carries its chain's
-- hash at each of them, so a receiver can check the head it remembers from an earlier bundle of ours.
CREATE TABLE audit_anchor_sent (
    count   INTEGER PRIMARY KEY,
    sent_at TEXT NOT NULL
);
