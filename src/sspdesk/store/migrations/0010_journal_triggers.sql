-- The journal rule as a database constraint (issue 16): a DKE-Journal's text – and the text of everything that
-- belongs to one (its sections and deadlines; the reasons, minutes and dispositions of an agenda item about a
-- journal or about a group with a journal member; the addenda of a meeting whose items are all under the journal
-- rule; the sections of a group with a journal member) – may hold no CPR number, birth date, address or phone
-- number. `journal_text_ok(text[, field key])` is registered on every connection by sspdesk.store.connection (the context-free
-- part of the journal rule, sspdesk.domain.journal_text); names need the vault's context and are checked by the
-- services and the bundle import, which also run first and give the better message. This is the last line. The
-- field key matters for the professionals' fields (coordinator, a disposition's owner, a section's kontaktperson):
-- a work phone number may stand there, as the service allows it.
--
-- Only writes fire triggers: a vault opened without the function (plain sqlcipher3) can still be read. A tombstone
-- (deleted = 1) is not checked, and an UPDATE is checked only when the text (or what makes it journal text)
-- changes, so a journal written before this rule can still be closed, moved or deleted.

-- The header of a DKE-Journal (person_name, cpr and birth_date are empty by the CHECK of 0002).
CREATE TRIGGER cases_journal_text_insert BEFORE INSERT ON cases
WHEN NEW.kind = 'journal'
    AND NEW.deleted = 0
    AND (NOT journal_text_ok(NEW.subject) OR NOT journal_text_ok(NEW.area) OR NOT journal_text_ok(NEW.forum) OR NOT journal_text_ok(NEW.coordinator, 'coordinator'))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

CREATE TRIGGER cases_journal_text_update BEFORE UPDATE ON cases
WHEN NEW.kind = 'journal'
    AND NEW.deleted = 0
    AND (((NEW.subject IS NOT OLD.subject OR OLD.kind IS NOT 'journal' OR OLD.deleted) AND NOT journal_text_ok(NEW.subject)) OR ((NEW.area IS NOT OLD.area OR OLD.kind IS NOT 'journal' OR OLD.deleted) AND NOT journal_text_ok(NEW.area)) OR ((NEW.forum IS NOT OLD.forum OR OLD.kind IS NOT 'journal' OR OLD.deleted) AND NOT journal_text_ok(NEW.forum)) OR ((NEW.coordinator IS NOT OLD.coordinator OR OLD.kind IS NOT 'journal' OR OLD.deleted) AND NOT journal_text_ok(NEW.coordinator, 'coordinator')))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

-- A journal's sections: every text value of the JSON object (not the minutes' meeting id).
CREATE TRIGGER case_sections_journal_text_insert BEFORE INSERT ON case_sections
WHEN NEW.deleted = 0
    AND (SELECT kind FROM cases WHERE id = NEW.case_id) = 'journal'
    AND EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(NEW.fields) THEN NEW.fields ELSE '{}' END) WHERE key != 'meeting' AND type = 'text' AND NOT journal_text_ok(value, key))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

CREATE TRIGGER case_sections_journal_text_update BEFORE UPDATE ON case_sections
WHEN NEW.deleted = 0
    AND (NEW.fields IS NOT OLD.fields OR NEW.case_id IS NOT OLD.case_id OR OLD.deleted)
    AND (SELECT kind FROM cases WHERE id = NEW.case_id) = 'journal'
    AND EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(NEW.fields) THEN NEW.fields ELSE '{}' END) WHERE key != 'meeting' AND type = 'text' AND NOT journal_text_ok(value, key))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

-- A journal's deadlines.
CREATE TRIGGER deadlines_journal_text_insert BEFORE INSERT ON deadlines
WHEN NEW.deleted = 0
    AND (SELECT kind FROM cases WHERE id = NEW.case_id) = 'journal'
    AND (NOT journal_text_ok(NEW.label))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

CREATE TRIGGER deadlines_journal_text_update BEFORE UPDATE ON deadlines
WHEN NEW.deleted = 0
    AND (SELECT kind FROM cases WHERE id = NEW.case_id) = 'journal'
    AND (((NEW.label IS NOT OLD.label OR NEW.case_id IS NOT OLD.case_id OR OLD.deleted) AND NOT journal_text_ok(NEW.label)))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

