-- Cases: DKE-Journal (level I, no person-identifying data) and DKE-Sag (levels II/III), their form sections
-- with full history, deadlines, and a full-text index. All three record tables are synced (see 0001).

CREATE TABLE cases (
    id            TEXT PRIMARY KEY,
    vv            TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    seq           INTEGER NOT NULL,
    number        TEXT NOT NULL,             -- J-2026-0042 / S-2026-0017
    kind          TEXT NOT NULL CHECK (kind IN ('journal', 'sag')),
    profile       TEXT NOT NULL,
    level         TEXT NOT NULL,
    subject       TEXT NOT NULL,             -- Sagens genstand
    forum         TEXT NOT NULL DEFAULT '',  -- Mødeforum
    meeting_date  TEXT NOT NULL DEFAULT '',  -- Dato (of the form's header)
    area          TEXT NOT NULL DEFAULT '',  -- skoledistrikt / lokalområde
    coordinator   TEXT NOT NULL DEFAULT '',
    registered    TEXT NOT NULL,             -- ISO date the deadlines count from
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'raised')),
    closed_on     TEXT NOT NULL DEFAULT '',
    person_name   TEXT NOT NULL DEFAULT '',  -- sag only (CHECK below)
    cpr           TEXT NOT NULL DEFAULT '',  -- sag only, 10 digits
    birth_date    TEXT NOT NULL DEFAULT '',
    from_journal  TEXT NOT NULL DEFAULT '',  -- a sag raised from a journal: the journal's id
    radicalisation INTEGER NOT NULL DEFAULT 0,
    -- A DKE-Journal holds no person-identifying data: enforced by the service layer and, as a last line,
    -- here.
    CHECK (kind = 'sag' OR (person_name = '' AND cpr = '' AND birth_date = ''))
);
-- Covering index of the filtered case list: filter columns, then the list order, then the id it returns.
CREATE INDEX cases_list ON cases (deleted, status, level, registered, number, id);
CREATE INDEX cases_number ON cases (number);
CREATE INDEX cases_cpr ON cases (cpr) WHERE cpr != '';
CREATE INDEX cases_seq ON cases (seq);

-- One row per saved version of a section; the newest row of (case_id, section) is the current text.
-- Rows are never edited, so the history (who, when) is complete and rows never conflict when synced.
CREATE TABLE case_sections (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    case_id     TEXT NOT NULL,
    section     TEXT NOT NULL,               -- status, indsats, opfoelgning, opfoelgning2, flow, focus, closing
    fields      TEXT NOT NULL,               -- JSON {field key: text}
    author      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX case_sections_current ON case_sections (case_id, section, created_at);
CREATE INDEX case_sections_seq ON case_sections (seq);

CREATE TABLE deadlines (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    case_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    label       TEXT NOT NULL,
    due         TEXT NOT NULL DEFAULT '',    -- ISO date; '' = at the next meeting, date not yet known
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'closed')),
    done_on     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deadlines_case ON deadlines (case_id, status, due);
CREATE INDEX deadlines_due ON deadlines (status, due);
CREATE INDEX deadlines_seq ON deadlines (seq);

-- Search as you type over number, subject and the current section text. Lives inside the encrypted vault.
CREATE VIRTUAL TABLE case_search USING fts5 (case_id UNINDEXED, number, subject, body, tokenize = 'unicode61');
-- FTS5 cannot look rows up by an UNINDEXED column without a full scan: this maps a case to its search row.
CREATE TABLE case_search_rows (
    case_id    TEXT PRIMARY KEY,
    fts_rowid  INTEGER NOT NULL
) WITHOUT ROWID;
