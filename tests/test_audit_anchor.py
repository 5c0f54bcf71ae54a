"""The audit log's anchor outside the vault (issue 17, item 6): what someone with the passphrase does to the log in
the raw database – cut the tail and set the head back, re-chain it, empty it – is reported by `audit verify`."""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from sspdesk.cli import main
from sspdesk.duties import audit_service
from sspdesk.store import audit, audit_anchor, backups
from sspdesk.store.audit_anchor import anchor_path
from sspdesk.store.vault import Vault
from sspdesk.vaults import restore_from_backup
from support import audit_tamper
from support.bundles import make_vault

PASSPHRASE = "hest batteri klokke æøå"


@pytest.fixture(scope="module")
def made_and_used(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a vault made and used through the CLI (every command locks it, which writes the anchor): the
    vault, its anchor, its first backup and that backup's anchor. Built once (a real `init`: key derivation, first
    backup); each test gets a copy of the folder."""
    folder = tmp_path_factory.mktemp("logged")
    home = tmp_path_factory.mktemp("logged-home")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):  # as conftest's isolated_user_dirs
            patch.setenv(name, str(home / name.lower()))
        patch.setenv("SSPDESK_VAULT", str(folder / "log.sspvault"))
        patch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
        assert main(["init"]) == 0
        for subject in ("Uro ved hallen", "Graffiti", "Knallertkørsel"):
            assert main(["cases", "add", "--level", "I", "--subject", subject]) == 0
        assert main(["cases", "list", "--search", "graffiti"]) == 0
    assert not (folder / "log.sspvault-wal").exists()  # closed: the file holds everything
    return folder


@pytest.fixture
def logged(made_and_used: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    """This test's copy of the made-and-used vault folder (files, anchors, backups, modes), selected in the env."""
    shutil.copytree(made_and_used, tmp_path, dirs_exist_ok=True)  # copy2: the 0600 modes come along
    path = tmp_path / "log.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    return path


