-- The full-text index's row ids follow the case list's order (newest registration first, then the case number;
-- see store/search_order.py), so that a search's first page is read from the index in order and stops after a
-- page, instead of fetching and sorting every hit. Re-keys the existing rows; reindex() keys new ones.
CREATE TEMP TABLE search_copy AS
    SELECT s.case_id AS case_id, s.number AS number, s.subject AS subject, s.body AS body,
           search_rowid(c.registered, c.number)
             + row_number() OVER (PARTITION BY c.registered, c.number ORDER BY c.id) - 1 AS new_rowid
    FROM case_search s JOIN cases c ON c.id = s.case_id;
DELETE FROM case_search;
DELETE FROM case_search_rows;
INSERT INTO case_search (rowid, case_id, number, subject, body)
    SELECT new_rowid, case_id, number, subject, body FROM search_copy;
INSERT OR REPLACE INTO case_search_rows (case_id, fts_rowid) SELECT case_id, new_rowid FROM search_copy;
DROP TABLE search_copy;
-- The case list in list order from an index, unfiltered or filtered on one column: its first page stops after a
-- page instead of sorting every match. Each filter's index ends in the list order (the DISTINCT values of the
-- filter menus are still read from its start); a second filter is checked on the rows walked.
CREATE INDEX cases_by_date ON cases (deleted, registered, number, id);
CREATE INDEX cases_status ON cases (deleted, status, registered, number, id);
CREATE INDEX cases_level ON cases (deleted, level, registered, number, id);
DROP INDEX cases_forum;
CREATE INDEX cases_forum ON cases (deleted, forum, registered, number, id);
DROP INDEX cases_coordinator;
CREATE INDEX cases_coordinator ON cases (deleted, coordinator, registered, number, id);
DROP INDEX cases_area;
CREATE INDEX cases_area ON cases (deleted, area, registered, number, id);
