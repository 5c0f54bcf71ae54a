-- A DKE-Journal holds only the items of Bilag 5 (seed 000 ch. 5a: sagens genstand, klassifikation, ansvar og
-- rollefordeling, dispositioner). The case flow (Sagsforløb: kilde, forundersøgelse, tilknytning, ressourcer,
-- risiko, modtagelighed, handleplaner …) and København's focus areas (Fokusområder) are assessments of a person
-- and belong to a DKE-Sag. The services and the bundle import refuse them on a journal
-- (sspdesk.domain.forms.journal_allows); these triggers are the last line.
--
-- Journals that already hold such text keep it: nothing is deleted here. The text stays readable in the section
-- history, and the journal is flagged by that text itself (cases.CaseDetail.sag_only_sections: a live 'flow' or
-- 'focus' version on a journal) until the user deletes it (cases.remove_sag_fields, audit-logged) or raises the
-- journal to a DKE-Sag, which moves it into the sag. A tombstone (deleted = 1) always passes, so the removal
-- reaches every laptop, and an unchanged old version may be written again by the merge.

CREATE TRIGGER case_sections_journal_bilag5_insert
BEFORE INSERT ON case_sections
WHEN NEW.deleted = 0 AND NEW.section IN ('flow', 'focus')
     AND EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND kind = 'journal')
BEGIN
    SELECT RAISE(ABORT, 'En DKE-Journal har ikke afsnittene Sagsforløb og Fokusområder: de hører kun til en DKE-Sag.');
END;

CREATE TRIGGER case_sections_journal_bilag5_update
BEFORE UPDATE OF case_id, section, deleted, fields ON case_sections
WHEN NEW.deleted = 0 AND NEW.section IN ('flow', 'focus')
     AND EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND kind = 'journal')
     AND NOT (OLD.deleted = 0 AND OLD.case_id = NEW.case_id AND OLD.section = NEW.section AND OLD.fields = NEW.fields)
BEGIN
    SELECT RAISE(ABORT, 'En DKE-Journal har ikke afsnittene Sagsforløb og Fokusområder: de hører kun til en DKE-Sag.');
END;

