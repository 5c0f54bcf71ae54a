-- Exchange of bundles between laptops: known peers (trust on first use) and a log of bundles sent and received.
-- Neither table is synced: who I trust and what I sent is this vault's own business.

-- A peer is another sspdesk vault (a colleague's laptop). `fingerprint` is the SHA-256 fingerprint of its Ed25519
-- signing key (sspdesk.store.identity.fingerprint); a peer added by fingerprint only gets its key and device id
-- from the first bundle it signs. `last_seq_sent` is this vault's change counter when it last sent the peer
-- everything (export --all or --since-peer), so the next "changed since" export is a range query on `seq`.
CREATE TABLE peers (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    recipient        TEXT NOT NULL DEFAULT '',   -- age X25519 public key (age1...), '' = not known yet
    device_id        TEXT NOT NULL DEFAULT '',   -- '' = not known yet
    signing_key      BLOB,                       -- raw Ed25519 public key (32 bytes), NULL = not known yet
    fingerprint      TEXT NOT NULL UNIQUE,
    last_seq_sent    INTEGER NOT NULL DEFAULT 0,
    last_sent_at     TEXT NOT NULL DEFAULT '',
    last_received_at TEXT NOT NULL DEFAULT '',
    added_at         TEXT NOT NULL,
    added_how        TEXT NOT NULL DEFAULT 'manual' CHECK (added_how IN ('manual', 'first_use'))
);

-- One row per bundle exported or imported: ids, counts and references only, never personal data.
CREATE TABLE bundle_log (
    seq          INTEGER PRIMARY KEY,
    bundle_id    TEXT NOT NULL,
    direction    TEXT NOT NULL CHECK (direction IN ('export', 'import')),
    at           TEXT NOT NULL,
    sender       TEXT NOT NULL DEFAULT '',       -- fingerprint of the signer
    recipients   TEXT NOT NULL DEFAULT '[]',     -- JSON list: age recipients, or ["passphrase"]
    contents     TEXT NOT NULL DEFAULT '{}',     -- JSON of the manifest's contents
    counts       TEXT NOT NULL DEFAULT '{}',     -- JSON {table: records}
    report       TEXT NOT NULL DEFAULT '{}'      -- JSON import report (added/updated/unchanged/conflicts)
);
CREATE INDEX bundle_log_bundle ON bundle_log (bundle_id);
