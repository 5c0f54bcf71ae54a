"""The case list and the search a page at a time: read in list order from an index with LIMIT, the total counted
separately; pages that join up to the whole list; `cases list --json` streamed, with the same output as before."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from sspdesk.cases import NewCase, case_page, count_cases, list_case_ids, list_cases, register_case
from sspdesk.cli import main
from sspdesk.store import cases_repo
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.search_order import search_key
from sspdesk.store.vault import Vault
from support import PASSPHRASE, templates
from support.records import CPR
from support.schema import undo_later_migrations

WORDS = ("graffiti", "hærværk", "fravær", "uro")


def _forty_cases(vault: Vault) -> None:
    """40 cases over a few days (several on the same day, journals and sager), subjects from WORDS."""
    rng = random.Random(7)
    for index in range(40):
        level = rng.choice(("I", "I", "II"))
        extra = {"person_name": f"Oskar Opdigtet{index}", "cpr": CPR} if level == "II" else {}
        register_case(
            vault,
            NewCase(
                level=level,
                subject=f"{rng.choice(WORDS)} ved skolen {index}",
                registered=date(2026, 2, 1) + timedelta(days=rng.randrange(6)),
                **extra,
            ),
        )


FORTY_CASES = templates.Filling("test_case_pages: 40 cases", _forty_cases)


@pytest.fixture
def filled(vault_path: Path) -> Iterator[Vault]:
    """The vault fixture's vault with `_forty_cases` registered – a copy of a template filled once per run."""
    opened = templates.new_vault(vault_path, PASSPHRASE, {"user_name": "Test Koordinator"}, FORTY_CASES)
    yield opened
    opened.close()


def _list_order(vault: Vault, ids: list[str]) -> list[tuple[str, str]]:
    rows = {r.id: r for r in cases_repo.fetch_list_rows(vault.conn, ids)}
    return [(rows[i].registered, rows[i].number) for i in ids]


@pytest.mark.parametrize(
    "query",
    [
        CaseQuery(),
        CaseQuery(status="open"),
        CaseQuery(level="II"),
        CaseQuery(text="graffiti"),
        CaseQuery(text="skolen"),
    ],
    ids=["all", "status", "level", "search", "search-every-case"],
)
def test_pages_join_up_to_the_whole_list_in_list_order_and_the_count_is_right(filled: Vault, query) -> None:
    whole = list_case_ids(filled, query)
    pages, offset = [], 0
    while page := case_page(filled, query, offset, 7):
        assert len(page) <= 7
        pages += page
        offset += len(page)
    assert pages == whole  # no case twice, none left out: the pages are stable
    assert count_cases(filled, query) == len(whole)
    order = _list_order(filled, whole)
    assert order == sorted(order, reverse=True)  # newest registration first, then the highest number
    if query.text:
        assert all(query.text in r.subject for r in cases_repo.fetch_list_rows(filled.conn, whole))


def test_the_search_lists_every_case_that_holds_the_word_and_no_other(filled: Vault) -> None:
    found = set(list_case_ids(filled, CaseQuery(text="hærværk")))
    expected = {r.id for r in list_cases(filled) if "hærværk" in r.subject}
    assert found == expected and found


@pytest.mark.parametrize("query", [CaseQuery(limit=200), CaseQuery(status="open", limit=200), CaseQuery(text="uro")])
def test_a_page_is_read_in_order_from_an_index_never_sorted_after_the_fact(filled: Vault, query) -> None:
    sql, params = cases_repo._list_sql(query, "c.id")
    sql += " ORDER BY s.rowid DESC" if query.text else " ORDER BY c.registered DESC, c.number DESC"
    plan = " ".join(row[-1] for row in filled.conn.execute(f"EXPLAIN QUERY PLAN {sql} LIMIT 200", params))
    assert "TEMP B-TREE" not in plan  # a sort would read every match before the first row


def test_a_search_is_logged_once_with_its_hits_when_counted(filled: Vault) -> None:
    before = filled.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'case.search'").fetchone()[0]
    query = CaseQuery(text="graffiti")
    case_page(filled, query, 0, 5)  # the page alone is not logged
    total = count_cases(filled, query)
    details = [
        row[0] for row in filled.conn.execute("SELECT detail FROM audit_log WHERE action = 'case.search' ORDER BY seq")
    ]
    assert len(details) == before + 1 and details[-1].endswith(f"({total} fundet)")


