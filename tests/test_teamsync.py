"""The team folder (issue 19, items 1 and 2): immutable files addressed per colleague, safe reading (temp, partial,
conflict-copy and foreign files skipped; a conflict copy that is a valid bundle imported once), quarantine,
acknowledgements and pruning by the writer only, and a vault that is never inside the folder."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from sspdesk.bundles.disclosure import CASE_CATEGORY
from sspdesk.bundles.peers import edit_peer, find_peer
from sspdesk.cases import save_section
from sspdesk.domain.errors import Invalid
from sspdesk.store import records
from sspdesk.store.vault import Vault
from sspdesk.teamsync import (
    check_folder,
    fingerprint_words,
    read_invitation,
    run_round,
    set_team_folder,
    team_folder,
    write_invitation,
)
from sspdesk.teamsync import reading as reading_module
from sspdesk.teamsync.folder import classify, file_name
from support.bundles import SSP_AUTHORITY, decrypt_for, journal, make_vault, sag, seal, signed_consent
from support.teamsync import add_invited, delete_record, make_team, visible_versions


@pytest.fixture
def team(tmp_path: Path) -> Iterator[list[Vault]]:
    vaults = make_team(tmp_path / "vaults", "abc")
    yield vaults
    for vault in vaults:
        vault.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "team"
    path.mkdir()
    return path


def own_files(vault: Vault, folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{vault.device_id}-*.sspsync"))


def file_to(sender: Vault, receiver: Vault, folder: Path) -> Path:
    """The sender's newest file in the folder that the receiver can open."""
    for path in reversed(own_files(sender, folder)):
        try:
            decrypt_for(receiver, path.read_bytes())
        except Exception:
            continue
        return path
    raise AssertionError("no file for the receiver")


def rounds(vaults: list[Vault], folder: Path, times: int = 3, **options: object) -> None:
    for _ in range(times):
        for vault in vaults:
            run_round(vault, folder, **options)  # type: ignore[arg-type]


# -- the folder -----------------------------------------------------------------------------------------------------


def test_a_vault_inside_the_team_folder_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "OneDrive - Kommune" / "SSP"
    vault = make_vault(shared / "mine", "a")
    try:
        with pytest.raises(Invalid, match="Datafilen ligger i teammappen"):
            run_round(vault, shared)
        with pytest.raises(Invalid, match="Datafilen ligger i teammappen"):
            set_team_folder(vault, shared)
        assert team_folder(vault) is None
        assert not list(shared.glob("*.sspsync"))
    finally:
        vault.close()


def test_a_backups_folder_inside_the_team_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "team").mkdir()
    with pytest.raises(Invalid, match="Sikkerhedskopierne ligger i teammappen"):
        check_folder(tmp_path / "vault" / "a.sspvault", tmp_path / "team", backup_dir=tmp_path / "team" / "backups")
    with pytest.raises(Invalid, match="findes ikke"):
        check_folder(tmp_path / "a.sspvault", tmp_path / "missing")


def test_the_chosen_team_folder_is_remembered_in_the_vault(team: list[Vault], folder: Path) -> None:
    set_team_folder(team[0], folder)
    assert team_folder(team[0]) == folder.resolve()


NAME = "0b0e3c44-1d2f-4b6a-9c61-2f0a4d8e7b11-00000007-0123456789abcdef"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("0b0e3c44-1d2f-4b6a-9c61-2f0a4d8e7b11-00000007-0123456789abcdef.sspsync", "bundle"),
        (f"{NAME}.sync-conflict-20261203-140501-ABCDEFG.sspsync", "copy"),
        ("0b0e3c44-1d2f-4b6a-9c61-2f0a4d8e7b11-00000007-0123456789abcdef (LAPTOP-7).sspsync", "copy"),
        ("0b0e3c44-1d2f-4b6a-9c61-2f0a4d8e7b11-00000007-0123456789abcdef-LAPTOP-7.sspsync", "copy"),
        ("~syncthing~0b0e3c44-1d2f-4b6a-9c61-2f0a4d8e7b11-00000007-0123456789abcdef.sspsync.tmp", "temp"),
        (".syncthing.0b0e3c44-1d2f-4b6a-9c61-2f0a4d8e7b11-00000007-0123456789abcdef.sspsync.tmp", "temp"),
        ("0b0e3c44-1d2f-4b6a-9c61-2f0a4d8e7b11-00000007.partial", "temp"),
        ("referat.docx", "foreign"),
        ("0b0e3c44-1d2f-4b6a-9c61-2f0a4d8e7b11-7-0123.sspsync", "foreign"),
    ],
)
def test_each_file_in_the_folder_is_classified_by_its_name(name: str, kind: str) -> None:
    assert classify(Path(name)).kind == kind


