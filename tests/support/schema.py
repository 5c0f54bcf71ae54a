"""Taking a vault's schema back to an older version, to test what a migration does to an older vault."""

from __future__ import annotations

import re
from typing import Any

from sspdesk.store import migrations


def undo_later_migrations(conn: Any, after: int) -> None:
    """Take the schema back to version `after`, newest migration first: drop what later migrations added
    (columns, tables, triggers; indexes go with them). Anything else is refused here, so a migration that does
    more must teach this helper how to undo it."""
    undo = {
        r"ALTER TABLE (\w+) ADD COLUMN (\w+)\b.*": "ALTER TABLE {0} DROP COLUMN {1}",
        r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)\b.*": "DROP TABLE {0}",
        r"CREATE TRIGGER (?:IF NOT EXISTS )?(\w+)\b.*": "DROP TRIGGER IF EXISTS {0}",
        r"CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(\w+)\b.*": "DROP INDEX IF EXISTS {0}",
        # An index a later migration replaces is made again when that migration runs again (0018).
        r"DROP INDEX (?:IF EXISTS )?(\w+)": "SELECT '{0}'",
        # Data steps leave no schema behind (0018 re-keys the search index through a temporary copy).
        r"CREATE TEMP TABLE (\w+) AS\b.*": "SELECT '{0}'",
        r"(?:DELETE FROM|DROP TABLE) (\w+)": "SELECT '{0}'",
    }
    for migration in reversed(migrations.all_migrations()[after:]):
        body = "\n".join(line.split("--")[0] for line in migration.sql.splitlines())
        statements = [s.strip() for s in re.split(r";\s*(?:\n|$)", body) if s.strip()]
        for statement in reversed(statements):
            if statement.upper() == "END":  # the tail of a trigger body split at its inner semicolon
                continue
            found = [(re.fullmatch(p, statement, re.S | re.I), q) for p, q in undo.items()]
            match, sql = next(((m, q) for m, q in found if m), (None, ""))
            if match is None and statement.upper().startswith(("SELECT", "UPDATE", "INSERT", "BEGIN")):
                continue  # inside a trigger body
            assert match, f"{migration.name}: cannot undo {statement[:60]!r}; teach undo_later_migrations"
            conn.execute(sql.format(*match.groups()))
    conn.execute(f"PRAGMA user_version = {after}")
