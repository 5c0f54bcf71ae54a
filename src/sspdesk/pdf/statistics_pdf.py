"""PDFs of the aggregate views: the anonymised statistics report and a group of concern's screening sheet.

The statistics PDF prints only the sections of `Stats.report()` – suppressed counts, no person data – so it
carries no "Fortroligt" mark. The group sheet shows sag members by case number and DKE-Journal members only as a count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from sspdesk.domain.cases import SectionEntry
from sspdesk.domain.dates import date_text
from sspdesk.domain.groups import SECTION_TITLES, SECTIONS, STATUS_LABELS, Group, SagMember, journal_member_text
from sspdesk.domain.statistics import ANONYMISED_NOTE, REPORT_TITLE, SMALL_COUNT, ReportSection
from sspdesk.pdf.base import ACCENT, MARGIN, RULE, STYLES, PdfMeta, build_pdf, field_table, section, spacer, text

_PAGE_WIDTH = 210 * mm - 2 * MARGIN
_BAR_WIDTH = 62 * mm


class _Bar(Flowable):
    """A horizontal bar: `fraction` of the full width; a suppressed count is drawn hatched and short."""

    def __init__(self, fraction: float, suppressed: bool = False) -> None:
        super().__init__()
        self.fraction = max(0.0, min(1.0, fraction))
        self.suppressed = suppressed

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return _BAR_WIDTH, 3.2 * mm

    def draw(self) -> None:
        width = _BAR_WIDTH * self.fraction
        if width <= 0:
            return
        canvas = self.canv
        if self.suppressed:
            canvas.setStrokeColor(ACCENT)
            canvas.setLineWidth(0.6)
            canvas.rect(0, 0, width, 3.2 * mm, stroke=1, fill=0)
            step = 1.6 * mm
            x = 0.0
            while x < width:
                canvas.line(x, 0, min(x + 3.2 * mm, width), min(3.2 * mm, width - x))
                x += step
        else:
            canvas.setFillColor(ACCENT)
            canvas.rect(0, 0, width, 3.2 * mm, stroke=0, fill=1)


def _bar_for(value: int | str, largest: int) -> _Bar:
    if isinstance(value, str):  # "<5"
        return _Bar((SMALL_COUNT / 2) / max(largest, SMALL_COUNT), suppressed=True)
    return _Bar(value / largest if largest else 0)


def _section_table(report: ReportSection) -> Table:
    with_share = report.key == "deadline_rate"
    numbers = [r.count for r in report.rows if isinstance(r.count, int)]
    largest = max(numbers, default=0)
    first = "Måned" if report.key.endswith("_by_month") else "Kategori"
    head = [first, "Frister" if with_share else "Antal"] + (["Overholdt"] if with_share else []) + [""]
    data: list[list[Any]] = [[text(head[0], "label"), *(_right_label(h) for h in head[1:])]]
    for row in report.rows:
        bar = _Bar(row.rate or 0) if with_share else _bar_for(row.count, largest)
        cells: list[Any] = [text(row.label), str(row.count)]  # plain strings, so the numbers align right
        if with_share:
            cells.append(row.share or "–")
        data.append([*cells, bar])
    widths = [_PAGE_WIDTH - _BAR_WIDTH - (44 if with_share else 22) * mm - 4 * mm, 22 * mm]
    widths += [22 * mm] if with_share else []
    widths.append(_BAR_WIDTH + 4 * mm)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-2, -1), "RIGHT"),
                ("FONTSIZE", (1, 1), (-2, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _right_label(value: str) -> Paragraph:
    return Paragraph(value, ParagraphStyle("right", parent=STYLES["label"], alignment=TA_RIGHT))


def statistics_pdf(
    report_sections: Sequence[ReportSection],
    from_date: date,
    to_date: date,
    *,
    period: str,
    title: str = REPORT_TITLE,
    profile_name: str = "",
    municipality: str = "",
    logo: bytes | None = None,
) -> bytes:
    """The anonymised report of the period `from_date`–`to_date` (`period` is its subtitle), headed `title` (the
    active profile's) and naming the classification model `profile_name` it counts by."""
    story: list[Flowable] = []
    if profile_name:
        story.append(text(f"Klassifikationsmodel: {profile_name}", "small"))
    story += [text(ANONYMISED_NOTE, "small"), spacer(2)]
    for report in report_sections:
        if not report.rows:
            continue
        if report.note:  # a definition stays on the page of the numbers it defines
            story.append(KeepTogether([section(report.title, []), _section_table(report), text(report.note, "small")]))
        else:
            story.append(section(report.title, [_section_table(report)]))
    story += [spacer(6), text(f"Udskrevet {date_text(date.today())} fra sspdesk.", "small")]
    meta = PdfMeta(
        title=title,
        municipality=municipality,
        subtitle=period,
        confidential=False,
        reference=f"{date_text(from_date)}–{date_text(to_date)}",
        logo=logo,
    )
    return build_pdf(story, meta)


def group_sheet_pdf(
    group: Group,
    sections: Mapping[str, SectionEntry],
    sag_members: Sequence[SagMember],
    journal_members: int,
    *,
    municipality: str = "",
    logo: bytes | None = None,
) -> bytes:
    """The screening sheet of `group`; journal members are only a count."""
    header = [
        ("Betegnelse", group.name),
        ("Område", group.area),
        ("Koordinator", group.coordinator),
        ("Status", STATUS_LABELS[group.status]),
        ("Registreret", date_text(group.registered)),
    ]
    if group.closed_on:
        header.append(("Afsluttet", date_text(group.closed_on)))
    story: list[Flowable] = [field_table(header), spacer()]
    members: list[list[Any]] = [[text("Sag", "label"), text("Niveau", "label"), text("Rolle i gruppen", "label")]]
    members += [[text(m.number), text(m.level), text(m.role or "–")] for m in sag_members]
    table = Table(members, colWidths=[45 * mm, 25 * mm, _PAGE_WIDTH - 70 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    parts: list[Flowable] = [table] if sag_members else [text("Ingen medlemmer fra DKE-Sager.")]
    parts += [spacer(2), text(journal_member_text(journal_members) + ".")]
    story += [section("MEDLEMMER", parts[:1]), *parts[1:]]
    for key, fields in SECTIONS.items():
        entry = sections.get(key)
        values = entry.fields if entry else {}
        rows = [(f.label, values.get(f.key, "")) for f in fields]
        story.append(section(SECTION_TITLES[key].upper(), [field_table(rows, label_width_mm=58)]))
    story += [spacer(6), text(f"Udskrevet {date_text(date.today())} fra sspdesk.", "small")]
    meta = PdfMeta(
        title="Bekymringsgruppe – screening",
        municipality=municipality,
        reference=group.number,
        subtitle=f"{group.number} · {group.name}",
        confidential=bool(sag_members),
        logo=logo,
    )
    return build_pdf(story, meta)
