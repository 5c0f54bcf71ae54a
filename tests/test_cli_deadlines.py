"""sspdesk-cli: `cases show --json` lists each deadline with `due` (null while it waits) and `waits_for`; `cases event`
records the home visit the handleplan counts from; `settings closing-days` sets the municipality's closing days
(issue 18, items 1 and 9). Seed: /work/shared/seeds/000_8f7052953ff2148f.txt. Every name and number is invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sspdesk.cli import main
from support import templates

WAIT = "Sagsmøde, hjemmebesøg/møde eller Netværkssamråd"


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", "hest batteri klokke æøå")
    # What `init` creates (create_vault's settings), as a copy of this run's template vault: these tests are
    # about the commands below; `init` itself runs in test_cli_vault.py.
    templates.new_vault(
        path, "hest batteri klokke æøå", settings={"user_name": "", "municipality": "", "profile": "albertslund"}
    ).close()
    capsys.readouterr()
    return path


def run_json(capsys, *args: str):
    code = main(["--json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def _level_two(capsys) -> str:
    code, case, _ = run_json(
        capsys,
        *("cases", "add", "--level", "II", "--subject", "Gentagne indbrud", "--registered", "2026-03-31"),
        *("--name", "Oskar Opdigtet", "--cpr", "120310-4321"),
    )
    assert code == 0
    return str(case["number"])


def test_cases_show_json_gives_due_null_and_waits_for_while_the_handleplan_waits_for_the_sagsmoede(
    capsys, cli_vault: Path
) -> None:
    """Seed 000 l.478 and 506–508; the issue's example: registered 31.03.2026, the Sagsmøde called by 14.04, the
    temporary handleplan not due 07.04 but waiting."""
    number = _level_two(capsys)
    code, case, _ = run_json(capsys, "cases", "show", number)
    assert code == 0
    found = {d["kind"]: d for d in case["deadlines"]}
    assert found["case_meeting"] == {
        "kind": "case_meeting",
        "label": "Indkaldelse til Sagsmøde",
        "due": "2026-04-14",
        "waits_for": None,
        "status": "open",
    }
    assert (found["action_plan_temporary"]["due"], found["action_plan_temporary"]["waits_for"]) == (None, WAIT)
    assert (found["action_plan_final"]["due"], found["action_plan_final"]["waits_for"]) == (None, WAIT)

    assert main(["cases", "show", number]) == 0
    text = capsys.readouterr().out
    assert f"venter på {WAIT} Midlertidig kriminalpræventiv handleplan" in text


def test_a_home_visit_recorded_on_the_command_line_dates_the_handleplans(capsys, cli_vault: Path) -> None:
    """Home visit Thu 9 Apr 2026: 7 dage = Thu 16 Apr; 3 uger = Thu 30 Apr (seed 000 l.506–508)."""
    number = _level_two(capsys)
    code, data, _ = run_json(capsys, "cases", "event", "add", number, "--kind", "home_visit", "--on", "2026-04-09")
    assert code == 0
    found = {d["kind"]: d for d in data["case"]["deadlines"]}
    assert (found["action_plan_temporary"]["due"], found["action_plan_temporary"]["waits_for"]) == ("2026-04-16", None)
    assert found["action_plan_final"]["due"] == "2026-04-30"
    code, events, _ = run_json(capsys, "cases", "event", "list", number)
    assert [(e["kind"], e["on"]) for e in events] == [("home_visit", "2026-04-09")]
    assert main(["cases", "event", "remove", events[0]["id"]]) == 0
    capsys.readouterr()
    _, case, _ = run_json(capsys, "cases", "show", number)
    assert {d["kind"]: d["due"] for d in case["deadlines"]}["action_plan_temporary"] is None


def test_a_future_home_visit_is_refused_with_exit_4(capsys, cli_vault: Path) -> None:
    number = _level_two(capsys)
    code = main(["cases", "event", "add", number, "--kind", "talk", "--on", "2999-01-01"])
    assert code == 4
    assert "fremtiden" in capsys.readouterr().err


def test_settings_closing_days_shows_sets_and_refuses(capsys, cli_vault: Path) -> None:
    code, data, _ = run_json(capsys, "settings", "closing-days")
    assert (code, data["closing_days"], data["from_profile"]) == (0, "06-05, 12-24, 12-31", True)
    code, data, _ = run_json(capsys, "settings", "closing-days", "12-31 12-24")
    assert (code, data["closing_days"], data["from_profile"]) == (0, "12-24, 12-31", False)
    assert main(["settings", "closing-days", "31-12"]) == 4
    assert "31-12" in capsys.readouterr().err
    code, data, _ = run_json(capsys, "settings", "closing-days", "")
    assert data["from_profile"] is True
