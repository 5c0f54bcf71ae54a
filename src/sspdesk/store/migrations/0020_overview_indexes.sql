-- Overblik's "Sager uden aktivitet i 12 måneder" from an index (issue 20): each case's last activity, kept by
-- triggers in a table of its own, so the box reads the longest-quiet open cases with a LIMIT and counts them from
-- a partial index instead of working out every open case's last activity at each unlock.
-- What counts as activity is defined here (store/inactivity_repo.py says it in words): the case's registration and
-- last change, its sections, events, meetings with it on the agenda, dispositions, underretninger and deadlines
-- marked done (deleted records do not count). Every write to one of them recomputes that case's row.
-- Not synced (no sync columns): each laptop derives it from the records it holds. No personal data: ids, case
-- numbers and dates.
CREATE TABLE case_activity (
    case_id       TEXT PRIMARY KEY,
    number        TEXT NOT NULL,
    open          INTEGER NOT NULL,  -- 1: not deleted and open
    last_activity TEXT NOT NULL
);
CREATE INDEX case_activity_quiet ON case_activity (last_activity, number) WHERE open = 1;

INSERT INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c;


CREATE TRIGGER case_activity_case_insert AFTER INSERT ON cases
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = NEW.id;
END;

CREATE TRIGGER case_activity_case_update AFTER UPDATE ON cases
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = NEW.id;
END;

CREATE TRIGGER case_activity_case_delete AFTER DELETE ON cases
BEGIN
    DELETE FROM case_activity WHERE case_id = OLD.id;
END;

CREATE TRIGGER case_activity_case_sections_insert AFTER INSERT ON case_sections
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = NEW.case_id;
END;

CREATE TRIGGER case_activity_case_sections_update AFTER UPDATE ON case_sections
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER case_activity_case_sections_delete AFTER DELETE ON case_sections
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = OLD.case_id;
END;

CREATE TRIGGER case_activity_case_events_insert AFTER INSERT ON case_events
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = NEW.case_id;
END;

CREATE TRIGGER case_activity_case_events_update AFTER UPDATE ON case_events
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER case_activity_case_events_delete AFTER DELETE ON case_events
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = OLD.case_id;
END;

CREATE TRIGGER case_activity_agenda_items_insert AFTER INSERT ON agenda_items
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = NEW.case_id;
END;

CREATE TRIGGER case_activity_agenda_items_update AFTER UPDATE ON agenda_items
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER case_activity_agenda_items_delete AFTER DELETE ON agenda_items
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = OLD.case_id;
END;

CREATE TRIGGER case_activity_dispositions_insert AFTER INSERT ON dispositions
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = NEW.case_id;
END;

CREATE TRIGGER case_activity_dispositions_update AFTER UPDATE ON dispositions
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER case_activity_dispositions_delete AFTER DELETE ON dispositions
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = OLD.case_id;
END;

CREATE TRIGGER case_activity_underretninger_insert AFTER INSERT ON underretninger
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = NEW.case_id;
END;

CREATE TRIGGER case_activity_underretninger_update AFTER UPDATE ON underretninger
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER case_activity_underretninger_delete AFTER DELETE ON underretninger
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = OLD.case_id;
END;

CREATE TRIGGER case_activity_deadlines_insert AFTER INSERT ON deadlines
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = NEW.case_id;
END;

CREATE TRIGGER case_activity_deadlines_update AFTER UPDATE ON deadlines
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER case_activity_deadlines_delete AFTER DELETE ON deadlines
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id = OLD.case_id;
END;

-- A meeting moved, cancelled or deleted: every case on its agenda.
CREATE TRIGGER case_activity_meetings_update AFTER UPDATE OF starts_at, deleted ON meetings
BEGIN
    INSERT OR REPLACE INTO case_activity (case_id, number, open, last_activity)
    SELECT c.id, c.number, c.deleted = 0 AND c.status = 'open', max(
        c.registered,
        substr(c.updated_at, 1, 10),
        coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
                  WHERE s.case_id = c.id AND s.deleted = 0), ''),
        coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
                  WHERE e.case_id = c.id AND e.deleted = 0), ''),
        coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
                  WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
        coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
                  WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
        coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
        coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
    )
    FROM cases c WHERE c.id IN (SELECT i.case_id FROM agenda_items i WHERE i.meeting_id = NEW.id AND i.case_id != '');
END;

-- Mine frister's computed information deadlines (sspdesk.information_deadline) walk the open sager at a level that
-- always informs: a covering index, so that walk reads neither the case rows nor cases of other kinds or states.
CREATE INDEX cases_open_sager ON cases (level, id, number, registered, birth_date, subject)
    WHERE deleted = 0 AND kind = 'sag' AND status = 'open';