-- An agenda item about a journal, or about a group with a journal member.
CREATE TRIGGER agenda_items_journal_text_insert BEFORE INSERT ON agenda_items
WHEN NEW.deleted = 0
    AND ((SELECT kind FROM cases WHERE id = NEW.case_id) = 'journal' OR (NEW.group_id != '' AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = NEW.group_id AND gm.deleted = 0 AND gc.kind = 'journal')))
    AND (NOT journal_text_ok(NEW.title) OR NOT journal_text_ok(NEW.reason))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

CREATE TRIGGER agenda_items_journal_text_update BEFORE UPDATE ON agenda_items
WHEN NEW.deleted = 0
    AND ((SELECT kind FROM cases WHERE id = NEW.case_id) = 'journal' OR (NEW.group_id != '' AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = NEW.group_id AND gm.deleted = 0 AND gc.kind = 'journal')))
    AND (((NEW.title IS NOT OLD.title OR NEW.case_id IS NOT OLD.case_id OR NEW.group_id IS NOT OLD.group_id OR OLD.deleted) AND NOT journal_text_ok(NEW.title)) OR ((NEW.reason IS NOT OLD.reason OR NEW.case_id IS NOT OLD.case_id OR NEW.group_id IS NOT OLD.group_id OR OLD.deleted) AND NOT journal_text_ok(NEW.reason)))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

-- The minutes of such an item.
CREATE TRIGGER minutes_journal_text_insert BEFORE INSERT ON minutes
WHEN NEW.deleted = 0
    AND EXISTS (SELECT 1 FROM agenda_items ji LEFT JOIN cases jc ON jc.id = ji.case_id WHERE ji.id = NEW.item_id AND (jc.kind = 'journal' OR (ji.group_id != '' AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = ji.group_id AND gm.deleted = 0 AND gc.kind = 'journal'))))
    AND (NOT journal_text_ok(NEW.discussion) OR NOT journal_text_ok(NEW.decision))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

CREATE TRIGGER minutes_journal_text_update BEFORE UPDATE ON minutes
WHEN NEW.deleted = 0
    AND EXISTS (SELECT 1 FROM agenda_items ji LEFT JOIN cases jc ON jc.id = ji.case_id WHERE ji.id = NEW.item_id AND (jc.kind = 'journal' OR (ji.group_id != '' AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = ji.group_id AND gm.deleted = 0 AND gc.kind = 'journal'))))
    AND (((NEW.discussion IS NOT OLD.discussion OR NEW.item_id IS NOT OLD.item_id OR OLD.deleted) AND NOT journal_text_ok(NEW.discussion)) OR ((NEW.decision IS NOT OLD.decision OR NEW.item_id IS NOT OLD.item_id OR OLD.deleted) AND NOT journal_text_ok(NEW.decision)))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

-- The dispositions of such an item (or of a journal).
CREATE TRIGGER dispositions_journal_text_insert BEFORE INSERT ON dispositions
WHEN NEW.deleted = 0
    AND (EXISTS (SELECT 1 FROM agenda_items ji LEFT JOIN cases jc ON jc.id = ji.case_id WHERE ji.id = NEW.item_id AND (jc.kind = 'journal' OR (ji.group_id != '' AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = ji.group_id AND gm.deleted = 0 AND gc.kind = 'journal')))) OR (SELECT kind FROM cases WHERE id = NEW.case_id) = 'journal')
    AND (NOT journal_text_ok(NEW.owner, 'owner') OR NOT journal_text_ok(NEW.what))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