def test_a_case_edited_to_another_date_moves_in_the_search_order(filled: Vault) -> None:
    query = CaseQuery(text="skolen")
    last = list_case_ids(filled, query)[-1]
    with filled.transaction() as conn:
        cases_repo.update_case(conn, filled.device_id, last, {"registered": "2026-12-24"})
        cases_repo.reindex(conn, last)
    assert list_case_ids(filled, query)[0] == last


def test_an_older_vault_is_re_keyed_so_that_its_search_is_in_list_order(filled: Vault) -> None:
    conn = filled.conn
    odd = ["S-2026-12345", "J-2026-7", "X-20-1", "S-2026-0001x", "", "S-2026-12345678"]  # kept apart or sorted as 0
    ids = [row[0] for row in conn.execute("SELECT id FROM cases ORDER BY id LIMIT ?", (len(odd) + 1,))]
    with filled.transaction():
        for case_id, number in zip(ids, [*odd, "S-2026-12345"], strict=True):  # the last: the same key twice
            conn.execute("UPDATE cases SET number = ?, registered = '2026-02-03' WHERE id = ?", (number, case_id))
    with filled.transaction():  # the index as before migration 18: rowids in the order of editing
        rows = conn.execute("SELECT case_id, number, subject, body FROM case_search").fetchall()
        random.Random(3).shuffle(rows)
        conn.execute("DELETE FROM case_search")
        conn.execute("DELETE FROM case_search_rows")
        for rowid, row in enumerate(rows, start=1):
            conn.execute(
                "INSERT INTO case_search (rowid, case_id, number, subject, body) VALUES (?, ?, ?, ?, ?)", (rowid, *row)
            )
            conn.execute("INSERT INTO case_search_rows (case_id, fts_rowid) VALUES (?, ?)", (row[0], rowid))
        for index in ("cases_by_date", "cases_status", "cases_level"):
            conn.execute(f"DROP INDEX {index}")
    undo_later_migrations(conn, 17)  # and what came after 18 (its tables are made again)
    path = filled.path
    filled.close()
    with Vault.open(path, PASSPHRASE) as again:
        query = CaseQuery(text="skolen")
        whole = list_case_ids(again, query)
        assert len(whole) == 40
        rows = again.conn.execute(
            "SELECT r.fts_rowid, c.registered, c.number FROM case_search_rows r JOIN cases c ON c.id = r.case_id"
        ).fetchall()
        # The migration's SQL gives the key that reindex() gives (search_order.search_key), plus k for cases that
        # share it (the same day and number, or numbers of no known form: those sort as 0 within their day).
        assert [(r, n) for rowid, r, n in rows if not 0 <= rowid - search_key(r, n) < 8] == []
        assert len({rowid for rowid, _, _ in rows}) == 40
        plain = [(r, n) for r, n in _list_order(again, whole) if n not in odd]
        assert plain == sorted(plain, reverse=True)


def _cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_cases_list_json_is_streamed_with_the_same_output_as_before(
    capsys, filled: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = {
        (): CaseQuery(),
        ("--status", "open"): CaseQuery(status="open"),
        ("--search", "intet"): CaseQuery(text="intet"),
    }
    expected = {
        flags: json.dumps([r.to_json() for r in list_cases(filled, q)], ensure_ascii=False, indent=2, default=str)
        + "\n"
        for flags, q in queries.items()
    }
    path = filled.path
    filled.close()
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    for flags, text in expected.items():
        assert _cli(capsys, "--json", "cases", "list", *flags) == (0, text)
    code, out = _cli(capsys, "cases", "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Nummer") and len(lines) == 41
    assert _cli(capsys, "cases", "list", "--search", "intet") == (0, "Ingen sager.\n")


def test_the_json_of_a_cli_list_is_valid_for_zero_one_and_many_items(vault: Vault, tmp_path: Path) -> None:
    from argparse import Namespace
    from contextlib import redirect_stdout
    from io import StringIO

    from sspdesk.cli.common import emit_stream

    for items in ([], [{"a": 1}], [{"a": 1, "b": ["x", "y"]}, {"a": "æ\nø"}]):
        out = StringIO()
        with redirect_stdout(out):
            emit_stream(Namespace(json=True), iter(items), str, "", "")
        assert out.getvalue() == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
