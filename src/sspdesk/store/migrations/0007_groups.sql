-- Bekymringsgrupper (groups of concern, seed 001): the group, its screening text with full history, and its members.
-- All three tables are synced (see 0001). A group is described at journal level: its designation ("Gruppe ved
-- stationen") never names a person. Members point at cases; a member from a DKE-Journal is stored as a link only,
-- and every view and export of the group shows such members as a count, never by number.

CREATE TABLE concern_groups (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    number      TEXT NOT NULL,               -- G-2026-0003
    name        TEXT NOT NULL,               -- Betegnelse, e.g. "Gruppe ved stationen" (no person names)
    area        TEXT NOT NULL DEFAULT '',    -- skoledistrikt / lokalområde
    coordinator TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'followup', 'closed')),
    registered  TEXT NOT NULL,               -- ISO date
    closed_on   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX concern_groups_list ON concern_groups (deleted, status, registered, number);
CREATE INDEX concern_groups_number ON concern_groups (number);
CREATE INDEX concern_groups_seq ON concern_groups (seq);

-- One row per saved version of a section (screening, indsatser); the newest row is the current text. Rows are
-- never edited, so the history is complete and rows never conflict when synced.
CREATE TABLE group_sections (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    group_id    TEXT NOT NULL,
    section     TEXT NOT NULL,
    fields      TEXT NOT NULL,               -- JSON {field key: text}
    author      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX group_sections_current ON group_sections (group_id, section, created_at);
CREATE INDEX group_sections_seq ON group_sections (seq);

-- A member is a case. The id is derived from (group, case), so two laptops adding the same member make one record.
-- `role` (medløber, toneangivende, ...) is kept for DKE-Sag members only.
CREATE TABLE group_members (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    group_id    TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    added_on    TEXT NOT NULL                -- ISO date
);
CREATE INDEX group_members_group ON group_members (group_id, deleted);
CREATE INDEX group_members_case ON group_members (case_id);
CREATE INDEX group_members_seq ON group_members (seq);
