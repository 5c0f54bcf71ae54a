"""sspdesk-cli --not-a-name: a probable name that is no person is allowed (audit-logged) before the journal text is
written; a CPR number or a registered name is refused with exit 4 and nothing changed. Every name and number is
invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sspdesk.cases import list_case_ids
from sspdesk.cli import main
from sspdesk.duties.journal_rule import allowed_phrases, rules_for
from sspdesk.duties.minimisation import journal_text_findings
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from support import templates

PASSPHRASE = "hest batteri klokke æøå"
CPR = "120310-4321"  # invented
ANTON = "Anton Eksemplar"
SCHOOL_TEXT = "Eleverne fra Peter Sabroe Skolen samles ved hallen om aftenen."


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    # What `init` creates (create_vault's settings), as a copy of this run's template vault: these tests are
    # about the commands below; `init` itself runs in test_cli_vault.py.
    templates.new_vault(
        path, PASSPHRASE, settings={"user_name": "", "municipality": "", "profile": "albertslund"}
    ).close()
    assert main(["cases", "add", "--level", "II", "--subject", "Indbrud", "--name", ANTON, "--cpr", CPR]) == 0
    capsys.readouterr()
    return path


def state(path: Path) -> tuple[int, list[str], list[str]]:
    """(number of cases, allowed phrases, phrases in the audit log) of the vault at `path`."""
    vault = Vault.open(path, PASSPHRASE)
    try:
        logged = [e.detail for e in audit.entries(vault.conn, action="journal.allow_phrase")]
        return len(list_case_ids(vault)), allowed_phrases(vault), logged
    finally:
        vault.close()


def probable_name(path: Path) -> str:
    vault = Vault.open(path, PASSPHRASE)
    try:
        return journal_text_findings(SCHOOL_TEXT, rules_for(vault.conn))[0].text
    finally:
        vault.close()


def add_journal(*extra: str) -> int:
    return main(["cases", "add", "--level", "I", "--subject", SCHOOL_TEXT, *extra])


def test_a_probable_name_is_refused_until_it_is_allowed_with_not_a_name(capsys, cli_vault: Path) -> None:
    phrase = probable_name(cli_vault)
    assert add_journal() == 4
    assert "Sagens genstand" in capsys.readouterr().err
    assert state(cli_vault) == (1, [], [])

    assert add_journal("--not-a-name", phrase) == 0
    assert state(cli_vault) == (2, [phrase], [phrase])


@pytest.mark.parametrize(
    ("refused", "why"), [(CPR, "et CPR-nummer"), (ANTON, "et registreret navn"), (f"Skolen ved {ANTON}", "navn")]
)
def test_a_cpr_number_or_registered_name_cannot_be_allowed_and_nothing_changes(
    capsys, cli_vault: Path, refused: str, why: str
) -> None:
    code = add_journal("--not-a-name", "Peter Sabroe Skolen", "--not-a-name", refused)  # a good one first: no matter
    err = capsys.readouterr().err
    assert code == 4
    assert err.startswith("sspdesk-cli: «") and why in err and "kan ikke godkendes" in err
    assert state(cli_vault) == (1, [], [])


def test_correct_takes_not_a_name_for_a_journal_field(capsys, cli_vault: Path) -> None:
    phrase = probable_name(cli_vault)
    assert main(["--json", "cases", "add", "--level", "I", "--subject", "Uro ved hallen"]) == 0
    number = json.loads(capsys.readouterr().out)["number"]
    correct = ["correct", number, "--section", "header", "--field", "subject", "--value", SCHOOL_TEXT]
    correct += ["--reason", "Skolens navn manglede"]
    assert main(correct) == 4
    assert main([*correct, "--not-a-name", phrase]) == 0
    assert state(cli_vault) == (2, [phrase], [phrase])
