"""Statistics for the ledergruppe: exact counts of a constructed vault, small counts suppressed, the deadline hit rate,
and the anonymised report (JSON, CSV read back, PDF read back with pypdf) holding no name, CPR-nr. or case number;
the `stats` CLI and its exit codes. Real vault; every name and number is invented."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from sspdesk import groups
from sspdesk.case_events import record_event
from sspdesk.cases import NewCase, close_case, get_case, mark_deadline_done, register_case
from sspdesk.cli import COMMAND_MODULES, main, stats_cmds
from sspdesk.consents import ConsentContact, create_consent, mark_signed, new_consent_input
from sspdesk.domain.errors import Invalid
from sspdesk.statistics import (
    SUPPRESSED,
    default_period,
    report_csv,
    report_pdf,
    shown,
    statistics,
)
from sspdesk.store.vault import Vault
from support import templates

TODAY = date(2026, 3, 11)
FIRST, LAST = date(2026, 1, 1), date(2026, 3, 31)
NAMES = ("Oskar Opdigtet", "Ida Påfundsen", "Malthe Demosen")
CPRS = ("120310-4321", "050409-5122", "230808-4127")
PARENT = ("Hanne Opdigtet", "020375-1234")


@pytest.fixture
def world(vault) -> dict:
    """6 journals in January (5 contacts made in time, 1 closed in February), 2 sager in February, 1 level III sag from
    December, 1 journal closed before the period; 1 signed consent; 1 group."""
    journals = []
    for day in range(6):
        registered = date(2026, 1, 5 + day)
        journal = register_case(
            vault, NewCase(level="I", subject="Uro ved stationen", registered=registered, forum="Koordinationsmøde")
        )
        journals.append(journal)
        if day < 5:
            [contact] = [d for d in journal.deadlines if d.due]
            mark_deadline_done(vault, contact.id, today=registered + timedelta(days=1))
    close_case(vault, journals[0].id, "Bekymringen er drøftet.", today=date(2026, 2, 10))
    old = register_case(vault, NewCase(level="I", subject="Graffiti", registered=date(2025, 6, 2)))
    close_case(vault, old.id, "Afsluttet.", today=date(2025, 8, 1))
    sager = [
        register_case(
            vault,
            NewCase(
                level="II", subject="Butikstyveri", registered=date(2026, 2, 2 + i), person_name=NAMES[i], cpr=CPRS[i]
            ),
        )
        for i in range(2)
    ]
    serious = register_case(
        vault, NewCase(level="III", subject="Røveri", registered=date(2025, 12, 10), person_name=NAMES[2], cpr=CPRS[2])
    )
    form = replace(
        new_consent_input(vault, sager[0].id, today=date(2026, 2, 3)),
        giver_name=PARENT[0],
        giver_cpr=PARENT[1],
        exchange_text="Skolegang og fritid.",
        categories=("skole",),
        contacts=(ConsentContact("primary", "Birte Demoholm", "Politiet", party_type="politi"),),
    )
    consent = create_consent(vault, form)
    mark_signed(
        vault, consent.id, consent.cosign_required, None, "Originalen ligger i papirsagen.", today=date(2026, 2, 3)
    )
    group = groups.create_group(vault, groups.NewGroup("Gruppe ved stationen"), today=date(2026, 2, 1))
    groups.add_member(vault, group.id, journals[1].id, today=TODAY)
    groups.add_member(vault, group.id, sager[0].id, "toneangivende", today=TODAY)
    return {"journals": journals, "old": old, "sager": sager, "serious": serious}


def rows(stats, key: str) -> dict[str, object]:
    [section] = [s for s in stats.report() if s.key == key]
    return {row.key: row.count for row in section.rows}


def test_shown_suppresses_one_to_four():
    assert [shown(n) for n in (0, 1, 4, 5, 17)] == [0, SUPPRESSED, SUPPRESSED, 5, 17]


def test_default_period_is_the_last_twelve_months():
    assert default_period(TODAY) == (date(2025, 4, 1), TODAY)
    assert default_period(date(2026, 12, 31)) == (date(2026, 1, 1), date(2026, 12, 31))


def test_counts_of_a_constructed_vault(vault, world):
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    assert dict(stats.cases_by_level) == {"I": 6, "II": 2, "III": 1}  # the journal closed in 2025 is not active
    assert rows(stats, "cases_by_level") == {"I": 6, "II": SUPPRESSED, "III": SUPPRESSED}
    assert stats.new_by_month == {"2026-01": 6, "2026-02": 2, "2026-03": 0}
    assert rows(stats, "new_by_month") == {"2026-01": 6, "2026-02": SUPPRESSED, "2026-03": 0}
    assert stats.closed_by_month == {"2026-01": 0, "2026-02": 1, "2026-03": 0}
    assert rows(stats, "summary") == {"active": 9, "new": 8, "closed": SUPPRESSED, "raised": 0}
    assert rows(stats, "cases_by_forum")["Koordinationsmøde"] == 6
    assert stats.groups_by_status["active"] == 1 and stats.group_members == {"sag": 1, "journal": 1}
    assert stats.consents_by_status["valid"] == 1 and rows(stats, "consents")["valid"] == SUPPRESSED


def test_deadline_hit_rate_per_level(vault, world):
    # The level-II handleplans count from the home visit (issue 18): one recorded on Tue 10 Feb dates them.
    record_event(vault, world["sager"][0].id, "home_visit", date(2026, 2, 10), today=TODAY)
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    # Level I: six dated contact deadlines in January, five done the day after registration, one never.
    assert stats.deadlines["I"] == (5, 6)
    # Level II: every dated deadline of the two sager fell due before today and is still open: all missed.
    dated = [d for s in world["sager"] for d in get_case(vault, s.id).deadlines if FIRST.isoformat() <= d.due]
    assert stats.deadlines["II"] == (0, len(dated)) and len(dated) >= 5
    # Level III: its deadlines in the period (January 2026 on) – none; the 6-month follow-up is after the period.
    assert "III" not in stats.deadlines
    [section] = [s for s in stats.report() if s.key == "deadline_rate"]
    by_level = {row.key: row for row in section.rows}
    assert (by_level["I"].count, by_level["I"].share) == (6, "83 %")
    assert by_level["II"].share == "0 %"
    assert (by_level["III"].count, by_level["III"].share) == (0, "")
    # Seen on 12 January, the open contact deadline (due 23 January) is not missed yet: only the five done count.
    early = statistics(vault, date(2026, 1, 1), date(2026, 1, 31), today=date(2026, 1, 12))
    assert early.deadlines["I"] == (5, 5)


def test_a_period_that_ends_before_it_starts_is_refused(vault):
    with pytest.raises(Invalid):
        statistics(vault, LAST, FIRST, today=TODAY)


def _forbidden(vault, world) -> list[str]:
    cases = [*world["journals"], world["old"], *world["sager"], world["serious"]]
    numbers = [get_case(vault, c.id).case.number for c in cases]
    people = [*NAMES, PARENT[0]]
    cprs = [*CPRS, PARENT[1]]
    return [*people, *(n.split()[0] for n in people), *cprs, *(c.replace("-", "") for c in cprs), *numbers]


def test_the_report_holds_no_person_data_and_suppresses_small_counts(vault, world):
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    as_json = json.dumps(stats.to_json(), ensure_ascii=False)
    table = list(csv.reader(io.StringIO(report_csv(stats)), delimiter=";"))
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(vault, stats))).pages)
    for text in (as_json, json.dumps(table, ensure_ascii=False), pdf):
        for forbidden in _forbidden(vault, world):
            assert forbidden not in text, forbidden
    assert table[0] == ["Afsnit", "Kategori", "Antal", "Andel"]
    counts = [row[2] for row in table[4:-2]]  # between Titel, Klassifikationsmodel, Periode and Note, Definition
    assert counts and all(c == SUPPRESSED or c == "0" or int(c) >= 5 for c in counts)
    assert ["Aktive sager efter niveau", "Niveau II – Kriminalitet", SUPPRESSED, ""] in table
    assert ["Frister overholdt pr. niveau", "Niveau I – Risikoadfærd", "6", "83 %"] in table
    for section in stats.to_json()["sections"]:
        for row in section["rows"]:
            assert row["count"] == SUPPRESSED or row["count"] == 0 or row["count"] >= 5
    assert "<5" in pdf and "Aktive sager efter niveau" in pdf and "83 %" in pdf
    assert "Fortroligt" not in pdf  # nothing personal to mark


# -- the CLI ------------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    assert stats_cmds in COMMAND_MODULES
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", "hest batteri klokke æøå")
    templates.created(path, "hest batteri klokke æøå").close()  # as `init` makes it
    for i, level in enumerate(("II", "II", "I")):
        args = ["cases", "add", "--level", level, "--subject", "Indbrud", "--registered", f"2026-02-0{i + 2}"]
        if level == "II":
            args += ["--name", NAMES[i], "--cpr", CPRS[i]]
        assert main(args) == 0
    capsys.readouterr()
    return path


def test_cli_stats_prints_the_anonymised_report_and_writes_files(capsys, cli_vault: Path, tmp_path: Path) -> None:
    out_csv, out_pdf = tmp_path / "rapport.csv", tmp_path / "rapport.pdf"
    code = main(
        ["stats", "--json", "--from", "2026-01-01", "--to", "2026-02-28", "--csv", str(out_csv), "--pdf", str(out_pdf)]
    )
    out, _err = capsys.readouterr()
    assert code == 0
    data = json.loads(out)
    assert data["anonymised"] is True and data["files"] == [str(out_csv), str(out_pdf)]
    levels = {r["key"]: r["count"] for s in data["sections"] if s["key"] == "cases_by_level" for r in s["rows"]}
    assert levels == {"I": SUPPRESSED, "II": SUPPRESSED, "III": 0}
    written = out_csv.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read æøå
    pdf = "\n".join(p.extract_text() for p in PdfReader(out_pdf).pages)
    for text in (out, written.decode("utf-8-sig"), pdf):
        for forbidden in (*NAMES, *CPRS, "S-2026-0001", "J-2026-0001"):
            assert forbidden not in text
    assert main(["stats", "--from", "2026-01-01", "--to", "2026-02-28"]) == 0
    assert "Aktive sager efter niveau" in capsys.readouterr().out


def test_cli_stats_exit_codes(capsys, cli_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["stats", "--from", "2026-03-01", "--to", "2026-01-01"]) == 4
    assert "Periodens start" in capsys.readouterr().err
    assert main(["stats", "--from", "2026-13-01"]) == 2
    assert main(["stats", "--csv", str(tmp_path / "findes-ikke" / "x.csv")]) == 2
    assert not (tmp_path / "findes-ikke").exists()
    monkeypatch.setenv("SSPDESK_PASSPHRASE", "forkert kode")
    assert main(["stats"]) == 3


def test_statistics_on_an_empty_vault(vault: Vault):
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    assert rows(stats, "summary") == {"active": 0, "new": 0, "closed": 0, "raised": 0}
    assert rows(stats, "cases_by_level") == {"I": 0, "II": 0, "III": 0}