def verify(capsys) -> tuple[int, dict, str]:
    code = main(["--json", "audit", "verify"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_the_anchor_beside_the_vault_names_the_head_and_holds_no_personal_data(logged: Path) -> None:
    anchor = audit_anchor.read(anchor_path(logged))
    assert anchor is not None and anchor.count == audit_tamper.head_count(logged, PASSPHRASE)
    data = json.loads(anchor_path(logged).read_text(encoding="utf-8"))
    assert set(data) == {"format", "format_version", "device_id", "count", "head", "at", "signature"}
    if os.name == "posix":
        assert stat.S_IMODE(anchor_path(logged).stat().st_mode) == 0o600


def test_an_untouched_log_verifies_against_its_anchor(capsys, logged: Path) -> None:
    code, data, _ = verify(capsys)
    assert code == 0 and data["ok"] and data["anchor"]["state"] == "ok"


def test_a_cut_tail_with_the_stored_head_set_back_is_reported_as_shorter_than_the_anchor(capsys, logged: Path) -> None:
    count = audit_tamper.head_count(logged, PASSPHRASE)
    audit_tamper.cut_tail(logged, PASSPHRASE, count - 3)
    with Vault.open(logged, PASSPHRASE) as vault:
        assert audit.verify(vault.conn).ok  # the chain alone says "intakt": that was the finding
    code, data, err = verify(capsys)
    assert code == 4 and not data["ok"] and data["anchor"]["state"] == "shorter"
    assert f"Logbogen har {count - 3 + 1} poster" in err and f"viser {count}" in err  # + the unlock of `verify`


def test_a_re_chained_history_is_reported(capsys, logged: Path) -> None:
    audit_tamper.rechain(logged, PASSPHRASE, 2, "noget andet")
    code, data, err = verify(capsys)
    assert code == 4 and data["anchor"]["state"] == "rechained"
    assert "historik er skrevet om" in err


def test_an_emptied_log_is_reported(capsys, logged: Path) -> None:
    audit_tamper.empty(logged, PASSPHRASE)
    code, data, err = verify(capsys)
    assert code == 4 and data["anchor"]["state"] == "shorter" and "Logbogen har 1 post," in err  # `verify`'s unlock


def test_a_tampered_log_never_gets_a_new_anchor_when_the_vault_is_used_and_locked(capsys, logged: Path) -> None:
    before = anchor_path(logged).read_bytes()
    audit_tamper.cut_tail(logged, PASSPHRASE, 2)
    for _ in range(3):
        assert main(["cases", "list"]) == 0
    assert anchor_path(logged).read_bytes() == before
    capsys.readouterr()
    assert verify(capsys)[0] == 4


def test_a_forged_anchor_file_is_reported(capsys, logged: Path) -> None:
    data = json.loads(anchor_path(logged).read_text(encoding="utf-8"))
    data["count"] -= 2  # what someone would do to let a cut tail pass
    anchor_path(logged).write_text(json.dumps(data), encoding="utf-8")
    code, out, err = verify(capsys)
    assert code == 4 and out["anchor"]["state"] == "forged" and "ikke underskrevet med denne datafils nøgle" in err


def test_an_anchor_signed_by_another_vaults_key_is_reported(capsys, logged: Path, tmp_path: Path) -> None:
    other = make_vault(tmp_path, "anden")
    try:
        forged = audit_anchor.sign_head(other.identity, 1, "a" * 64)
    finally:
        other.close()
    audit_anchor.write(anchor_path(logged), forged)
    code, out, _ = verify(capsys)
    assert code == 4 and out["anchor"]["state"] == "forged"


def test_an_unreadable_anchor_file_is_reported(capsys, logged: Path) -> None:
    anchor_path(logged).write_text("{ikke json", encoding="utf-8")
    code, out, err = verify(capsys)
    assert code == 4 and out["anchor"]["state"] == "unreadable" and "kan ikke læses" in err


def test_a_missing_anchor_is_a_warning_and_a_new_one_is_written(capsys, logged: Path) -> None:
    anchor_path(logged).unlink()
    code = main(["audit", "verify"])
    out = capsys.readouterr().out
    assert code == 0 and "intakt" in out and "manglede" in out and "nyt anker er skrevet" in out
    assert "Logbogen er intakt" not in out  # not "intakt" without qualification
    assert audit_anchor.read(anchor_path(logged)) is not None
    code, data, _ = verify(capsys)
    assert code == 0 and data["anchor"]["state"] == "ok"


def test_a_missing_anchor_and_a_broken_chain_write_no_new_anchor(capsys, logged: Path) -> None:
    anchor_path(logged).unlink()
    with Vault.open(logged, PASSPHRASE) as vault:
        vault.conn.execute("UPDATE audit_log SET detail = 'ændret' WHERE seq = 2")
    assert not anchor_path(logged).exists()  # locking did not anchor the broken chain either
    code, data, _ = verify(capsys)
    assert code == 4 and data["first_broken"] == 2 and not anchor_path(logged).exists()


def test_a_deleted_anchor_does_not_hide_an_emptied_log_when_a_backup_has_one(capsys, logged: Path) -> None:
    assert main(["backup"]) == 0
    anchor_path(logged).unlink()
    audit_tamper.empty(logged, PASSPHRASE)
    capsys.readouterr()
    code, data, err = verify(capsys)
    assert code == 4 and data["anchor"]["state"] == "shorter" and "sikkerhedskopiens anker" in err
    assert not anchor_path(logged).exists()


def test_new_anchor_replaces_a_reported_anchor_and_is_logged(capsys, logged: Path) -> None:
    data = json.loads(anchor_path(logged).read_text(encoding="utf-8"))
    data["head"] = "b" * 64
    anchor_path(logged).write_text(json.dumps(data), encoding="utf-8")
    assert verify(capsys)[0] == 4
    assert main(["audit", "verify", "--new-anchor"]) == 0
    capsys.readouterr()
    assert verify(capsys)[0] == 0
    assert main(["--json", "audit", "list", "--action", "audit.new_anchor"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == 1 and "før: forged" in entries[0]["detail"]


def test_new_anchor_is_refused_for_a_broken_chain(capsys, logged: Path) -> None:
    with Vault.open(logged, PASSPHRASE) as vault:
        vault.conn.execute("UPDATE audit_log SET detail = 'ændret' WHERE seq = 2")
    assert main(["audit", "verify", "--new-anchor"]) == 4
    assert "kæde er brudt" in capsys.readouterr().err


# -- cadence, backups, restore, pruning --------------------------------------------------------------------------


def test_the_anchor_advances_every_n_entries_without_locking(vault: Vault) -> None:
    start = audit_anchor.read(anchor_path(vault.path))
    assert start is not None
    for i in range(audit_anchor.EVERY_ENTRIES):
        with vault.transaction():
            vault.log("case.view", record_id=f"id-{i}")
    now = audit_anchor.read(anchor_path(vault.path))
    assert now is not None and now.count >= start.count + audit_anchor.EVERY_ENTRIES


def test_every_backup_carries_the_anchor_of_the_head_it_holds(vault: Vault) -> None:
    with vault.transaction():
        vault.log("case.view", record_id="før kopien")
    path = vault.backup("manual")
    anchor = audit_anchor.read(anchor_path(path))
    assert anchor is not None and audit_anchor.signature_ok(anchor, vault.identity.signing_public_key)
    assert (anchor.count, anchor.head) == audit.head(vault.conn)


def test_rotation_deletes_the_anchors_of_rotated_backups(vault: Vault) -> None:
    vault.set_setting("backup_count", 2)
    for _ in range(4):
        vault.backup("manual")
    kept = backups.list_backups(vault.path)
    anchors = sorted(p.name for p in kept[0].parent.glob(f"*{audit_anchor.SUFFIX}"))
    assert anchors == sorted(anchor_path(p).name for p in kept)


def test_restoring_an_older_backup_takes_its_anchor_along_and_verifies(capsys, logged: Path) -> None:
    assert main(["backup"]) == 0
    older = backups.list_backups(logged)[0]
    for subject in ("Efter kopien", "Endnu en"):
        assert main(["cases", "add", "--level", "I", "--subject", subject]) == 0
    restore_from_backup(logged, older, PASSPHRASE)
    replaced = next(logged.parent.glob(f"{logged.name}.replaced-*[0-9]"))
    assert audit_anchor.read(anchor_path(replaced)) is not None  # the replaced file keeps its anchor
    capsys.readouterr()
    code, data, _ = verify(capsys)
    assert code == 0 and data["anchor"]["state"] == "ok"


def test_pruning_by_the_logs_own_retention_keeps_the_anchor_checkable(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(audit, "utc_now", lambda: "2012-01-01T09:00:00Z")
    vault = Vault.create(tmp_path / "gammel.sspvault", "kode kode kode", settings={"user_name": "Test"})
    try:
        with vault.transaction():
            for i in range(4):
                vault.log("case.view", record_id=f"gammel-{i}")
        vault.anchor()
        monkeypatch.setattr(audit, "utc_now", lambda: "2020-03-01T10:00:00Z")
        with vault.transaction():
            vault.log("case.view", record_id="ny")
        monkeypatch.undo()
        assert audit_service.prune_audit_log(vault, date(2026, 1, 1)) == 5
        check = audit_service.verify(vault)
        assert check.ok and check.anchor.state == "ok" and not check.warning
        anchor = audit_anchor.read(anchor_path(vault.path))
        assert anchor is not None and anchor.count == audit.head(vault.conn)[0]
    finally:
        vault.close()


def test_young_entries_removed_behind_a_forged_pruning_are_reported(vault: Vault) -> None:
    with vault.transaction():
        for i in range(4):
            vault.log("case.view", record_id=f"id-{i}")
    assert vault.anchor() is not None
    conn = vault.conn
    count, head = audit.head(conn)
    # Remove everything up to the anchor and dress it as the log's own retention: checkpoint and a prune entry.
    conn.execute("DELETE FROM audit_log")
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('audit_checkpoint_seq', ?), ('audit_checkpoint_hash', ?)",
        (str(count), head),
    )
    audit.append(conn, "x", audit.PRUNE_ACTION, detail=f"{count} poster slettet; {audit.checkpoint_text(count, head)}")
    assert audit.verify(conn).ok  # the chain alone is satisfied
    check = audit_service.verify(vault)
    assert not check.ok and check.anchor.state == "pruned" and "under et år gammelt" in check.text
