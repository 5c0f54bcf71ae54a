-- The full-text index's row ids follow the case list's order (newest registration first, then the case number;
-- see store/search_order.py), so that a search's first page is read from the index in order and stops after a
-- page, instead of fetching and sorting every hit. Re-keys the existing rows; reindex() keys new ones.
-- The key is search_order.search_key(registered, number) written in SQL (a test holds the two together): the
-- julian day, then S before J, the number's year and counter; k (the row_number) keeps equal keys apart.
CREATE TEMP TABLE search_copy AS
    WITH keyed AS (
        SELECT s.case_id AS case_id, s.number AS number, s.subject AS subject, s.body AS body,
               ((min(coalesce(CAST(julianday(substr(c.registered, 1, 10)) + 0.5 AS INTEGER), 0), 4194303) << 33)
                | CASE WHEN c.number GLOB '[A-Z]-[0-9][0-9][0-9][0-9]-[0-9]*'
                            AND substr(c.number, 8) NOT GLOB '*[^0-9]*' AND length(c.number) <= 14
                       THEN ((substr(c.number, 1, 1) = 'S') << 32)
                            | (CAST(substr(c.number, 3, 4) AS INTEGER) << 20)
                            | min(CAST(substr(c.number, 8) AS INTEGER), 1048575)
                       ELSE 0 END) * 256 AS search_key
        FROM case_search s JOIN cases c ON c.id = s.case_id
    )
    SELECT case_id, number, subject, body,
           search_key + row_number() OVER (PARTITION BY search_key ORDER BY case_id) - 1 AS new_rowid
    FROM keyed;
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
DROP INDEX IF EXISTS cases_forum;
CREATE INDEX cases_forum ON cases (deleted, forum, registered, number, id);
DROP INDEX IF EXISTS cases_coordinator;
CREATE INDEX cases_coordinator ON cases (deleted, coordinator, registered, number, id);
DROP INDEX IF EXISTS cases_area;
CREATE INDEX cases_area ON cases (deleted, area, registered, number, id);