# -- writing --------------------------------------------------------------------------------------------------------


def test_each_colleague_gets_one_immutable_file_named_by_device_sequence_and_hash(
    team: list[Vault], folder: Path
) -> None:
    a, b, c = team
    journal(a)
    report = run_round(a, folder)
    assert len(report.written) == 2 and report.to_json()["imported"]["added"] == 0
    for path in own_files(a, folder):
        device, seq, digest = path.stem[:36], path.stem[37:45], path.stem[46:]
        assert device == a.device_id and seq.isdigit()
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:16] == digest
    assert not list(folder.glob("*.partial"))
    for receiver in (b, c):  # each file opens for exactly one colleague
        assert file_to(a, receiver, folder) != file_to(a, c if receiver is b else b, folder)
    before = {p.name: p.read_bytes() for p in own_files(a, folder)}
    assert run_round(a, folder).written == []  # nothing new: nothing written, nothing rewritten
    assert {p.name: p.read_bytes() for p in own_files(a, folder)} == before


def test_a_sag_goes_only_to_the_colleague_a_consent_names_while_journals_go_to_all(
    tmp_path: Path, folder: Path
) -> None:
    a, b, c = make_team(tmp_path / "vaults", "abc")
    try:
        # b is the school's contact: the consent names the school, not the other SSP consultant c.
        peer_b = find_peer(a, b.user)
        assert peer_b is not None
        edit_peer(a, peer_b.id, authority="Hyldagerskolen", party_type="skole")
        case = sag(a)
        signed_consent(a, case.case.id, (CASE_CATEGORY,), contact=("Hanne Skov", "Hyldagerskolen", "skole"))
        shared = journal(a)
        report = run_round(a, folder)
        sent = {s["to"]: s["left_out"] for s in report.sent}
        assert sent == {b.user: [], c.user: [case.case.number]}
        run_round(b, folder)
        run_round(c, folder)
        assert records.get_row(b.conn, "cases", case.case.id) is not None
        assert records.get_row(c.conn, "cases", case.case.id) is None
        assert records.get_row(c.conn, "cases", shared.case.id) is not None
        exchanges = b.conn.execute("SELECT direction FROM information_exchanges WHERE case_id = ?", (case.case.id,))
        assert "received" in [row[0] for row in exchanges]  # the disclosure is on record at the receiving end too
    finally:
        for vault in (a, b, c):
            vault.close()


# -- reading --------------------------------------------------------------------------------------------------------


