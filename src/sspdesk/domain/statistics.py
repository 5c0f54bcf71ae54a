"""The anonymised statistics report as data: its rows and sections, its title and the suppression rule's limit.

`sspdesk.statistics` counts and suppresses; the window, the CSV, the CLI and the PDF show what it made.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALL_COUNT = 5  # counts from 1 to SMALL_COUNT - 1 are shown as "<5"
SUPPRESSED = f"<{SMALL_COUNT}"
REPORT_TITLE = "Statistik til SSP-ledergruppe/Styregruppe"  # a profile without a statistics_title of its own
# What "Frister overholdt" counts, printed on the sheet, in the CLI and under the window's chart (issue 18 item 6).
DEADLINES_DEFINITION = (
    "Frister overholdt: af de frister, der havde forfaldsdag i perioden og enten er udført eller overskredet, "
    "andelen der blev udført senest på forfaldsdagen. Overskredet = stadig åben efter forfaldsdagen, eller sagen "
    "blev lukket efter den. Ikke talt med: frister, der endnu venter på den hændelse, de regnes fra (»venter på …«), "
    "frister, der ikke er forfaldne endnu, og frister, der bortfaldt, fordi sagen blev lukket før forfaldsdagen. "
    "Sagens nuværende niveau bruges. En andel vises kun, når mindst 5 frister ligger bag."
)
ANONYMISED_NOTE = (
    "Anonymiseret: ingen navne, CPR-numre eller sagsnumre. Antal fra 1 til 4 vises som <5; "
    "en andel vises kun, når mindst 5 frister ligger bag."
)


def shown(count: int) -> int | str:
    """A count as the report shows it: 0 stays 0, 1–4 become "<5"."""
    return SUPPRESSED if 0 < count < SMALL_COUNT else count


@dataclass(frozen=True)
class ReportRow:
    key: str
    label: str
    count: int | str  # suppressed
    share: str = ""  # "83 %" on hit-rate rows, "" when fewer than SMALL_COUNT lie behind it
    rate: float | None = None  # 0..1, drawn by the chart; None when suppressed


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    rows: tuple[ReportRow, ...]
    note: str = ""
