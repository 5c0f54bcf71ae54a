-- Allowed phrases (issue 16): text the user has said is not a person's name ("Peter Sabroe Skolen"), so the
-- journal rule's probable-name detector lets it stand in a DKE-Journal. Synced like the other tables (see 0001),
-- so every laptop sharing the vault applies the same rule. CPR numbers and registered names are never allowed;
-- the service refuses such a phrase before it gets here. The id is derived from the casefolded phrase, so the same
-- phrase allowed on two laptops makes one record.
CREATE TABLE allowed_phrases (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    phrase      TEXT NOT NULL,
    added_by    TEXT NOT NULL DEFAULT '',
    added_on    TEXT NOT NULL DEFAULT ''      -- ISO date
);
CREATE INDEX allowed_phrases_live ON allowed_phrases (deleted, phrase);
CREATE INDEX allowed_phrases_seq ON allowed_phrases (seq);
