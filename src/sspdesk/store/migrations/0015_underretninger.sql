-- Underretning (issue 18, item 2): the notification of concern to the municipality (Barnets Lov, formerly
-- Serviceloven § 153; seed 000 l.269–274, seed 004 l.153–161), recorded on a case – a DKE-Sag or a DKE-Journal.
--
-- The record holds no more than the flow needs: when it was made, to which authority, by whom, the reason category
-- (a key of the profile's list, never free text) and when the authority's receipt (kvittering) came ('' = none yet).
-- On a DKE-Journal its text obeys the journal rule (the service, the bundle import and the triggers below).
CREATE TABLE underretninger (
    id            TEXT PRIMARY KEY,
    vv            TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    seq           INTEGER NOT NULL,
    case_id       TEXT NOT NULL,
    sent_on       TEXT NOT NULL DEFAULT '',      -- ISO date the underretning was made
    authority     TEXT NOT NULL DEFAULT '',      -- to which authority, e.g. Familieafsnittet
    made_by       TEXT NOT NULL DEFAULT '',      -- the professional who made it
    reason        TEXT NOT NULL DEFAULT '',      -- a key of the profile's underretning_reasons ('' = not stated)
    confirmed_on  TEXT NOT NULL DEFAULT '',      -- ISO date the receipt came, '' = none yet
    created_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX underretninger_case ON underretninger (case_id, sent_on);
CREATE INDEX underretninger_seq ON underretninger (seq);

-- The outcome of a Netværksmøde / Netværkssamråd on a case (seed 000 l.269–274: "Aftale og/eller underretning"):
-- an agreement on an intervention, an underretning, both, or neither (no further action). An outcome with an
-- underretning and no underretning recorded on the case since the meeting shows a reminder (sspdesk.underretning).
CREATE TABLE network_outcomes (
    id            TEXT PRIMARY KEY,
    vv            TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    seq           INTEGER NOT NULL,
    case_id       TEXT NOT NULL,
    forum         TEXT NOT NULL DEFAULT '',      -- Netværksmøde | Netværkssamråd
    held_on       TEXT NOT NULL DEFAULT '',      -- ISO date of the meeting
    agreement     INTEGER NOT NULL DEFAULT 0 CHECK (agreement IN (0, 1)),
    underretning  INTEGER NOT NULL DEFAULT 0 CHECK (underretning IN (0, 1)),
    created_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX network_outcomes_case ON network_outcomes (case_id, held_on);
CREATE INDEX network_outcomes_seq ON network_outcomes (seq);

-- The journal rule as the last line (see 0010): an underretning on a DKE-Journal holds no CPR number, birth date or
-- address; the authority and who made it are professionals' fields (a work phone number may stand there).
CREATE TRIGGER underretninger_journal_text_insert BEFORE INSERT ON underretninger
WHEN NEW.deleted = 0
    AND (SELECT kind FROM cases WHERE id = NEW.case_id) = 'journal'
    AND (NOT journal_text_ok(NEW.authority, 'authority') OR NOT journal_text_ok(NEW.made_by, 'made_by'))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

CREATE TRIGGER underretninger_journal_text_update BEFORE UPDATE ON underretninger
WHEN NEW.deleted = 0
    AND (SELECT kind FROM cases WHERE id = NEW.case_id) = 'journal'
    AND (((NEW.authority IS NOT OLD.authority OR NEW.case_id IS NOT OLD.case_id OR OLD.deleted) AND NOT journal_text_ok(NEW.authority, 'authority'))
        OR ((NEW.made_by IS NOT OLD.made_by OR NEW.case_id IS NOT OLD.case_id OR OLD.deleted) AND NOT journal_text_ok(NEW.made_by, 'made_by')))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;
