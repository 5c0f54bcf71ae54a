-- Sync that a wrong colleague cannot bend (issue 17, items 3 and 4).
--
-- A device id is bound to the signing key that first used it (fingerprint). A bundle signed by another key that
-- claims a bound device id is refused, so no colleague can speak for another one – or for this vault – in the
-- version vectors. Not synced: whom this vault has seen is its own business.
CREATE TABLE device_bindings (
    device_id   TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    bound_at    TEXT NOT NULL
);
CREATE INDEX device_bindings_fingerprint ON device_bindings (fingerprint);
INSERT INTO device_bindings (device_id, fingerprint, bound_at)
    SELECT device_id, fingerprint, added_at FROM peers WHERE device_id != '';

-- An explicit event on a settled (closed) case: 'reopen' (Genåbnet, with the reason). A closed case changes
-- through a bundle only together with such an event, which the receiving user is shown in the import report.
CREATE TABLE case_events (
    id          TEXT PRIMARY KEY,
    vv          TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    seq         INTEGER NOT NULL,
    case_id     TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'reopen',   -- 'reopen' (checked by the service and the import)
    reason      TEXT NOT NULL DEFAULT '',
    author      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, created_at);
CREATE INDEX case_events_seq ON case_events (seq);
