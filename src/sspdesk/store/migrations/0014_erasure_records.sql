-- Erasure records (issue 17): an erasure travels to the colleagues' laptops and wins there.
--
-- A synced record, so it goes out in every bundle inside the signed payload. It holds no personal data: which
-- records were emptied (table and id), the reason and whose decision it was, when, the laptop that made it, and
-- for an erasure on request a salted, deliberately slow hash of the CPR-nr. (scrypt; salt in the record), so a
-- laptop that receives it can find its own data about that person without learning the number from the record.
-- It is never edited or deleted: an incoming change of it is dropped.
CREATE TABLE erasure_records (
    id            TEXT PRIMARY KEY,
    vv            TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    seq           INTEGER NOT NULL,
    reason        TEXT NOT NULL CHECK (reason IN ('request', 'retention')),
    decided_by    TEXT NOT NULL DEFAULT '',     -- the colleague whose decision the erasure was
    decided_role  TEXT NOT NULL DEFAULT '',
    device_id     TEXT NOT NULL,                -- the laptop that made this record
    erased_at     TEXT NOT NULL,                -- ISO 8601 UTC
    erased        TEXT NOT NULL DEFAULT '[]',   -- JSON [[table, id], ...]: every record the erasure emptied
    cpr_scheme    TEXT NOT NULL DEFAULT '',     -- how cpr_hashes were made ('' = no CPR-nr.: retention)
    cpr_salt      TEXT NOT NULL DEFAULT '',     -- hex
    cpr_hashes    TEXT NOT NULL DEFAULT '[]',   -- JSON list of hex digests
    source_id     TEXT NOT NULL DEFAULT ''      -- the erasure record this one carried out on another laptop
);
CREATE INDEX erasure_records_seq ON erasure_records (seq);
