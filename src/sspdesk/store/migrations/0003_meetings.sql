-- Meetings (møder) of a forum: participants, agenda items, minutes per item, dispositions (hvem gør hvad) and
-- addenda (tillæg) to approved minutes. All six tables are synced (see 0001). Each part of a meeting is its own
-- record, so two laptops editing different items, participants or dispositions never conflict.

CREATE TABLE meetings (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    number      TEXT NOT NULL,               -- M-2026-0012, for the CLI and the printed reference
    forum       TEXT NOT NULL,               -- Mødeforum
    area        TEXT NOT NULL DEFAULT '',    -- skoledistrikt / lokalområde ('' = the whole municipality)
    starts_at   TEXT NOT NULL,               -- local date and time, YYYY-MM-DDTHH:MM
    place       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'cancelled')),
    approved_by TEXT NOT NULL DEFAULT '',    -- Godkendt af
    approved_at TEXT NOT NULL DEFAULT ''     -- ISO 8601 UTC
);
CREATE INDEX meetings_forum ON meetings (deleted, forum, area, starts_at);
CREATE INDEX meetings_starts ON meetings (deleted, starts_at);
CREATE INDEX meetings_number ON meetings (number);
CREATE INDEX meetings_seq ON meetings (seq);

-- Deltagere: a contact from the register or a free name, with the role they attend in.
CREATE TABLE meeting_participants (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    meeting_id  TEXT NOT NULL,
    contact_id  TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'present', 'absent')),
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_participants_meeting ON meeting_participants (meeting_id, position);
CREATE INDEX meeting_participants_seq ON meeting_participants (seq);

-- Dagsordenspunkter. A case item points at a case, a group item at a concern group (or just names it in
-- `title`), a topic item has only its title. `followups` lists the ids of dispositions carried over from earlier
-- meetings of the forum, to be followed up at this item (JSON array).
CREATE TABLE agenda_items (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    meeting_id  TEXT NOT NULL,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('case', 'group', 'topic')),
    case_id     TEXT NOT NULL DEFAULT '',
    group_id    TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',    -- why the item was proposed (frister), shown on the agenda
    followups   TEXT NOT NULL DEFAULT '[]',
    CHECK (kind != 'case' OR case_id != '')
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);
CREATE INDEX agenda_items_case ON agenda_items (case_id) WHERE case_id != '';
CREATE INDEX agenda_items_seq ON agenda_items (seq);

-- Referat per item. On a case item the same text is also a `minutes` section version of the case
-- (`case_section_id`), so it shows in the case's history; that version is updated while the minutes are being
-- written and a new one is started after an approval is withdrawn.
CREATE TABLE minutes (
    id              TEXT PRIMARY KEY,
    vv              TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0,
    seq             INTEGER NOT NULL,
    meeting_id      TEXT NOT NULL,
    item_id         TEXT NOT NULL,
    discussion      TEXT NOT NULL DEFAULT '',
    decision        TEXT NOT NULL DEFAULT '',
    author          TEXT NOT NULL DEFAULT '',
    case_section_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX minutes_item ON minutes (item_id);
CREATE INDEX minutes_meeting ON minutes (meeting_id);
CREATE INDEX minutes_seq ON minutes (seq);

-- Dispositioner: hvem gør hvad, hvornår. Carried to the next agenda of the forum until done.
CREATE TABLE dispositions (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    meeting_id  TEXT NOT NULL,
    item_id     TEXT NOT NULL DEFAULT '',
    case_id     TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL,               -- hvem (a professional or an authority)
    contact_id  TEXT NOT NULL DEFAULT '',
    what        TEXT NOT NULL,               -- gør hvad
    due         TEXT NOT NULL DEFAULT '',    -- ISO date, '' = no date
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_on     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX dispositions_open ON dispositions (deleted, status, due);
CREATE INDEX dispositions_meeting ON dispositions (meeting_id);
CREATE INDEX dispositions_case ON dispositions (case_id) WHERE case_id != '';
CREATE INDEX dispositions_seq ON dispositions (seq);

-- Tillæg to approved minutes, and the record of an approval being withdrawn (kind 'withdrawal', text = reason).
CREATE TABLE meeting_addenda (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    meeting_id  TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'addendum' CHECK (kind IN ('addendum', 'withdrawal')),
    text        TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX meeting_addenda_meeting ON meeting_addenda (meeting_id, created_at);
CREATE INDEX meeting_addenda_seq ON meeting_addenda (seq);
