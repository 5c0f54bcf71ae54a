"""Routing, participants and the leader's attestation on the command line: cases add|edit --radicalisation, --age,
cases attest, settings leader, meetings propose, and the warning of `exchanges add` beyond the attestation."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from sspdesk.cli import main
from support import templates
from support.routing import cpr_of_age, meeting_time

PASSPHRASE = "hest batteri klokke æøå"
TODAY = date.today().isoformat()


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    # What `init` creates (create_vault's settings), as a copy of this run's template vault: these tests are
    # about the commands below; `init` itself runs in test_cli_vault.py.
    templates.new_vault(
        path, PASSPHRASE, settings={"user_name": "", "municipality": "Demo Kommune", "profile": "albertslund"}
    ).close()
    capsys.readouterr()
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args: str):
    code, out, err = run(capsys, "--json", *args)
    return code, (json.loads(out) if out.strip() else None), err


def add_sag(capsys, age: int, *extra: str) -> dict:
    registered = (date.today() - timedelta(days=2)).isoformat()
    code, data, err = run_json(
        capsys, "cases", "add", "--level", "II", "--subject", "Gentagne butikstyverier", "--name", "Åse Opdigtet",
        "--cpr", cpr_of_age(age), "--registered", registered, *extra,
    )  # fmt: skip
    assert code == 0, err
    return data


def test_cases_add_and_edit_set_the_radicalisation_flag_which_routes_the_case_to_the_leader(
    capsys, cli_vault: Path
) -> None:
    """Seed 000 l.532–533: radicalisation cases are always brought before the DKE leader – the flag is set with
    `cases add --radicalisation` or `cases edit --radicalisation`, and `cases show` says who the case goes to."""
    assert run(capsys, "settings", "leader", "Lene Opdigtet")[0] == 0
    added = add_sag(capsys, 15, "--radicalisation")
    assert added["radicalisation"] is True
    assert added["route_to"]["role"] == "Leder af DKE" and added["route_to"]["name"] == "Lene Opdigtet"
    assert added["invite"]["required"][0] == "Leder af DKE"
    code, edited, err = run_json(capsys, "cases", "edit", added["number"], "--no-radicalisation")
    assert code == 0, err
    assert edited["radicalisation"] is False and edited["route_to"] is None
    code, out, err = run(capsys, "cases", "edit", added["number"], "--radicalisation")
    assert code == 0, err
    assert "Indbringes for Leder af DKE (Lene Opdigtet)" in out
    with pytest.raises(SystemExit) as usage:  # a flag is required: usage error
        main(["cases", "edit", added["number"]])
    assert usage.value.code == 2


def test_cases_show_lists_who_must_be_invited_before_the_meeting_exists(capsys, cli_vault: Path) -> None:
    """Issue 21 item 7 and seed 000 l.249–250: a DKE-Sag of an under-18 shows that Familieafsnittet must be called."""
    added = add_sag(capsys, 14)
    code, out, err = run(capsys, "cases", "show", added["number"])
    assert code == 0, err
    assert "Indkaldes til Sagsmøde:" in out and "  Familieafsnittet (skal indkaldes)" in out
    older = add_sag(capsys, 17)
    assert "Jobcenteret" in older["invite"]["proposed"] and "Familieafsnittet" in older["invite"]["required"]


def test_cases_add_age_puts_a_journal_of_a_16_year_old_on_the_ungekoordinationsmoede(capsys, cli_vault: Path) -> None:
    """Seed 000 l.243–244 and l.369: a journal of a 16–18+ person goes to the (first coming) Ungekoordinationsmøde."""
    code, data, err = run_json(capsys, "cases", "add", "--level", "I", "--subject", "Uro i klubben", "--age", "16")
    assert code == 0, err
    assert data["forum"] == "Ungekoordinationsmøde"
    assert "Sagen bringes for førstkommende Ungekoordinationsmøde" in [d["label"] for d in data["deadlines"]]
    code, _data, err = run_json(capsys, "cases", "add", "--level", "I", "--subject", "Uro", "--age", "200")
    assert code == 4 and "Alderen" in err


def test_meetings_propose_lists_required_and_offered_participants(capsys, cli_vault: Path) -> None:
    """Seed 000 l.263–265, l.724–726: a Sagsmøde about a 17-year-old offers the 16–18+ professionals; l.729–753:
    a fixed Operativgruppemøde calls the standing members from the profile."""
    add_sag(capsys, 17)
    code, out, err = run(capsys, "meetings", "propose", "--forum", "Sagsmøde", "--at", meeting_time())
    assert code == 0, err
    invited, offered = out.split("Kan også indkaldes:")
    assert "Familieafsnittet" in invited and "Jobcenteret" in offered and "Jobcenteret" not in invited
    code, data, err = run_json(capsys, "meetings", "propose", "--forum", "Operativgruppemøde", "--at", meeting_time())
    assert code == 0, err
    roles = [p["role"] for p in data["participants"] if not p["optional"]]
    assert "Vagten (leder)" in roles and "Albertslund Bibliotek (leder)" in roles


def test_an_exchange_beyond_the_leaders_attestation_prints_a_warning(capsys, cli_vault: Path) -> None:
    """Seed 000 l.194–196: the leader's godkendelse covers "informationsudveksling med andre myndigheder" and the
    fortsættelsespåtegnelse "sætter rammer for under hvilke forudsætninger sagen igangsættes": the attestation records
    its recipients, categories and period; an exchange beyond them is recorded with a warning line."""
    added = add_sag(capsys, 15)
    code, data, err = run_json(
        capsys, "cases", "attest", added["number"], "--by", "Lene Opdigtet", "--on", TODAY, "--to", "skole",
        "--categories", "skole,fritid", "--until", (date.today() + timedelta(days=90)).isoformat(),
        "--conditions", "Kun skolens trivselsoplysninger",
    )  # fmt: skip
    assert code == 0, err
    assert data["attestation"]["recipients"] == ["skole"] and data["attestation"]["categories"] == ["skole", "fritid"]
    assert data["attestation"]["conditions"] == "Kun skolens trivselsoplysninger"
    code, out, err = run(
        capsys, "exchanges", "add", "--case", added["number"], "--recipient", "Birte Demoholm", "--party", "politi",
        "--authority", "Vestegnens Politi (fiktiv)", "--what", "skole,strafbare_forhold", "--basis", "Rpl. § 115",
        "--on", TODAY, "--necessity", "necessary,relevant,least,sensitive", "--confirm", "not_investigation",
    )  # fmt: skip
    assert code == 0, err
    assert "Advarsel: Modtageren (Politi) er ikke blandt dem, påtegnelsen (Lene Opdigtet) gælder: Skole." in err
    assert "Advarsel: Strafbare forhold er ikke blandt de oplysninger" in err
    code, out, err = run(capsys, "cases", "show", added["number"])
    assert "Påtegnelse" in out and "modtagere: Skole" in out
    code, _out, err = run(capsys, "cases", "attest", added["number"], "--by", "Lene", "--to", "bager")
    assert code == 4 and "Ukendt modtagertype «bager»" in err


def test_cases_show_lists_what_the_netvaerksmoeder_ended_in(capsys, cli_vault: Path) -> None:
    """Seed 000 l.269–274 ("Aftale og/eller underretning"): the outcome recorded on the case is shown with it –
    also when the meeting ended in no further action."""
    added = add_sag(capsys, 15)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert run(capsys, "underretning", "outcome", "--case", added["number"], "--on", yesterday, "--agreement")[0] == 0
    assert run(capsys, "underretning", "outcome", "--case", added["number"], "--on", TODAY, "--forum",
               "Netværkssamråd")[0] == 0  # fmt: skip
    code, data, err = run_json(capsys, "cases", "show", added["number"])
    assert code == 0, err
    assert [o["label"] for o in data["network_outcomes"]] == ["Ingen videre handling", "Aftale om indsatsforløb"]
    code, out, err = run(capsys, "cases", "show", added["number"])
    assert "Udfald: Netværkssamråd" in out and "Ingen videre handling" in out
