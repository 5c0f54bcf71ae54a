-- Consent declarations (Bilag 6), the signed paper, exchanges of information with their legal basis, and the
-- information duty (oplysningspligt). All five tables are synced (see 0001).

-- One samtykkeerklæring. What was signed is fixed: once signed_on is set the service refuses edits, and a
-- withdrawn consent stays, read-only, as the record of what was allowed until when.
CREATE TABLE consents (
    id                  TEXT PRIMARY KEY,
    vv                  TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted             INTEGER NOT NULL DEFAULT 0,
    seq                 INTEGER NOT NULL,
    reference           TEXT NOT NULL,              -- SAM-2026-0007
    case_ids            TEXT NOT NULL DEFAULT '[]', -- JSON list of the sager (case ids) it covers
    consent_date        TEXT NOT NULL,              -- Dato (ISO)
    giver_name          TEXT NOT NULL,              -- Navn på samtykkegiver
    giver_cpr           TEXT NOT NULL,              -- 10 digits
    giver_role          TEXT NOT NULL CHECK (giver_role IN ('young_person', 'custody_holder')),
    person_name         TEXT NOT NULL,              -- Navn på person (the young person it concerns)
    person_cpr          TEXT NOT NULL,              -- 10 digits
    cosign_required     INTEGER NOT NULL DEFAULT 0, -- the young person is 15+ on consent_date and must co-sign
    contacts            TEXT NOT NULL DEFAULT '[]', -- JSON [{role: caseworker|primary|secondary, name, authority,
                                                    --        contact}]
    exchange_text       TEXT NOT NULL DEFAULT '',   -- Hvad giver jeg samtykke til, at der udveksles?
    categories          TEXT NOT NULL DEFAULT '[]', -- JSON list: familie, skole, fritid, sociale_foranstaltninger,
                                                    --            sundhed
    valid_from          TEXT NOT NULL,
    valid_until         TEXT NOT NULL,              -- inclusive
    signed_on           TEXT NOT NULL DEFAULT '',   -- '' = not signed yet
    young_person_signed INTEGER NOT NULL DEFAULT 0,
    no_scan_reason      TEXT NOT NULL DEFAULT '',   -- why no scan of the signed paper is attached
    withdrawn_on        TEXT NOT NULL DEFAULT '',
    withdrawal_how      TEXT NOT NULL DEFAULT '',   -- mundtligt, skriftligt, ...
    withdrawal_note     TEXT NOT NULL DEFAULT '',
    created_by          TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    CHECK (withdrawn_on = '' OR withdrawal_how != '')
);
CREATE INDEX consents_reference ON consents (reference);
CREATE INDEX consents_seq ON consents (seq);

-- The scanned, signed paper. A table of its own so listing consents never reads the bytes and editing a
-- consent never re-sends them; the bytes live only here, inside the encrypted vault.
CREATE TABLE consent_scans (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    consent_id  TEXT NOT NULL,
    mime        TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/png', 'image/jpeg')),
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    data        BLOB NOT NULL,
    added_by    TEXT NOT NULL DEFAULT '',
    added_at    TEXT NOT NULL
);
CREATE INDEX consent_scans_consent ON consent_scans (consent_id);
CREATE INDEX consent_scans_seq ON consent_scans (seq);

-- Every exchange of information on a case, with its legal basis (hjemmel): "samtykke:<consent id>" or a
-- statutory basis such as "Retsplejelovens § 115". Rows are never edited.
CREATE TABLE information_exchanges (
    id           TEXT PRIMARY KEY,
    vv           TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    seq          INTEGER NOT NULL,
    case_id      TEXT NOT NULL,
    exchanged_on TEXT NOT NULL,   -- ISO date
    what         TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    basis        TEXT NOT NULL CHECK (basis != ''),
    consent_id   TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX information_exchanges_case ON information_exchanges (case_id, exchanged_on);
CREATE INDEX information_exchanges_seq ON information_exchanges (seq);

-- Oplysningspligt: when and how the parents/young person were informed, or the decision not to inform and why.
-- One row per entry (history); the newest entry of a case is its current state.
CREATE TABLE information_duty (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    case_id     TEXT NOT NULL,
    decision    TEXT NOT NULL CHECK (decision IN ('informed', 'not_informed')),
    entry_date  TEXT NOT NULL,            -- when they were informed / when it was decided not to
    recipients  TEXT NOT NULL DEFAULT '', -- who was informed
    method      TEXT NOT NULL DEFAULT '', -- how
    reason      TEXT NOT NULL DEFAULT '', -- required when not informing
    note        TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    CHECK (decision = 'informed' OR reason != '')
);
CREATE INDEX information_duty_case ON information_duty (case_id, created_at);
CREATE INDEX information_duty_seq ON information_duty (seq);