def test_temp_partial_conflict_and_foreign_files_are_skipped_and_a_valid_conflict_copy_is_imported_once(
    team: list[Vault], folder: Path
) -> None:
    a, b, _ = team
    case = journal(a)
    run_round(a, folder)
    original = file_to(a, b, folder)
    copy = original.with_name(original.stem + " (LAPTOP-7).sspsync")
    shutil.move(original, copy)  # only the copy has arrived so far
    (folder / "~syncthing~x.sspsync.tmp").write_bytes(b"half")
    (folder / f".syncthing.{original.name}.tmp").write_bytes(b"half")
    (folder / "referat.docx").write_bytes(b"PK\x03\x04")
    (folder / "5b6f3c44-1d2f-4b6a-9c61-2f0a4d8e7b11-00000001.partial").write_bytes(b"half")
    (folder / ".stfolder").mkdir()
    first = run_round(b, folder)
    assert records.get_row(b.conn, "cases", case.case.id) is not None
    assert first.added > 0
    skipped = {s["file"] for s in first.skipped}
    assert {"~syncthing~x.sspsync.tmp", f".syncthing.{original.name}.tmp", "referat.docx"} <= skipped
    assert "5b6f3c44-1d2f-4b6a-9c61-2f0a4d8e7b11-00000001.partial" in skipped
    assert all(s["reason"] for s in first.skipped)
    shutil.copy(copy, original)  # the original arrives late, and a Syncthing conflict copy of it too
    shutil.copy(copy, original.with_name(original.stem + ".sync-conflict-20261203-140501-ABCDEFG.sspsync"))
    second = run_round(b, folder)
    assert second.added == second.updated == second.unchanged == 0  # nothing imported twice
    assert any("konfliktkopi" in s["reason"] for s in second.skipped)
    assert second.quarantined == []
    assert (folder / "referat.docx").exists() and copy.exists()  # a reader deletes nothing


def test_a_file_still_arriving_is_skipped_until_it_is_complete(team: list[Vault], folder: Path) -> None:
    a, b, _ = team
    case = journal(a)
    run_round(a, folder)
    path = file_to(a, b, folder)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # OneDrive shows the file while it is still coming
    report = run_round(b, folder)
    assert [s["file"] for s in report.skipped] == [path.name] and report.quarantined == []
    assert records.get_row(b.conn, "cases", case.case.id) is None
    path.write_bytes(whole)
    assert run_round(b, folder).added > 0
    assert records.get_row(b.conn, "cases", case.case.id) is not None


