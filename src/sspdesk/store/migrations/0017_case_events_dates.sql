-- Deadlines count from the event the seed names (issue 18, item 1), and the events a user records on a case.
--
-- A deadline row now carries its rule: the start event(s) it counts from (`start_event`, a comma-separated list of
-- event keys, see sspdesk/domain/deadline_events.py: 'registered', 'home_visit', 'talk', 'meeting:<forum>'), the
-- day from which events count (`since`: the day the case came to the level), the period (`amount`, `unit`), the
-- forum of a "next meeting" step (`forum`) and the event that meets the deadline by itself (`met_by`, e.g. the
-- Sagsmøde being called). `due` stays the one date every query reads; while the start event has not happened it is
-- '' and `waits_for` names what it waits for. `sspdesk.deadlines.refresh_case_deadlines` recomputes both from the
-- records whenever an event changes (a meeting with the case on its agenda, a recorded home visit or talk).
--
-- Compatibility: a row stored before this migration has start_event = '' and keeps its stored date – it keeps
-- working exactly as before (counted from registration). The only old rows without a date were the "at the next
-- meeting" follow-ups; they become what they always meant: the next meeting of the case's forum after the day the
-- case was registered, waiting for that meeting until one is set with the case on its agenda.
ALTER TABLE deadlines ADD COLUMN start_event TEXT NOT NULL DEFAULT '';
ALTER TABLE deadlines ADD COLUMN since       TEXT NOT NULL DEFAULT '';
ALTER TABLE deadlines ADD COLUMN amount      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deadlines ADD COLUMN unit        TEXT NOT NULL DEFAULT '';
ALTER TABLE deadlines ADD COLUMN forum       TEXT NOT NULL DEFAULT '';
ALTER TABLE deadlines ADD COLUMN met_by      TEXT NOT NULL DEFAULT '';
ALTER TABLE deadlines ADD COLUMN waits_for   TEXT NOT NULL DEFAULT '';

UPDATE deadlines
   SET start_event = 'registered',
       unit = 'next_meeting',
       since = coalesce((SELECT c.registered FROM cases c WHERE c.id = deadlines.case_id), ''),
       forum = coalesce((SELECT c.forum FROM cases c WHERE c.id = deadlines.case_id), ''),
       waits_for = 'meeting:' || coalesce((SELECT c.forum FROM cases c WHERE c.id = deadlines.case_id), '')
 WHERE due = '' AND deleted = 0;

-- Undated deadlines waiting for an event, for Overblik's "Venter" group.
CREATE INDEX deadlines_waiting ON deadlines (status, waits_for) WHERE due = '';

-- Events on a case (beside 'reopen' and 'correction'): a home visit or meeting with the custody holder
-- ('home_visit') and a talk with the young person ('talk'), each on the day it took place (`occurred_on`). They
-- start deadlines (the temporary handleplan, the level-I follow-up at the next Koordinationsmøde).
ALTER TABLE case_events ADD COLUMN occurred_on TEXT NOT NULL DEFAULT '';
