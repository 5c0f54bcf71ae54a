"""Tampering with the audit log in the raw database (plain sqlcipher3 with the key) is caught by `audit verify`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from sspdesk.cli import main
from sspdesk.store.connection import key_literal
from support import templates

PASSPHRASE = "hest batteri klokke æøå"


@pytest.fixture
def logged_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "log.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    templates.created(path, PASSPHRASE).close()  # as `init` makes it
    for subject in ("Uro ved hallen", "Graffiti", "Knallertkørsel"):
        assert main(["cases", "add", "--level", "I", "--subject", subject]) == 0
    assert main(["cases", "list", "--search", "graffiti"]) == 0
    capsys.readouterr()
    return path


def _raw(path: Path, *statements: str) -> None:
    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = {key_literal(PASSPHRASE)}")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _verify(capsys) -> tuple[int, dict]:
    code = main(["--json", "audit", "verify"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


TAMPERING = {
    "edit": ("UPDATE audit_log SET detail = 'ændret' WHERE seq = 3",),
    "delete": ("DELETE FROM audit_log WHERE seq = 3",),
    "reorder": (
        "UPDATE audit_log SET seq = -1 WHERE seq = 2",
        "UPDATE audit_log SET seq = 2 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = -1",
    ),
    "delete the newest": ("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",),
}


def test_an_untouched_log_verifies(capsys, logged_vault: Path) -> None:
    assert _verify(capsys)[0] == 0


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_tampering_in_the_raw_database_fails_audit_verify(
    capsys, logged_vault: Path, tmp_path: Path, kind: str
) -> None:
    copy = tmp_path / f"{kind.replace(' ', '-')}.sspvault"
    shutil.copy(logged_vault, copy)
    _raw(copy, *TAMPERING[kind])
    code = main(["--vault", str(copy), "--json", "audit", "verify"])
    captured = capsys.readouterr()
    assert code == 4, captured
    assert "post" in (captured.out + captured.err)
