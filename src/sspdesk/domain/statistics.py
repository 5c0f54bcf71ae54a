"""The anonymised statistics report as data: its rows and sections, its title and the suppression rule's limit.

`sspdesk.statistics` counts and suppresses; the window, the CSV, the CLI and the PDF show what it made.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALL_COUNT = 5  # counts from 1 to SMALL_COUNT - 1 are shown as "<5"
REPORT_TITLE = "Statistik til SSP-ledergruppe/Styregruppe"
ANONYMISED_NOTE = (
    "Anonymiseret: ingen navne, CPR-numre eller sagsnumre. Antal fra 1 til 4 vises som <5; "
    "en andel vises kun, når mindst 5 frister ligger bag."
)


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
