-- Foundation: vault metadata, settings, device identity, audit log, the synced-record model.
--
-- Synced tables (records that travel in bundles) all carry the same four columns, written only by
-- sspdesk.store.records.put():
--   id          TEXT PRIMARY KEY   a UUID (uuid4, hex with dashes)
--   vv          TEXT NOT NULL      version vector as JSON {device_id: counter}
--   updated_at  TEXT NOT NULL      ISO 8601 UTC, for display only (merging uses vv, never clocks)
--   deleted     INTEGER NOT NULL   tombstone flag (1 = deleted; the row stays so the deletion can travel)
-- plus `seq`, this vault's change counter at the last local or merged write, so "changed since the last
-- exchange with a peer" is an indexed range query.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
) WITHOUT ROWID;

CREATE TABLE device (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id    TEXT NOT NULL,
    signing_key  BLOB NOT NULL,     -- Ed25519 private key, raw 32 bytes
    age_identity TEXT NOT NULL,     -- AGE-SECRET-KEY-1...
    created_at   TEXT NOT NULL
);

-- Append-only, hash-chained log of access to personal data (Datatilsynet practice). It names records and
-- persons by reference (record id, case number), never by their personal data.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user        TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_kind TEXT NOT NULL DEFAULT '',
    record_id   TEXT NOT NULL DEFAULT '',
    subject_ref TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_kind, record_id);

-- Incoming versions that were concurrent with a local edit: both are kept until the user resolves them.
CREATE TABLE conflicts (
    id          TEXT PRIMARY KEY,
    table_name  TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    incoming    TEXT NOT NULL,      -- JSON of the incoming record version
    incoming_vv TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    resolved_at TEXT
);
CREATE INDEX conflicts_open ON conflicts (resolved_at, table_name, record_id);

-- The professionals' contact register (never the young people): the first synced table.
CREATE TABLE contacts (
    id           TEXT PRIMARY KEY,
    vv           TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    seq          INTEGER NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_seq ON contacts (seq);
