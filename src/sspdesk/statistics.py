"""Statistics for the SSP-ledergruppe / Styregruppe, and the consent list of Overblik.

`statistics(vault, from_date, to_date)` counts, for a period: active cases by level and by forum, new and closed cases
per month, the deadline hit rate per level, the groups of concern, the underretninger (by reason, with and without
a receipt) and the consents by status. `Stats.report()` turns
the counts into the **anonymised report** every output shares – the statistics window, the PDF, the CSV and the CLI's
JSON: no names, no CPR-nr., no case numbers, and small counts suppressed (1–4 shown as "<5"; 0 stays 0). A hit rate
is shown only when at least 5 deadlines lie behind it. (Primary suppression only: a total and its other categories
can still narrow a "<5" down – the counts are of cases, not of people.)

Definitions:
* an *active* case was open at some time in the period (registered by its end, not closed before its start);
* a deadline counts towards the hit rate when it fell due in the period and was done, or was missed (still open
  after its day, or the case closed after its day); it is *hit* when done on or before its day. Open deadlines not
  yet due and deadlines that ended because the case closed in time are left out. The case's current level is used;
* consents are counted by their state on the last day of the period (or today, if that is earlier).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sspdesk.cases import active_profile
from sspdesk.domain.consent import STATUS_LABELS as CONSENT_STATUS_LABELS
from sspdesk.domain.consent import Consent, summarize_status
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import Invalid
from sspdesk.domain.statistics import (
    ANONYMISED_NOTE,
    DEADLINES_DEFINITION,
    REPORT_TITLE,
    SMALL_COUNT,
    SUPPRESSED,
    ReportRow,
    ReportSection,
    shown,
)
from sspdesk.preferences import areas
from sspdesk.statistics_breakdowns import Breakdowns, active_in_period, count_breakdowns
from sspdesk.store import stats_repo as repo
from sspdesk.store import underretning_repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault

MONTHS = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.")
GROUP_ROW_LABELS = {"active": "Aktive grupper", "followup": "Grupper i opfølgning", "closed": "Afsluttede grupper"}
CONSENT_ORDER = ("valid", "expiring", "unsigned", "not_yet_valid", "expired", "withdrawn")
ATTENTION_STATES = ("expiring", "unsigned", "expired", "withdrawn", "missing")


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months: from the first of the month eleven months back, to today."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1), today


def _months(first: date, last: date) -> list[str]:
    keys, day = [], date(first.year, first.month, 1)
    while day <= last:
        keys.append(month_key(day))
        day = (day + timedelta(days=32)).replace(day=1)
    return keys


@dataclass
class Stats:
    """Raw counts of a period. Show them only through `report()`, which suppresses small counts."""

    from_date: date
    to_date: date
    on: date  # the day consents are judged on
    level_names: dict[str, str]
    cases_by_level: Counter[str] = field(default_factory=Counter)
    cases_by_forum: Counter[str] = field(default_factory=Counter)
    new_by_month: dict[str, int] = field(default_factory=dict)
    closed_by_month: dict[str, int] = field(default_factory=dict)
    raised: int = 0
    deadlines: dict[str, tuple[int, int]] = field(default_factory=dict)  # level -> (hit, counted)
    groups_by_status: Counter[str] = field(default_factory=Counter)
    new_groups: int = 0
    group_members: dict[str, int] = field(default_factory=lambda: {"sag": 0, "journal": 0})
    consents_by_status: Counter[str] = field(default_factory=Counter)
    reason_labels: dict[str, str] = field(default_factory=dict)  # the profile's underretning reasons, in order
    underretninger_by_reason: Counter[str] = field(default_factory=Counter)
    underretninger_confirmed: int = 0
    title: str = REPORT_TITLE  # the active profile's statistics_title, when it has one
    profile_name: str = ""
    breakdowns: Breakdowns = field(default_factory=Breakdowns)  # area, source, age band, crime type

    def _level(self, code: str) -> str:
        name = self.level_names.get(code)
        return f"Niveau {code} – {name}" if name else f"Niveau {code}"

    def _levels(self, codes: Iterable[str]) -> list[str]:
        order = list(self.level_names)
        return sorted(set(codes), key=lambda c: (order.index(c) if c in order else len(order), c))

    def report(self) -> list[ReportSection]:
        def rows(counts: Mapping[str, int], label: Callable[[str], str] = str) -> tuple[ReportRow, ...]:
            return tuple(ReportRow(k, label(k), shown(v)) for k, v in counts.items())

        total = sum(self.cases_by_level.values())
        levels = self._levels([*self.level_names, *self.cases_by_level])

        def rate(key: str, label: str, hit: int, counted: int) -> ReportRow:
            enough = counted >= SMALL_COUNT
            share = f"{round(100 * hit / counted)} %" if enough else ""
            return ReportRow(key, label, shown(counted), share, hit / counted if enough else None)

        rates = [
            rate(
                "all",
                "Alle niveauer",
                sum(h for h, _c in self.deadlines.values()),
                sum(c for _h, c in self.deadlines.values()),
            )
        ]
        for level in self._levels([*self.level_names, *self.deadlines]):
            rates.append(rate(level, self._level(level), *self.deadlines.get(level, (0, 0))))
        return [
            ReportSection(
                "summary",
                "Overblik over perioden",
                (
                    ReportRow("active", "Aktive sager i perioden", shown(total)),
                    ReportRow("new", "Nye sager", shown(sum(self.new_by_month.values()))),
                    ReportRow("closed", "Afsluttede sager", shown(sum(self.closed_by_month.values()))),
                    ReportRow("raised", "DKE-Journaler løftet til DKE-Sag", shown(self.raised)),
                ),
            ),
            ReportSection(
                "cases_by_level",
                "Aktive sager efter niveau",
                rows({k: self.cases_by_level[k] for k in levels}, self._level),
            ),
            ReportSection(
                "cases_by_forum",
                "Aktive sager efter mødeforum",
                rows(
                    dict(sorted(self.cases_by_forum.items(), key=lambda kv: (-kv[1], kv[0]))),
                    lambda k: k or "Intet mødeforum",
                ),
            ),
            *self.breakdowns.sections(),
            ReportSection("new_by_month", "Nye sager pr. måned", rows(self.new_by_month, month_label)),
            ReportSection("closed_by_month", "Afsluttede sager pr. måned", rows(self.closed_by_month, month_label)),
            ReportSection("deadline_rate", "Frister overholdt pr. niveau", tuple(rates), DEADLINES_DEFINITION),
            ReportSection(
                "groups",
                "Bekymringsgrupper",
                (
                    *(ReportRow(k, label, shown(self.groups_by_status[k])) for k, label in GROUP_ROW_LABELS.items()),
                    ReportRow("new", "Nye grupper i perioden", shown(self.new_groups)),
                    ReportRow("sag_members", "Medlemmer fra DKE-Sager", shown(self.group_members["sag"])),
                    ReportRow("journal_members", "Medlemmer fra DKE-Journaler", shown(self.group_members["journal"])),
                ),
            ),
            self._underretninger(),
            ReportSection(
                "consents",
                f"Samtykker efter status den {date_text(self.on)}",
                rows({k: self.consents_by_status[k] for k in CONSENT_ORDER}, CONSENT_STATUS_LABELS.__getitem__),
            ),
        ]

    def _underretninger(self) -> ReportSection:
        counts = self.underretninger_by_reason
        total = sum(counts.values())
        keys = [*self.reason_labels, *sorted(k for k in counts if k not in self.reason_labels)]
        return ReportSection(
            "underretninger",
            "Underretninger",
            (
                ReportRow("total", "Underretninger i perioden", shown(total)),
                *(
                    ReportRow(f"reason_{k or 'none'}", self.reason_labels.get(k, k or "Årsag ikke angivet"), shown(n))
                    for k in keys
                    if (n := counts[k]) or k in self.reason_labels
                ),
                ReportRow("confirmed", "Kvittering modtaget", shown(self.underretninger_confirmed)),
                ReportRow("unconfirmed", "Uden kvittering", shown(total - self.underretninger_confirmed)),
            ),
            "Underretninger til kommunen (Barnets Lov), talt efter underretningens dato; årsag efter profilens "
            "kategorier.",
        )

    def to_json(self) -> dict[str, Any]:
        """The anonymised report as data (the CLI's --json): the same suppressed numbers as the PDF and CSV.

        A suppressed count is the string "<5" with `"suppressed": true`, never the number behind it: the true count
        does not leave the vault, so a script cannot re-identify from it either; `suppressed` lets it tell the two
        kinds of count apart without parsing the string."""
        return {
            "title": self.title,
            "profile": self.profile_name,
            "from": self.from_date.isoformat(),
            "to": self.to_date.isoformat(),
            "anonymised": True,
            "suppression": f'antal fra 1 til {SMALL_COUNT - 1} vises som "{SUPPRESSED}" (suppressed: true)',
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "note": s.note,
                    "rows": [
                        {
                            "key": r.key,
                            "label": r.label,
                            "count": r.count,
                            "suppressed": r.count == SUPPRESSED,
                            **({"share": r.share} if s.key == "deadline_rate" else {}),
                        }
                        for r in s.rows
                    ],
                }
                for s in self.report()
            ],
        }


def _deadline_outcome(row: dict[str, Any], today: str) -> bool | None:
    """True hit, False missed, None not counted (see the module docstring)."""
    if row["status"] == "done":
        return bool(row["done_on"]) and row["done_on"] <= row["due"]
    if row["status"] == "open":
        return False if row["due"] < today else None
    return False if row["done_on"] > row["due"] else None  # closed with the case


def statistics(vault: Vault, from_date: date, to_date: date, *, today: date | None = None) -> Stats:
    if from_date > to_date:
        raise Invalid("Periodens start skal ligge før dens slutning.")
    today = today or date.today()
    conn = vault.conn
    first, last = from_date.isoformat(), to_date.isoformat()
    profile = active_profile(vault)
    months = _months(from_date, to_date)
    stats = Stats(
        from_date,
        to_date,
        min(to_date, today),
        {code: profile.level(code).name for code in profile.level_codes()},
        new_by_month=dict.fromkeys(months, 0),
        closed_by_month=dict.fromkeys(months, 0),
        reason_labels={c.key: c.label for c in profile.reasons()},
        title=profile.statistics_title or REPORT_TITLE,
        profile_name=profile.name,
        breakdowns=count_breakdowns(conn, from_date, to_date, areas(vault)),
    )
    for row in repo.case_facts(conn, last):
        if active_in_period(row, first, last):
            stats.cases_by_level[row["level"]] += 1
            stats.cases_by_forum[row["forum"]] += 1
        if row["registered"] >= first:
            stats.new_by_month[row["registered"][:7]] += 1
        if row["closed_on"] and first <= row["closed_on"] <= last:
            if row["status"] == "closed":
                stats.closed_by_month[row["closed_on"][:7]] += 1
            elif row["status"] == "raised":
                stats.raised += 1
    outcomes: dict[str, list[bool]] = {}
    for row in repo.deadline_facts(conn, first, last):
        outcome = _deadline_outcome(row, today.isoformat())
        if outcome is not None:
            outcomes.setdefault(row["level"], []).append(outcome)
    stats.deadlines = {level: (sum(found), len(found)) for level, found in outcomes.items()}
    for row in repo.group_facts(conn, last):
        if active_in_period(row, first, last):
            stats.groups_by_status[row["status"]] += 1
            stats.group_members["sag"] += row["sag_members"]
            stats.group_members["journal"] += row["journal_members"]
        if row["registered"] >= first:
            stats.new_groups += 1
    for row in underretning_repo.underretning_facts(conn, first, last):
        stats.underretninger_by_reason[row["reason"]] += 1
        stats.underretninger_confirmed += bool(row["confirmed_on"])
    for consent in _consent_dates(conn):
        if consent.consent_date <= to_date:
            stats.consents_by_status[consent.state(stats.on)] += 1
    return stats


# -- outputs ----------------------------------------------------------------------------------------------------


def period_text(stats: Stats) -> str:
    return f"Periode: {date_text(stats.from_date)} – {date_text(stats.to_date)}"


def heading_text(stats: Stats) -> str:
    """The report's title with the classification model it counts by ("… · Albertslund Kommune (DKE)")."""
    return f"{stats.title} · {stats.profile_name}" if stats.profile_name else stats.title


def report_csv(stats: Stats) -> str:
    """The anonymised report as CSV (semicolon-separated, for Danish spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Afsnit", "Kategori", "Antal", "Andel"])
    writer.writerow(["Titel", stats.title, "", ""])
    writer.writerow(["Klassifikationsmodel", stats.profile_name, "", ""])
    writer.writerow(["Periode", f"{date_text(stats.from_date)} – {date_text(stats.to_date)}", "", ""])
    for section in stats.report():
        for row in section.rows:
            writer.writerow([section.title, row.label, row.count, row.share])
    writer.writerow(["Note", ANONYMISED_NOTE, "", ""])
    writer.writerow(["Definition", DEADLINES_DEFINITION, "", ""])
    return out.getvalue()


def report_file_name(stats: Stats, suffix: str) -> str:
    return f"SSP-statistik {stats.from_date.isoformat()} til {stats.to_date.isoformat()}{suffix}"


def report_pdf(vault: Vault, stats: Stats) -> bytes:
    from sspdesk.pdf.statistics_pdf import statistics_pdf  # reportlab is loaded only when a PDF is made
    from sspdesk.preferences import municipality_logo

    data = statistics_pdf(
        stats.report(),
        stats.from_date,
        stats.to_date,
        period=period_text(stats),
        title=stats.title,
        profile_name=stats.profile_name,
        municipality=vault.setting("municipality") or "",
        logo=municipality_logo(vault),
    )
    with vault.transaction():
        vault.log("stats.report", detail=f"PDF {stats.from_date.isoformat()}–{stats.to_date.isoformat()}")
    return data


def save_csv(vault: Vault, stats: Stats) -> bytes:
    """The CSV as bytes with a BOM, so spreadsheet programs read æ, ø and å; the export is logged."""
    with vault.transaction():
        vault.log("stats.report", detail=f"CSV {stats.from_date.isoformat()}–{stats.to_date.isoformat()}")
    return report_csv(stats).encode("utf-8-sig")


# -- consents for Overblik ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ConsentDates:
    """The dates that decide a consent's state; uses the consent's own rule (`Consent.state`)."""

    id: str
    reference: str
    case_ids: tuple[str, ...]
    consent_date: date
    signed_on: date | None
    valid_from: date
    valid_until: date
    withdrawn_on: date | None

    def state(self, on: date) -> str:
        return Consent.state(self, on)  # type: ignore[arg-type]  # the rule reads only these dates


def _consent_dates(conn: Connection) -> list[_ConsentDates]:
    def day(iso: str) -> date | None:
        return date.fromisoformat(iso) if iso else None

    return [
        _ConsentDates(
            r["id"],
            r["reference"],
            tuple(r["case_ids"]),
            date.fromisoformat(r["consent_date"]),
            day(r["signed_on"]),
            date.fromisoformat(r["valid_from"]),
            date.fromisoformat(r["valid_until"]),
            day(r["withdrawn_on"]),
        )
        for r in repo.consent_facts(conn)
    ]


@dataclass(frozen=True)
class ConsentAttention:
    """An open DKE-Sag without a consent in force, or whose consent is unsigned or about to run out."""

    case_id: str
    number: str
    subject: str
    status: str  # missing | unsigned | expiring | expired | withdrawn
    consent_id: str = ""  # the consent to open ('' when there is none)
    valid_until: str = ""
    withdrawn_on: str = ""  # a withdrawn consent ended that day, whatever its validity said

    @property
    def until_text(self) -> str:
        """What the consent's dates mean on the day: a withdrawn consent is never "gyldigt til"."""
        if self.status == "withdrawn":
            return f"tilbagekaldt {date_text(date.fromisoformat(self.withdrawn_on))}" if self.withdrawn_on else ""
        if not self.valid_until:
            return ""
        ended = "udløb" if self.status == "expired" else "gyldigt til"
        return f"{ended} {date_text(date.fromisoformat(self.valid_until))}"

    @property
    def label(self) -> str:
        return CONSENT_STATUS_LABELS[self.status]


@dataclass(frozen=True)
class AttentionList:
    rows: list[ConsentAttention]  # the first `limit`
    total: int


def consent_attention(vault: Vault, on: date) -> list[ConsentAttention]:
    """Open sager whose consent status on `on` is missing, unsigned, expiring, expired or withdrawn."""
    return consent_attention_list(vault, on).rows


def consent_attention_list(vault: Vault, on: date, limit: int = -1) -> AttentionList:
    """The first `limit` (-1: all) of `consent_attention`, in its order, and how many there are in all.

    Overblik asks at every unlock, and in a large vault most open sager have no consent: those ("missing", last in
    the order) are read from the cases by number with a LIMIT and counted in SQL, never built one by one."""
    conn = vault.conn
    by_case: dict[str, list[_ConsentDates]] = {}
    for consent in _consent_dates(conn):
        for case_id in consent.case_ids:
            by_case.setdefault(case_id, []).append(consent)
    found = []
    judged = repo.open_sager_among(conn, list(by_case))
    for case_id, number, subject in judged:
        consents = by_case[case_id]
        status = summarize_status(consents, on)  # type: ignore[arg-type]  # the dates are all it reads
        if status not in ATTENTION_STATES:
            continue
        match = sorted((c for c in consents if c.state(on) == status), key=lambda c: c.consent_date, reverse=True)
        chosen = match[0] if match else None
        found.append(
            ConsentAttention(
                case_id,
                number,
                subject,
                status,
                chosen.id if chosen else "",
                chosen.valid_until.isoformat() if chosen else "",
                chosen.withdrawn_on.isoformat() if chosen and chosen.withdrawn_on else "",
            )
        )
    order = {s: i for i, s in enumerate(ATTENTION_STATES)}
    found.sort(key=lambda a: (order[a.status], a.valid_until, a.number))
    # The sager with a consent were all judged above; the rest have none at all: "missing" (last), by number.
    covered = list(by_case)
    attention = [a for a in found if a.status != "missing"]
    wanted = -1 if limit < 0 else max(limit - len(attention), 0)
    never = [ConsentAttention(*row, "missing") for row in repo.open_sager_without(conn, covered, wanted)]
    missing = sorted([*(a for a in found if a.status == "missing"), *never], key=lambda a: a.number)
    rows = [*attention, *missing]
    # Every open sag without a consent needs attention: the count comes from an index, not from the sager.
    total = len(found) + repo.count_open_sager(conn) - len(judged)
    return AttentionList(rows if limit < 0 else rows[:limit], total)
