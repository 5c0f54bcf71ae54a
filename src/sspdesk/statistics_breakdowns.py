"""The breakdowns the leadership asks for besides level, forum and month (issue 18 item 6): active cases by area
(skoledistrikt), and active DKE-Sager by source, age band and crime type.

`sspdesk.statistics` counts the rest of the report and adds these sections to it; every count goes through the
same suppression (1–4 shown as "<5"). Definitions:

* *active* as in the rest of the report: registered by the period's last day and not closed before its first;
* area counts every active case (a DKE-Journal has an area too); a case without one is "Intet område angivet";
* source, age band and crime type count only active DKE-Sager: a DKE-Journal holds no person data and no
  Sagsforløb (Bilag 5). Source and crime type are the choices of the sag's newest Sagsforløb version; the age is
  the young person's age on the day the sag was registered (the day the concern was taken up), so a sag stays in
  one band however long it runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sspdesk.cpr import age_on_birth
from sspdesk.domain.forms import CRIME_TYPES, SOURCES
from sspdesk.domain.statistics import ReportRow, ReportSection, shown
from sspdesk.store import stats_repo as repo
from sspdesk.store.dbapi import Connection

NO_AREA = "Intet område angivet"
NOT_GIVEN = "Ikke angivet"
UNKNOWN_AGE = "Alder ukendt"
# (key, label, youngest, oldest): 16–17 is its own band because the youth forum and the extra professionals start at
# 16 (seed 000 l.243, 263–265); 18 and over because the rules for adults differ (l.382, 415–418).
AGE_BANDS: tuple[tuple[str, str, int, int], ...] = (
    ("under_12", "Under 12 år", 0, 11),
    ("12_13", "12–13 år", 12, 13),
    ("14_15", "14–15 år", 14, 15),
    ("16_17", "16–17 år", 16, 17),
    ("18_plus", "18 år og derover", 18, 200),
)
SAG_ONLY_NOTE = "Kun DKE-Sager: en DKE-Journal har ingen personoplysninger og intet sagsforløb."


def active_in_period(row: dict[str, Any], first: str, last: str) -> bool:
    """Open at some time in the period `first`–`last` (ISO dates): registered by its end, not closed before it."""
    return row["registered"] <= last and (row["status"] == "open" or not row["closed_on"] or row["closed_on"] >= first)


def age_band(birth_date: str, registered: str) -> str:
    """The key of the AGE_BANDS band of someone born `birth_date` on `registered` ('unknown' without a birth date)."""
    if not birth_date:
        return "unknown"
    try:
        age = age_on_birth(date.fromisoformat(birth_date), date.fromisoformat(registered))
    except ValueError:  # registered before the birth date: a typing error somewhere, not an age
        return "unknown"
    return next(key for key, _label, low, high in AGE_BANDS if low <= age <= high)


@dataclass
class Breakdowns:
    """Raw counts; `sections()` suppresses them like the rest of the report."""

    areas: Sequence[str] = ()  # the municipality's areas (setting), in their order
    by_area: Counter[str] = field(default_factory=Counter)
    by_source: Counter[str] = field(default_factory=Counter)
    by_age: Counter[str] = field(default_factory=Counter)
    by_crime: Counter[str] = field(default_factory=Counter)

    def sections(self) -> list[ReportSection]:
        def rows(items: Iterable[tuple[str, str, int]]) -> tuple[ReportRow, ...]:
            return tuple(ReportRow(key, label, shown(count)) for key, label, count in items)

        def choices(counts: Counter[str], known: Sequence[str]) -> list[tuple[str, str, int]]:
            others = sorted(k for k in counts if k and k not in known)  # a value of an older form version
            found = [(k, k, counts[k]) for k in [*known, *others]]
            return [*found, ("", NOT_GIVEN, counts[""])]

        others = sorted(k for k in self.by_area if k and k not in self.areas)  # an area since removed from the list
        area_rows = [(a, a, self.by_area[a]) for a in [*self.areas, *others]] + [("", NO_AREA, self.by_area[""])]
        age_rows = [(key, label, self.by_age[key]) for key, label, _low, _high in AGE_BANDS]
        return [
            ReportSection(
                "cases_by_area",
                "Aktive sager efter område (skoledistrikt)",
                rows(area_rows),
                "DKE-Journaler og DKE-Sager; området er det, sagen er registreret med.",
            ),
            ReportSection(
                "sager_by_source",
                "Aktive DKE-Sager efter kilde (hvem rejste bekymringen)",
                rows(choices(self.by_source, SOURCES)),
                f"{SAG_ONLY_NOTE} Kilden er feltet Identifikation – kilde i sagsforløbet.",
            ),
            ReportSection(
                "sager_by_age",
                "Aktive DKE-Sager efter alder",
                rows([*age_rows, ("unknown", UNKNOWN_AGE, self.by_age["unknown"])]),
                f"{SAG_ONLY_NOTE} Alderen er den unges alder den dag, sagen blev registreret.",
            ),
            ReportSection(
                "sager_by_crime",
                "Aktive DKE-Sager efter kriminalitetstype",
                rows(choices(self.by_crime, CRIME_TYPES)),
                f"{SAG_ONLY_NOTE} Den væsentligste kriminalitetstype, som den står i sagsforløbet.",
            ),
        ]


def count_breakdowns(conn: Connection, first: date, last: date, areas: Sequence[str]) -> Breakdowns:
    """The breakdowns of the cases active from `first` to `last`."""
    found = Breakdowns(tuple(areas))
    first_iso, last_iso = first.isoformat(), last.isoformat()
    for row in repo.breakdown_facts(conn, last_iso):
        if not active_in_period(row, first_iso, last_iso):
            continue
        found.by_area[row["area"]] += 1
        if row["kind"] != "sag":
            continue
        found.by_source[row["source"]] += 1
        found.by_crime[row["crime_type"]] += 1
        found.by_age[age_band(row["birth_date"], row["registered"])] += 1
    return found
