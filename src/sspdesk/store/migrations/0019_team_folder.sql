-- The team folder (issue 19, sspdesk/teamsync): what this laptop wrote into it, what it judged there, and where
-- each colleague stands. Not synced: every laptop keeps its own view of the folder. No personal data: file names,
-- content hashes, sequence numbers and Danish reasons only.

-- Every file this vault has judged for good in a team folder, by name and by the SHA-256 of its bytes (a conflict
-- copy with the same bytes is the same file). outcome: imported | not_for_us | quarantined | foreign |
-- unknown_sender | copy (a conflict copy of a file judged before).
CREATE TABLE teamsync_files (
    name          TEXT PRIMARY KEY,
    sha256        TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    writer_device TEXT NOT NULL DEFAULT '',
    writer_seq    INTEGER NOT NULL DEFAULT 0,
    sender        TEXT NOT NULL DEFAULT '',   -- the signer's fingerprint, when the file could be opened
    news          INTEGER NOT NULL DEFAULT 0, -- the writer said it carries changes (acknowledged promptly)
    ack_sent      INTEGER NOT NULL DEFAULT 0, -- our acknowledgement of it went out in one of our files
    judged_at     TEXT NOT NULL
);
CREATE INDEX teamsync_files_sha256 ON teamsync_files (sha256);
CREATE INDEX teamsync_files_writer ON teamsync_files (writer_device, outcome);

-- The files this laptop wrote: one per colleague and round at most. `mark` is the change sequence the file brings
-- the colleague up to once imported; `acked_at` when the colleague acknowledged it; `pruned_at` when we removed it.
CREATE TABLE teamsync_written (
    seq        INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    peer_id    TEXT NOT NULL,
    mark       INTEGER NOT NULL,
    news       INTEGER NOT NULL,
    records    INTEGER NOT NULL,
    written_at TEXT NOT NULL,
    acked_at   TEXT,
    pruned_at  TEXT
);
CREATE INDEX teamsync_written_peer ON teamsync_written (peer_id);

-- Per colleague: the change sequence they have acknowledged (the next file carries everything after it), the change
-- sequence when we last wrote to them, when a file of theirs was last imported and when they last acknowledged.
CREATE TABLE teamsync_peers (
    peer_id      TEXT PRIMARY KEY,
    acked_mark   INTEGER NOT NULL DEFAULT 0,
    written_seq  INTEGER NOT NULL DEFAULT -1,
    last_sync_at TEXT NOT NULL DEFAULT '',
    last_ack_at  TEXT NOT NULL DEFAULT ''
);
