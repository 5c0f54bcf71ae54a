-- Data-protection duties: deletion records, and indexes for retention, access requests and the log view.
--
-- A deletion record says that personal data was deleted – by retention (N years after closing) or on request
-- (erasure) – without holding any of it: the case number, the dates, what was deleted (rows per table), by whom
-- (name and role) and how many backups were removed. Not synced: each vault keeps its own; the deletion itself
-- travels to other laptops as tombstones with emptied data columns.
CREATE TABLE deletion_records (
    seq             INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,                  -- ISO 8601 UTC
    reason          TEXT NOT NULL CHECK (reason IN ('retention', 'request')),
    case_number     TEXT NOT NULL DEFAULT '',       -- S-2026-0017; '' when only consents were deleted
    case_kind       TEXT NOT NULL DEFAULT '',
    level           TEXT NOT NULL DEFAULT '',
    registered      TEXT NOT NULL DEFAULT '',       -- ISO date
    closed_on       TEXT NOT NULL DEFAULT '',       -- ISO date, '' for an open case erased on request
    due_on          TEXT NOT NULL DEFAULT '',       -- retention: the day the period ran out
    refs            TEXT NOT NULL DEFAULT '[]',     -- JSON list: consent references deleted with it
    deleted         TEXT NOT NULL DEFAULT '{}',     -- JSON {table: rows emptied}
    backups_deleted INTEGER NOT NULL DEFAULT 0,
    by_user         TEXT NOT NULL DEFAULT '',
    by_role         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deletion_records_case ON deletion_records (case_number);

-- Closed sager by closing day: what retention looks at.
CREATE INDEX cases_retention ON cases (kind, status, closed_on) WHERE deleted = 0;
-- Consents of one person (access requests and erasure look them up by CPR-nr.).
CREATE INDEX consents_person ON consents (person_cpr);
CREATE INDEX consents_giver ON consents (giver_cpr);

-- The log view filters by action and by the record's readable reference.
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_subject ON audit_log (subject_ref);