def test_a_trusted_colleagues_file_that_fails_a_check_is_quarantined_and_not_retried(
    team: list[Vault], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = team
    journal(a)
    run_round(a, folder)
    good = file_to(a, b, folder)
    container = decrypt_for(b, good.read_bytes())
    record = next(r for r in container["payload"]["records"] if r["table"] == "cases")
    record["data"]["number"] = "../../../../tmp/x"  # signed by a, but invalid
    data = seal(container, a, b.identity.recipient)
    good.unlink()
    seq = int(good.stem[37:45])
    bad = folder / file_name(a.device_id, seq, hashlib.sha256(data).hexdigest())
    bad.write_bytes(data)
    first = run_round(b, folder)
    assert [q["file"] for q in first.quarantined] == [bad.name]
    assert "ugyldig" in first.quarantined[0]["reason"]
    opened: list[int] = []
    real_open = reading_module.open_bundle
    monkeypatch.setattr(reading_module, "open_bundle", lambda *a, **k: opened.append(1) or real_open(*a, **k))
    second = run_round(b, folder)
    assert [q["file"] for q in second.quarantined] == [bad.name]  # still listed ...
    assert opened == []  # ... but not opened again
    assert bad.exists()


def test_a_file_from_someone_not_yet_a_colleague_waits_until_they_are_added(tmp_path: Path, folder: Path) -> None:
    a, b = make_team(tmp_path / "vaults", "ab")
    stranger = make_vault(tmp_path / "vaults", "x")
    try:
        add_invited(stranger, [a, b], tmp_path / "x-invitations")  # x knows a and b; they have not added x yet
        case = journal(stranger)
        run_round(stranger, folder)
        report = run_round(a, folder)
        assert any("ikke er tilføjet som kollega" in s["reason"] for s in report.skipped)
        assert records.get_row(a.conn, "cases", case.case.id) is None
        add_invited(a, [stranger], tmp_path / "a-invitations")
        assert run_round(a, folder).added > 0
        assert records.get_row(a.conn, "cases", case.case.id) is not None
    finally:
        for vault in (a, b, stranger):
            vault.close()


def test_a_deletion_waits_for_a_confirmation_and_then_arrives(team: list[Vault], folder: Path) -> None:
    a, b, _ = team
    case = journal(a)
    rounds(team, folder, 2)
    delete_record(a, "cases", case.case.id)
    run_round(a, folder)
    waiting = run_round(b, folder)
    assert [w["file"] for w in waiting.waiting] == [file_to(a, b, folder).name]
    assert records.get_row(b.conn, "cases", case.case.id) is not None
    assert run_round(b, folder).waiting  # asked again next round, never quarantined
    confirmed = run_round(b, folder, confirm=True)
    assert confirmed.deleted == 1 and confirmed.waiting == []
    assert records.get_row(b.conn, "cases", case.case.id) is None


# -- acknowledgements and pruning -----------------------------------------------------------------------------------


def test_the_writer_prunes_its_files_once_the_addressee_acknowledged_them_and_a_reader_never_does(
    team: list[Vault], folder: Path
) -> None:
    a, b, c = team
    journal(a)
    run_round(a, folder)
    to_b, to_c = file_to(a, b, folder), file_to(a, c, folder)
    run_round(b, folder)  # b imports and writes its acknowledgement; it removes nothing of a's
    run_round(c, folder)
    assert to_b.exists() and to_c.exists()
    copy = to_b.with_name(to_b.stem + " (LAPTOP-7).sspsync")  # OneDrive's copy of it: a's to prune as well
    shutil.copy(to_b, copy)
    report = run_round(a, folder)
    assert sorted(report.acknowledged) == sorted([to_b.name, to_c.name])
    assert sorted(report.pruned) == sorted([to_b.name, to_c.name, copy.name])
    assert not to_b.exists() and not to_c.exists() and not copy.exists()


def test_a_file_nobody_acknowledged_stays_and_the_next_file_carries_everything_since_the_last_acknowledgement(
    team: list[Vault], folder: Path
) -> None:
    a, b, _ = team
    first = journal(a, "Uro ved stationen")
    run_round(a, folder)
    lost = file_to(a, b, folder)
    lost.unlink()  # lost on the way (deleted by someone): nothing is inferred from it
    second = journal(a, "Graffiti ved hallen")
    run_round(a, folder)
    run_round(b, folder)
    for case in (first, second):
        assert records.get_row(b.conn, "cases", case.case.id) is not None


def test_a_quiet_team_stops_writing(team: list[Vault], folder: Path) -> None:
    a, b, c = team
    case = sag(a)
    signed_consent(a, case.case.id, (CASE_CATEGORY,), contact=("Søren SSP", SSP_AUTHORITY, "ssp"))
    journal(b)
    save_section(c, journal(c).case.id, "status", {"adfaerd": "Uro ved hallen om aftenen"})
    rounds(team, folder, 6)
    for vault in team:
        assert run_round(vault, folder).written == []
    states = [visible_versions(v) for v in team]
    assert states[0] == states[1] == states[2]
    assert all(records.get_row(v.conn, "cases", case.case.id) is not None for v in team)  # on its consent


# -- invitations ----------------------------------------------------------------------------------------------------


def test_a_fingerprint_is_read_aloud_group_by_group_with_the_danish_spelling_alphabet() -> None:
    words = fingerprint_words("860c 5dfa 37dc fc0a db04 4539 1b17 2f4a")
    assert words.startswith("otte seks nul Cecilie – fem David Frederik Anna – ")
    assert words.count(" – ") == 7
    with pytest.raises(Invalid):
        fingerprint_words("860C 5DFA")


def test_an_invitation_round_trips_and_anything_else_is_refused(team: list[Vault], tmp_path: Path) -> None:
    a = team[0]
    written = write_invitation(a, tmp_path / "a.sspinvite", authority="SSP Albertslund", party_type="ssp")
    read = read_invitation(tmp_path / "a.sspinvite")
    assert read == written
    assert (read.recipient, read.fingerprint, read.device_id) == (
        a.identity.recipient,
        a.identity.fingerprint,
        a.device_id,
    )
    (tmp_path / "big.sspinvite").write_bytes(b"{" + b" " * 20_000 + b"}")
    (tmp_path / "other.sspinvite").write_text('{"format": "sspdesk-bundle"}', encoding="utf-8")
    for name in ("big", "other"):
        with pytest.raises(Invalid):
            read_invitation(tmp_path / f"{name}.sspinvite")
