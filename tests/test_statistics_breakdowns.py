"""The statistics the leadership asks for (issue 18 item 6): active cases by area, DKE-Sager by source, age band and
crime type, underretninger and "Frister overholdt" – counts from 1 to 4 shown as "<5" in the PDF, the CSV, the CLI's
text and its JSON (there with "suppressed": true, never the number behind it), under the active profile's title.
Real vaults; every name and number is invented."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from sspdesk.cases import NewCase, close_case, register_case, save_section
from sspdesk.cli import main
from sspdesk.domain.errors import Invalid
from sspdesk.domain.statistics import DEADLINES_DEFINITION, SUPPRESSED
from sspdesk.statistics import report_csv, report_pdf, statistics
from sspdesk.statistics_breakdowns import age_band
from sspdesk.store.settings import set_setting
from sspdesk.underretning import record_underretning
from support import templates

TODAY = date(2026, 3, 11)
FIRST, LAST = date(2026, 1, 1), date(2026, 3, 31)
ALBERTSLUND_TITLE = "Statistik til Styregruppen (Lokalrådet)"


def _cpr(born: date, serial: int) -> str:
    """A fictional CPR-nr. for someone born in the 2000s (7th digit 4: 2000–2036)."""
    return f"{born:%d%m%y}-4{serial:03d}"


def _sag(vault, serial: int, area: str, born: date, source: str = "", crime: str = "", **kw) -> str:
    new = NewCase(
        level="II",
        subject="Indbrud i kiosk",
        registered=kw.pop("registered", date(2026, 2, 2)),
        area=area,
        person_name=f"Oskar Opdigtet{serial}",
        cpr=_cpr(born, serial),
        source=source,
        crime_type=crime,
        **kw,
    )
    return register_case(vault, new).case.id


@pytest.fixture
def world(vault) -> dict:
    """Nordskolen: 6 sager (school, burglary, 13 years old on registration). Sydskolen: 2 sager (parents, vandalism,
    16 years old) and 1 DKE-Journal. One sag without area or Sagsforløb (18 years old). One sag closed in 2025."""
    with vault.transaction() as conn:
        set_setting(conn, "areas", ["Nordskolen", "Sydskolen", "Vestskolen"])
    north = [_sag(vault, i, "Nordskolen", date(2012, 6, 15), "Skole", "Indbrud") for i in range(6)]
    south = [_sag(vault, 10 + i, "Sydskolen", date(2009, 5, 1), "Forældre", "Hærværk") for i in range(2)]
    journal = register_case(
        vault, NewCase(level="I", subject="Uro ved stationen", registered=date(2026, 1, 12), area="Sydskolen")
    )
    adult = _sag(vault, 20, "", date(2007, 1, 3))
    old = _sag(vault, 30, "Vestskolen", date(2010, 3, 3), "Skole", "Vold", registered=date(2025, 3, 3))
    close_case(vault, old, "Afsluttet.", "Overdrages ikke", today=date(2025, 9, 1))
    return {"north": north, "south": south, "journal": journal.case.id, "adult": adult, "old": old}


def rows(stats, key: str) -> dict[str, object]:
    [section] = [s for s in stats.report() if s.key == key]
    return {row.key: row.count for row in section.rows}


def test_active_cases_are_counted_by_area_with_journals_and_small_counts_suppressed(vault, world):
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    assert dict(stats.breakdowns.by_area) == {"Nordskolen": 6, "Sydskolen": 3, "": 1}  # Vestskolen's sag closed 2025
    assert rows(stats, "cases_by_area") == {"Nordskolen": 6, "Sydskolen": SUPPRESSED, "Vestskolen": 0, "": SUPPRESSED}


def test_sager_are_counted_by_source_and_crime_type_from_the_case_flow(vault, world):
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    assert dict(stats.breakdowns.by_source) == {"Skole": 6, "Forældre": 2, "": 1}  # the journal has no source
    by_source = rows(stats, "sager_by_source")
    found = (by_source["Skole"], by_source["Forældre"], by_source[""], by_source["Klub"])
    assert found == (6, SUPPRESSED, SUPPRESSED, 0)
    # The newest Sagsforløb version counts: the adult's sag gets a crime type after registration.
    save_section(vault, world["adult"], "flow", {"kriminalitetstype": "Trusler"})
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    assert dict(stats.breakdowns.by_crime) == {"Indbrud": 6, "Hærværk": 2, "Trusler": 1}
    by_crime = rows(stats, "sager_by_crime")
    assert (by_crime["Indbrud"], by_crime["Hærværk"], by_crime["Trusler"], by_crime[""]) == (6, "<5", "<5", 0)


def test_sager_are_counted_by_age_band_on_the_day_they_were_registered(vault, world):
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    assert dict(stats.breakdowns.by_age) == {"12_13": 6, "16_17": 2, "18_plus": 1}
    assert rows(stats, "sager_by_age") == {
        "under_12": 0,
        "12_13": 6,
        "14_15": 0,
        "16_17": SUPPRESSED,
        "18_plus": SUPPRESSED,
        "unknown": 0,
    }
    # Born 15 June 2012: 13 on the day before the 14th birthday, 14 on it.
    assert age_band("2012-06-15", "2026-06-14") == "12_13" and age_band("2012-06-15", "2026-06-15") == "14_15"
    assert age_band("", "2026-06-15") == "unknown"


def test_a_crime_type_outside_the_list_and_a_crime_type_on_a_journal_are_refused(vault):
    with pytest.raises(Invalid) as unknown:
        _sag(vault, 1, "", date(2012, 1, 1), crime="Spritkørsel")
    assert unknown.value.field == "crime_type"
    with pytest.raises(Invalid) as journal:
        register_case(vault, NewCase(level="I", subject="Uro", crime_type="Hærværk"))
    assert journal.value.field == "crime_type"


def test_underretninger_are_counted_with_small_counts_suppressed(vault, world):
    for sag in world["north"][:3]:
        record_underretning(vault, sag, "Børn og Familie", date(2026, 2, 20), reason="kriminalitet", today=TODAY)
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    assert sum(stats.underretninger_by_reason.values()) == 3
    assert rows(stats, "underretninger")["total"] == SUPPRESSED


def test_frister_overholdt_has_a_row_for_all_levels(vault, world):
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    counted = sum(c for _h, c in stats.deadlines.values())
    assert counted >= 5  # the contact and Sagsmøde deadlines of the nine sager fell due in February, all missed
    [section] = [s for s in stats.report() if s.key == "deadline_rate"]
    assert section.rows[0].key == "all" and section.rows[0].count == counted and section.rows[0].share == "0 %"
    assert section.note == DEADLINES_DEFINITION


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_the_pdf_holds_the_profile_title_the_breakdowns_and_the_definition_of_frister_overholdt(vault, world):
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    text = _pdf_text(report_pdf(vault, stats))
    assert ALBERTSLUND_TITLE in text and "Klassifikationsmodel: Albertslund Kommune (DKE)" in text
    assert re.sub(r"\s+", " ", DEADLINES_DEFINITION) in text
    for title in (
        "Aktive sager efter område (skoledistrikt)",
        "Aktive DKE-Sager efter kilde",
        "Aktive DKE-Sager efter alder",
        "Aktive DKE-Sager efter kriminalitetstype",
    ):
        assert title in text
    assert "Sydskolen <5" in text and "Nordskolen 6" in text and "16–17 år <5" in text
    for forbidden in ("Oskar Opdigtet", *(_cpr(date(2012, 6, 15), i) for i in range(6))):
        assert forbidden not in text
    table = report_csv(stats)
    assert f"Titel;{ALBERTSLUND_TITLE}" in table and "Aktive sager efter område (skoledistrikt);Sydskolen;<5;" in table


def test_the_title_comes_from_the_active_profile(vault, world):
    with vault.transaction() as conn:
        set_setting(conn, "profile", "koebenhavn")
    stats = statistics(vault, FIRST, LAST, today=TODAY)
    assert stats.title == "Statistik til SSP-ledergruppen" and stats.to_json()["title"] == stats.title
    assert "Statistik til SSP-ledergruppen" in _pdf_text(report_pdf(vault, stats))


def test_the_json_marks_suppressed_counts_and_never_holds_the_number_behind_them(vault, world):
    data = statistics(vault, FIRST, LAST, today=TODAY).to_json()
    assert data["title"] == ALBERTSLUND_TITLE and data["profile"] == "Albertslund Kommune (DKE)"
    [area] = [s for s in data["sections"] if s["key"] == "cases_by_area"]
    by_key = {r["key"]: r for r in area["rows"]}
    assert by_key["Sydskolen"] == {"key": "Sydskolen", "label": "Sydskolen", "count": "<5", "suppressed": True}
    assert by_key["Nordskolen"]["count"] == 6 and by_key["Nordskolen"]["suppressed"] is False
    for section in data["sections"]:
        for row in section["rows"]:
            assert row["suppressed"] == (row["count"] == SUPPRESSED)
            assert row["count"] == SUPPRESSED or row["count"] == 0 or row["count"] >= 5
    [deadlines] = [s for s in data["sections"] if s["key"] == "deadline_rate"]
    assert deadlines["note"] == DEADLINES_DEFINITION


# -- the CLI ------------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", "hest batteri klokke æøå")
    templates.created(path, "hest batteri klokke æøå").close()  # as `init` makes it
    for i in range(6):
        args = ["cases", "add", "--level", "II", "--subject", "Hærværk på biler", "--registered", "2026-02-02"]
        args += ["--name", f"Ida Påfundsen{i}", "--cpr", _cpr(date(2011, 4, 4), i), "--area", "Vestskolen"]
        args += ["--source", "Politiets anmeldelse", "--crime-type", "Hærværk" if i else "Tyveri/butikstyveri"]
        assert main(args) == 0
    capsys.readouterr()
    return path


def test_cli_stats_shows_the_breakdowns_with_suppression_and_the_definition(capsys, cli_vault: Path) -> None:
    assert main(["stats", "--json", "--from", "2026-01-01", "--to", "2026-02-28"]) == 0
    data = json.loads(capsys.readouterr().out)
    crime = {r["key"]: r for s in data["sections"] if s["key"] == "sager_by_crime" for r in s["rows"]}
    assert crime["Hærværk"]["count"] == 5 and crime["Hærværk"]["suppressed"] is False
    assert crime["Tyveri/butikstyveri"] == {
        "key": "Tyveri/butikstyveri",
        "label": "Tyveri/butikstyveri",
        "count": "<5",
        "suppressed": True,
    }
    assert main(["stats", "--from", "2026-01-01", "--to", "2026-02-28"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(ALBERTSLUND_TITLE)
    assert re.search(r"Tyveri/butikstyveri\s+<5", out) and re.search(r"Politiets anmeldelse\s+6", out)
    assert "Frister overholdt: af de frister" in out and "Ida Påfundsen" not in out
