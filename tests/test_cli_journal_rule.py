"""The journal rule through the command line (issue 16): `cases add` of a DKE-Journal refuses a CPR number in any
spelling with exit 4 and nothing stored, and takes the ordinary SSP sentences of the corpus. In process (the CLI's
own `main`), on a real vault; every number is invented."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from sspdesk.cases import list_case_ids
from sspdesk.cli import main
from sspdesk.store.vault import Vault
from support import PASSPHRASE, templates
from support.cpr_spellings import embedded_cpr
from support.ssp_corpus import SSP_SENTENCES as SENTENCES


@pytest.fixture(scope="module")
def cli_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "cli.sspvault"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SSPDESK_VAULT", str(path))
        env.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
        # What `init` creates (create_vault's settings), as a copy of this run's template vault: these tests are
        # about the commands below; `init` itself runs in test_cli_vault.py.
        templates.new_vault(
            path, PASSPHRASE, settings={"user_name": "", "municipality": "", "profile": "albertslund"}
        ).close()
    return path


def _cases(path: Path) -> int:
    vault = Vault.open(path, PASSPHRASE)
    try:
        return len(list_case_ids(vault))
    finally:
        vault.close()


def _add_journal(path: Path, subject: str) -> int:
    return main(["--vault", str(path), "cases", "add", "--level", "I", "--subject", subject])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=embedded_cpr())
def test_the_cli_refuses_a_journal_subject_with_a_cpr_number_in_any_spelling(
    cli_vault: Path, case: tuple[str, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    text = case[0].replace("\n", " ")  # a subject is one line
    before = _cases(cli_vault)
    assert _add_journal(cli_vault, text) == 4
    assert _cases(cli_vault) == before


def test_the_cli_takes_every_ordinary_sentence_of_the_corpus_as_a_journal_subject(
    cli_vault: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    before = _cases(cli_vault)
    refused = [s for s in SENTENCES if _add_journal(cli_vault, s) != 0]
    assert refused == []
    assert _cases(cli_vault) == before + len(SENTENCES)
