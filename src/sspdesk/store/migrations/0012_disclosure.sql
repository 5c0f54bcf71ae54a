-- Every disclosure under a legal basis (issue 15): who may receive what, as data.
--
-- Consents (Bilag 6): a second custody holder (joint custody) who also signs. The parties of a consent stay in
-- the JSON column `contacts`; each entry now also carries `party_type` (a key of the profile's party types).
ALTER TABLE consents ADD COLUMN giver2_name TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN giver2_cpr TEXT NOT NULL DEFAULT '';      -- 10 digits, '' = one custody holder
ALTER TABLE consents ADD COLUMN giver2_signed INTEGER NOT NULL DEFAULT 0;

-- Exchanges: the recipient as structured data, the information categories, the necessity test (København: is
-- it necessary, is it relevant, is it the least) and the conditions of a statutory basis that were confirmed,
-- and whether we sent or received it (a bundle records both ends).
ALTER TABLE information_exchanges ADD COLUMN recipient_authority TEXT NOT NULL DEFAULT '';
ALTER TABLE information_exchanges ADD COLUMN recipient_party TEXT NOT NULL DEFAULT '';   -- profile party type
ALTER TABLE information_exchanges ADD COLUMN categories TEXT NOT NULL DEFAULT '[]';     -- JSON list of keys
ALTER TABLE information_exchanges ADD COLUMN necessity TEXT NOT NULL DEFAULT '[]';      -- JSON list of ticks
ALTER TABLE information_exchanges ADD COLUMN conditions TEXT NOT NULL DEFAULT '[]';     -- JSON list of keys
-- 'sent' | 'received' (checked by the service and the import: an erased row is emptied to '').
ALTER TABLE information_exchanges ADD COLUMN direction TEXT NOT NULL DEFAULT 'sent';
ALTER TABLE information_exchanges ADD COLUMN bundle_id TEXT NOT NULL DEFAULT '';

-- A colleague's laptop is a recipient like any other: its authority and party type decide what it may get.
ALTER TABLE peers ADD COLUMN authority TEXT NOT NULL DEFAULT '';
ALTER TABLE peers ADD COLUMN party_type TEXT NOT NULL DEFAULT '';

-- The contacts register (professionals): their party type, so an exchange can name a contact as recipient.
ALTER TABLE contacts ADD COLUMN party_type TEXT NOT NULL DEFAULT '';