CREATE TRIGGER dispositions_journal_text_update BEFORE UPDATE ON dispositions
WHEN NEW.deleted = 0
    AND (EXISTS (SELECT 1 FROM agenda_items ji LEFT JOIN cases jc ON jc.id = ji.case_id WHERE ji.id = NEW.item_id AND (jc.kind = 'journal' OR (ji.group_id != '' AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = ji.group_id AND gm.deleted = 0 AND gc.kind = 'journal')))) OR (SELECT kind FROM cases WHERE id = NEW.case_id) = 'journal')
    AND (((NEW.owner IS NOT OLD.owner OR NEW.item_id IS NOT OLD.item_id OR NEW.case_id IS NOT OLD.case_id OR OLD.deleted) AND NOT journal_text_ok(NEW.owner, 'owner')) OR ((NEW.what IS NOT OLD.what OR NEW.item_id IS NOT OLD.item_id OR NEW.case_id IS NOT OLD.case_id OR OLD.deleted) AND NOT journal_text_ok(NEW.what)))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

-- An addendum to minutes whose items are under the journal rule and none about a DKE-Sag (as the service).
CREATE TRIGGER meeting_addenda_journal_text_insert BEFORE INSERT ON meeting_addenda
WHEN NEW.deleted = 0
    AND NEW.kind IN ('addendum', 'withdrawal')
    AND (EXISTS (SELECT 1 FROM agenda_items ai LEFT JOIN cases ac ON ac.id = ai.case_id WHERE ai.meeting_id = NEW.meeting_id AND ai.deleted = 0 AND (ac.kind = 'journal' OR (ai.group_id != '' AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = ai.group_id AND gm.deleted = 0 AND gc.kind = 'journal')))) AND NOT EXISTS (SELECT 1 FROM agenda_items ai LEFT JOIN cases ac ON ac.id = ai.case_id WHERE ai.meeting_id = NEW.meeting_id AND ai.deleted = 0 AND ac.kind = 'sag' AND NOT (ac.kind = 'journal' OR (ai.group_id != '' AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = ai.group_id AND gm.deleted = 0 AND gc.kind = 'journal')))))
    AND (NOT journal_text_ok(NEW.text))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

CREATE TRIGGER meeting_addenda_journal_text_update BEFORE UPDATE ON meeting_addenda
WHEN NEW.deleted = 0
    AND NEW.kind IN ('addendum', 'withdrawal')
    AND (EXISTS (SELECT 1 FROM agenda_items ai LEFT JOIN cases ac ON ac.id = ai.case_id WHERE ai.meeting_id = NEW.meeting_id AND ai.deleted = 0 AND (ac.kind = 'journal' OR (ai.group_id != '' AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = ai.group_id AND gm.deleted = 0 AND gc.kind = 'journal')))) AND NOT EXISTS (SELECT 1 FROM agenda_items ai LEFT JOIN cases ac ON ac.id = ai.case_id WHERE ai.meeting_id = NEW.meeting_id AND ai.deleted = 0 AND ac.kind = 'sag' AND NOT (ac.kind = 'journal' OR (ai.group_id != '' AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = ai.group_id AND gm.deleted = 0 AND gc.kind = 'journal')))))
    AND (((NEW.text IS NOT OLD.text OR NEW.meeting_id IS NOT OLD.meeting_id OR NEW.kind IS NOT OLD.kind OR OLD.deleted) AND NOT journal_text_ok(NEW.text)))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

-- The sections of a group with a journal member.
CREATE TRIGGER group_sections_journal_text_insert BEFORE INSERT ON group_sections
WHEN NEW.deleted = 0
    AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = NEW.group_id AND gm.deleted = 0 AND gc.kind = 'journal')
    AND EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(NEW.fields) THEN NEW.fields ELSE '{}' END) WHERE key != 'meeting' AND type = 'text' AND NOT journal_text_ok(value, key))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;

CREATE TRIGGER group_sections_journal_text_update BEFORE UPDATE ON group_sections
WHEN NEW.deleted = 0
    AND (NEW.fields IS NOT OLD.fields OR NEW.group_id IS NOT OLD.group_id OR OLD.deleted)
    AND EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id WHERE gm.group_id = NEW.group_id AND gm.deleted = 0 AND gc.kind = 'journal')
    AND EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(NEW.fields) THEN NEW.fields ELSE '{}' END) WHERE key != 'meeting' AND type = 'text' AND NOT journal_text_ok(value, key))
BEGIN SELECT RAISE(ABORT, 'journal_rule'); END;
