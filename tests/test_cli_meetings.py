"""sspdesk-cli meetings list | show | dispositions, and pdf agenda | minutes."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from sspdesk import cli
from sspdesk.cases import NewCase, register_case
from sspdesk.cli import main, meeting_cmds
from sspdesk.dispositions import add_disposition
from sspdesk.meetings import approve_minutes, create_meeting, save_item_minutes
from sspdesk.store.vault import Vault
from support import templates

PASSPHRASE = "hest batteri klokke æøå"
SAG_NAME = "Åse Ødegård Opdigtet"
SAG_CPR = "050310-4321"


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    assert meeting_cmds in cli.COMMAND_MODULES
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    # What `init` creates (create_vault's settings), as a copy of this run's template vault: these tests are
    # about the commands below; `init` itself runs in test_cli_vault.py.
    templates.new_vault(
        path, PASSPHRASE, settings={"user_name": "", "municipality": "", "profile": "albertslund"}
    ).close()
    capsys.readouterr()
    return path


@pytest.fixture
def meeting_ids(cli_vault: Path) -> dict[str, str]:
    vault = Vault.open(cli_vault, PASSPHRASE)
    try:
        register_case(
            vault,
            NewCase(level="II", subject="Indbrud i kiosk", person_name=SAG_NAME, cpr=SAG_CPR),
            today=date(2026, 3, 2),
        )
        held = create_meeting(vault, "Sagsmøde", "2026-03-10 14:00", place="Rådhuset").detail
        save_item_minutes(vault, held.items[0].id, f"{SAG_NAME} har fået praktikplads.", "Mentor tilknyttes.")
        add_disposition(
            vault, held.id, "Nadia Testrup", "Udarbejder handleplan", item_id=held.items[0].id, due="2026-03-18"
        )
        approve_minutes(vault, held.id, now=datetime(2026, 3, 11, 9, 0))
        upcoming = create_meeting(vault, "Sagsmøde", "2026-03-24 14:00").detail
        return {"held": held.meeting.number, "held_id": held.id, "upcoming": upcoming.meeting.number}
    finally:
        vault.close()


def run_json(capsys, *args: str):
    code = main(["--json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_meetings_list_gives_objects_with_ids(capsys, meeting_ids: dict[str, str]) -> None:
    code, rows, _ = run_json(capsys, "meetings", "list")
    assert code == 0
    assert [r["number"] for r in rows] == [meeting_ids["upcoming"], meeting_ids["held"]]
    assert all({"id", "forum", "starts_at", "status", "item_count", "open_dispositions"} <= r.keys() for r in rows)
    code, rows, _ = run_json(capsys, "meetings", "list", "--status", "approved")
    assert code == 0 and [r["id"] for r in rows] == [meeting_ids["held_id"]]
    assert main(["meetings", "list"]) == 0
    assert meeting_ids["held"] in capsys.readouterr().out


def test_meetings_show_has_participants_items_and_dispositions(capsys, meeting_ids: dict[str, str]) -> None:
    code, data, _ = run_json(capsys, "meetings", "show", meeting_ids["held"])
    assert code == 0 and data["id"] == meeting_ids["held_id"] and data["status"] == "approved"
    assert data["participants"] and all("id" in p for p in data["participants"])
    assert [i["minutes"]["decision"] for i in data["items"]] == ["Mentor tilknyttes."]
    assert all("id" in i for i in data["items"])
    assert [d["what"] for d in data["dispositions"]] == ["Udarbejder handleplan"]
    assert data["dispositions"][0]["id"] and data["dispositions"][0]["due"] == "2026-03-18"
    code, upcoming, _ = run_json(capsys, "meetings", "show", meeting_ids["upcoming"])
    assert [d["what"] for i in upcoming["items"] for d in i["followups"]] == ["Udarbejder handleplan"]
    assert main(["meetings", "show", meeting_ids["held"]]) == 0
    out = capsys.readouterr().out
    assert "Beslutning: Mentor tilknyttes." in out and "Udarbejder handleplan" in out


def test_open_dispositions_command(capsys, meeting_ids: dict[str, str]) -> None:
    code, rows, _ = run_json(capsys, "meetings", "dispositions", "--forum", "Sagsmøde")
    assert code == 0 and [r["what"] for r in rows] == ["Udarbejder handleplan"] and rows[0]["id"]


def test_unknown_meeting_exits_1(capsys, meeting_ids: dict[str, str], tmp_path: Path) -> None:
    code, _, err = run_json(capsys, "meetings", "show", "M-1999-0001")
    assert code == 1 and "findes ikke" in err
    out = tmp_path / "x.pdf"
    assert run_json(capsys, "pdf", "agenda", "M-1999-0001", "--out", str(out))[0] == 1
    assert not out.exists()


def test_bad_status_is_a_usage_error(capsys, meeting_ids: dict[str, str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["meetings", "list", "--status", "done"])
    assert caught.value.code == 2


def test_pdf_agenda_and_minutes(capsys, meeting_ids: dict[str, str], tmp_path: Path) -> None:
    agenda, minutes, redacted = tmp_path / "dagsorden.pdf", tmp_path / "referat.pdf", tmp_path / "anonym.pdf"
    assert run_json(capsys, "pdf", "agenda", meeting_ids["upcoming"], "--out", str(agenda))[0] == 0
    assert run_json(capsys, "pdf", "minutes", meeting_ids["held"], "--out", str(minutes))[0] == 0
    code, result, _ = run_json(capsys, "pdf", "minutes", meeting_ids["held"], "--out", str(redacted), "--redacted")
    assert code == 0 and result["path"] == str(redacted)

    def read(path: Path) -> str:
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)

    assert "Dagsorden" in read(agenda) and "Udarbejder handleplan" in read(agenda)
    assert SAG_NAME in read(minutes) and "Mentor tilknyttes." in read(minutes)
    assert SAG_NAME not in read(redacted) and "Mentor tilknyttes." not in read(redacted)


def test_meetings_edit_moves_the_meeting_and_keeps_its_agenda(capsys, meeting_ids: dict[str, str]) -> None:
    before = run_json(capsys, "meetings", "show", meeting_ids["upcoming"])[1]
    code, data, _err = run_json(
        capsys,
        "meetings",
        "edit",
        meeting_ids["upcoming"],
        "--date",
        "25.3.2026",
        "--time",
        "9:00",
        "--place",
        "Rådhuset",
    )
    assert code == 0
    assert (data["starts_at"], data["place"], data["forum"]) == ("2026-03-25T09:00", "Rådhuset", "Sagsmøde")
    assert [item["id"] for item in data["items"]] == [item["id"] for item in before["items"]]


def test_meetings_edit_of_approved_minutes_is_refused_with_exit_4(capsys, meeting_ids: dict[str, str]) -> None:
    assert main(["meetings", "edit", meeting_ids["held"], "--place", "Et andet sted"]) == 4
    assert "godkendt og låst" in capsys.readouterr().err
    assert run_json(capsys, "meetings", "show", meeting_ids["held"])[1]["place"] == "Rådhuset"


def test_meetings_edit_without_a_change_is_refused_with_exit_4(capsys, meeting_ids: dict[str, str]) -> None:
    assert main(["meetings", "edit", meeting_ids["upcoming"]]) == 4
    assert "Angiv, hvad der skal ændres" in capsys.readouterr().err
