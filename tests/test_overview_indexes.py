"""Migration 0020 keeps Overblik's derived tables by triggers (issue 20); the words it shares with the code."""

from __future__ import annotations

from sspdesk.information_deadline import CONTACT_KIND, YOUNG_PERSON_ONLY
from sspdesk.store import migrations


def _migration_sql() -> str:
    return next(m.sql for m in migrations.all_migrations() if m.name == "0020_overview_indexes.sql")


def test_the_information_table_uses_the_contact_kind_and_the_young_person_choice_of_the_code():
    sql = _migration_sql()
    assert f"d.kind = '{CONTACT_KIND}'" in sql
    assert f"!= '{YOUNG_PERSON_ONLY}'" in sql


def test_the_derived_tables_are_not_synced(vault):
    # No sync columns: a bundle never carries them; each laptop derives them from its records.
    from sspdesk.store.records import synced_tables

    tables = synced_tables(vault.conn)
    assert not {"case_activity", "case_information", "deadline_state"} & set(tables)
    present = {r[0] for r in vault.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"case_activity", "case_information", "deadline_state"} <= present


def test_the_triggers_keep_each_derived_table_as_the_migration_would_build_it_afresh(vault):
    from datetime import date

    from sspdesk.cases import close_case, list_cases, mark_deadline_done
    from sspdesk.demo.data import fill_demo

    fill_demo(vault, today=date(2026, 3, 12))
    # Changes after the records were written: a deadline done, a case closed.
    conn = vault.conn
    open_deadline = conn.execute("SELECT id FROM deadlines WHERE status = 'open' AND due != '' LIMIT 1").fetchone()[0]
    mark_deadline_done(vault, open_deadline, today=date(2026, 3, 12))
    sag = next(c for c in list_cases(vault) if c.status == "open" and c.kind == "sag")
    close_case(vault, sag.id, "Lukket i testen: forløbet er afsluttet.", "Ikke overdraget.", today=date(2026, 3, 12))
    for table in ("case_activity", "case_information", "deadline_state"):
        kept = sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
        fresh_sql = next(s for s in _migration_sql().split(";\n") if s.lstrip().startswith(f"INSERT INTO {table} "))
        with vault.transaction() as tx:
            tx.execute(f"DELETE FROM {table}")
            tx.execute(fresh_sql)
            fresh = sorted(tx.execute(f"SELECT * FROM {table}").fetchall())
        assert kept == fresh, table
        assert kept  # the demo has cases and deadlines
