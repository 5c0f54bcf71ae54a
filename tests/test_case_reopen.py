"""Issue 17, item 4: a closed case changes only by the colleague's explicit reopening – `cases reopen ID --reason`
in the CLI (the GUI's "Genåbn sag…" is tested in tests/ui/test_cases_page.py). The reopening is an event that
travels in bundles and is shown in the receiver's import report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sspdesk.bundles.importer import import_bundle
from sspdesk.cases import close_case, get_case
from sspdesk.cli import main
from sspdesk.store.vault import Vault
from support.bundles import dump, export_to, journal, sag

PASSPHRASE_A, PASSPHRASE_B = "kode a 'æøå'", "kode b 'æøå'"


def cli(monkeypatch, capsys, path: Path, passphrase: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", passphrase)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def closed_at_both(pair, tmp_path: Path):
    """A closed a sag and sent it to B; both vaults closed (the CLI opens them)."""
    a, b = pair
    s = sag(a)
    close_case(a, s.id, "Forløbet er afsluttet", "Overdrages ikke", today=date(2026, 4, 1))
    import_bundle(b, export_to(a, b, tmp_path / "closed.sspbundle"), trust_new_sender=True)
    paths = a.path, b.path
    a.close()
    b.close()
    return paths, s.case.number


def test_cases_reopen_needs_a_reason_and_a_closed_case(closed_at_both, monkeypatch, capsys) -> None:
    (a_path, _), number = closed_at_both
    with Vault.open(a_path, PASSPHRASE_A) as a:
        before = dump(a)
    code, _, err = cli(monkeypatch, capsys, a_path, PASSPHRASE_A, "cases", "reopen", number)
    assert code == 4 and "Skriv hvorfor sagen genåbnes" in err
    code, _, err = cli(monkeypatch, capsys, a_path, PASSPHRASE_A, "cases", "reopen", number, "--reason", "  ")
    assert code == 4
    with Vault.open(a_path, PASSPHRASE_A) as a:
        assert dump(a) == before

    code, out, _ = cli(
        monkeypatch, capsys, a_path, PASSPHRASE_A, "--json", "cases", "reopen", number, "--reason", "Ny henvendelse"
    )
    assert code == 0
    data = json.loads(out)
    assert data["number"] == number and data["status"] == "open" and data["reason"] == "Ny henvendelse"
    with Vault.open(a_path, PASSPHRASE_A) as a:
        assert get_case(a, number).case.status == "open"
        logged = a.conn.execute("SELECT subject_ref FROM audit_log WHERE action = 'case.reopen'").fetchall()
        assert [row[0] for row in logged] == [number]

    code, _, err = cli(monkeypatch, capsys, a_path, PASSPHRASE_A, "cases", "reopen", number, "--reason", "Igen")
    assert code == 4 and "ikke lukket" in err


def test_a_reopening_from_the_cli_travels_and_the_receivers_report_shows_it(
    closed_at_both, tmp_path: Path, monkeypatch, capsys
) -> None:
    (a_path, b_path), number = closed_at_both
    code, out, _ = cli(
        monkeypatch, capsys, a_path, PASSPHRASE_A, "cases", "reopen", number, "--reason", "Skolen har henvendt sig"
    )
    assert code == 0 and number in out and "genåbnet" in out
    with Vault.open(a_path, PASSPHRASE_A) as a, Vault.open(b_path, PASSPHRASE_B) as b:
        export_to(a, b, tmp_path / "reopened.sspbundle")
    code, out, _ = cli(monkeypatch, capsys, b_path, PASSPHRASE_B, "import", str(tmp_path / "reopened.sspbundle"))
    assert code == 0
    assert f"Sagen {number} er genåbnet af Kollega a" in out and "Skolen har henvendt sig" in out
    with Vault.open(b_path, PASSPHRASE_B) as b:
        assert get_case(b, number).case.status == "open"


def test_a_journal_is_reopened_only_with_a_reason_without_person_data(pair, monkeypatch, capsys) -> None:
    a, _ = pair
    j = journal(a)
    close_case(a, j.id, "Afsluttet", today=date(2026, 4, 1))
    path = a.path
    a.close()
    code, _, err = cli(
        monkeypatch, capsys, path, PASSPHRASE_A, "cases", "reopen", j.case.number, "--reason", "CPR 0503104321 ringede"
    )
    assert code == 4 and "CPR-nummer" in err and "Begrundelse" in err
    with Vault.open(path, PASSPHRASE_A) as again:
        assert get_case(again, j.id).case.status == "closed"
