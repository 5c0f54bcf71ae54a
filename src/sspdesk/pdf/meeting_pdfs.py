"""Dagsorden (agenda) and Referat (minutes) of a meeting, and the minutes without person data.

A case item shows only the case number and subject. The redacted minutes ("uden personoplysninger") print no
name, no CPR number and no discussion, decision or disposition text of a DKE-Sag item, and cut CPR-like numbers
and registered names out of all other text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from sspdesk.domain.dates import date_text, long_date, stamp_text, time_text
from sspdesk.domain.meetings import (
    DISPOSITION_STATUS_LABELS,
    PARTICIPANT_STATUS_LABELS,
    AgendaItem,
    Disposition,
    Meeting,
    MeetingDetail,
)
from sspdesk.pdf.base import MARGIN, RULE, PdfMeta, build_pdf, field_table, markup, section, spacer, text

OMITTED = "[udeladt – personoplysninger]"
_WIDTH = A4[0] - 2 * MARGIN


class Scrub(Protocol):
    """Cuts person data out of text (`sspdesk.duties.minimisation.Scrubber`); `active` only for the redacted minutes,
    where a DKE-Sag item's own text is left out altogether."""

    active: bool

    def __call__(self, value: str) -> str: ...


class _AsIs:
    """The full agenda and minutes: every text as it is."""

    active = False

    def __call__(self, value: str) -> str:
        return value


def _grid(rows: list[list[Any]], widths_mm: Sequence[float], header: bool = True) -> Table:
    widths = [w * mm for w in widths_mm]
    widths[-1] = _WIDTH - sum(widths[:-1])
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitByRow=True)
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F5F7FA")))
    table.setStyle(TableStyle(commands))
    return table


def _head(labels: Sequence[str]) -> list[Flowable]:
    return [text(label, "label") for label in labels]


def _meeting_table(meeting: Meeting, scrub: Scrub) -> Table:
    rows = [("Mødeforum", meeting.forum)]
    if meeting.area:
        rows.append(("Område", meeting.area))
    rows += [("Dato", long_date(meeting.day)), ("Tidspunkt", time_text(meeting.start))]
    if meeting.place:
        rows.append(("Sted", scrub(meeting.place)))
    return field_table(rows, label_width_mm=32, min_height_mm=5)


def _participants(detail: MeetingDetail, with_status: bool, scrub: Scrub) -> Flowable:
    people = detail.participants
    if not people:
        return text("Ingen deltagere registreret.", "small")
    if with_status:
        rows = [_head(("Navn", "Rolle", "Status"))]
        rows += [[text(scrub(p.name)), text(p.role), text(PARTICIPANT_STATUS_LABELS[p.status])] for p in people]
        return _grid(rows, (55, 85, 30))
    rows = [_head(("Navn", "Rolle"))] + [[text(scrub(p.name)), text(p.role)] for p in people]
    return _grid(rows, (60, 110))


def _is_sag(disposition: Disposition, item: AgendaItem | None) -> bool:
    return disposition.case_kind == "sag" or bool(item and item.case_kind == "sag")


def _dispositions(
    found: Sequence[Disposition], scrub: Scrub, item: AgendaItem | None, with_meeting: bool = False, as_of: str = ""
) -> Table:
    """Hvem | Hvad | Frist | Status. With `as_of` (the day of approved minutes) a disposition done later is shown
    as it stood at the meeting, so printing approved minutes again gives the same document."""
    rows = [_head(("Hvem", "Hvad", "Frist", "Status"))]
    for d in found:
        what = OMITTED if scrub.active and _is_sag(d, item) else scrub(d.what)
        if with_meeting and d.meeting_number:
            what += f"\n(fra mødet {date_text(d.meeting_starts_at[:10])})"
        elif with_meeting and d.from_action_plan:
            what += "\n(fra sagens handleplan)"
        done = d.status == "done" and not (as_of and d.done_on > as_of)
        status = DISPOSITION_STATUS_LABELS["done" if done else "open"]
        if done and d.done_on:
            status += f" {date_text(d.done_on)}"
        rows.append([text(scrub(d.owner)), text(what), text(date_text(d.due) if d.due else "–"), text(status)])
    return _grid(rows, (40, 86, 22, 22))


def _item_heading(item: AgendaItem, scrub: Scrub) -> str:
    if item.kind == "case" and scrub.active and item.case_kind == "sag":
        return f"{item.case_number} (DKE-Sag)"
    return scrub(item.heading)


def _numbered(item: AgendaItem, scrub: Scrub) -> Flowable:
    return markup(f"{item.position}.&nbsp;&nbsp;{escape(_item_heading(item, scrub))}", "h2")


def _confidential(detail: MeetingDetail) -> bool:
    return any(i.kind == "case" or i.followups for i in detail.items)


def agenda_document(detail: MeetingDetail, municipality: str = "", *, logo: bytes | None = None) -> bytes:
    meeting = detail.meeting
    no_scrub = _AsIs()
    story: list[Flowable] = [_meeting_table(meeting, no_scrub)]
    story.append(section("Deltagere", [_participants(detail, False, no_scrub)]))
    story.append(markup("Dagsorden", "h1"))
    if not detail.items:
        story.append(text("Ingen punkter på dagsordenen.", "small"))
    for item in detail.items:
        block: list[Flowable] = [_numbered(item, no_scrub)]
        if item.reason:
            block.append(text(item.reason, "small"))
        if item.followups:
            block += _labelled_parts(
                "Opfølgning på dispositioner:", _dispositions(item.followups, no_scrub, item, with_meeting=True)
            )
        story.append(KeepTogether(block))
    story += [spacer(6), text(f"Udskrevet {date_text(date.today())} fra sspdesk.", "small")]
    meta = PdfMeta(
        title="Dagsorden",
        municipality=municipality,
        reference=meeting.number,
        subtitle=f"{meeting.forum}{' · ' + meeting.area if meeting.area else ''} · {stamp_text(meeting.start)}",
        confidential=_confidential(detail),
        logo=logo,
    )
    return build_pdf(story, meta)


def _minutes_of(item: AgendaItem, scrub: Scrub, as_of: str) -> list[Flowable]:
    if scrub.active and item.case_kind == "sag":
        rows = [
            ("Drøftelse", OMITTED if item.minutes.discussion.strip() else ""),
            ("Beslutning", OMITTED if item.minutes.decision.strip() else ""),
        ]
    else:
        rows = [
            ("Drøftelse", scrub(item.minutes.discussion.strip())),
            ("Beslutning", scrub(item.minutes.decision.strip())),
        ]
    blocks: list[Flowable] = [field_table(rows, label_width_mm=32, min_height_mm=5)]
    if item.dispositions:
        blocks.append(_labelled("Dispositioner:", _dispositions(item.dispositions, scrub, item, as_of=as_of)))
    if item.followups:
        blocks.append(
            _labelled(
                "Opfølgning på dispositioner fra tidligere møder:",
                _dispositions(item.followups, scrub, item, with_meeting=True, as_of=as_of),
            )
        )
    return blocks


def _labelled_parts(label: str, table: Table) -> list[Flowable]:
    return [spacer(1.5), text(label, "label"), table]


def _labelled(label: str, table: Table) -> KeepTogether:
    """A table with its label above, never split from it by a page break. Never put inside another KeepTogether:
    reportlab's KeepTogether says it is endlessly tall (to be split), so the outer one always began a new page –
    one agenda item a page (issue 21)."""
    return KeepTogether(_labelled_parts(label, table))


def _approval(detail: MeetingDetail) -> Flowable:
    meeting = detail.meeting
    if meeting.status == "approved":
        approved = stamp_text(meeting.approved_at)
        return markup(f"<b>Godkendt</b> {approved} af {escape(meeting.approved_by or 'ukendt')}.")
    if meeting.status == "cancelled":
        return markup("<b>Mødet er aflyst.</b>")
    return markup("<b>Ikke godkendt</b> – udkast til referat.")


def _addenda(detail: MeetingDetail, scrub: Scrub) -> list[Flowable]:
    rows = []
    for a in detail.addenda:
        label = "Tillæg" if a.kind == "addendum" else "Godkendelse trukket tilbage"
        what = scrub(a.text) if a.kind == "addendum" else f"Begrundelse: {scrub(a.text)}"
        rows.append((f"{label}\n{stamp_text(a.created_at)}", f"{what}\n– {a.author}" if a.author else what))
    return [section("Tillæg", [field_table(rows, label_width_mm=45)])] if rows else []


def minutes_document(
    detail: MeetingDetail, municipality: str = "", *, scrub: Scrub | None = None, logo: bytes | None = None
) -> bytes:
    """The minutes; with an active `scrub` the edition without person data ("uden personoplysninger")."""
    meeting = detail.meeting
    scrub = scrub or _AsIs()
    redacted = scrub.active
    story: list[Flowable] = [_meeting_table(meeting, scrub)]
    story.append(section("Deltagere", [_participants(detail, True, scrub)]))
    story.append(markup("Referat", "h1"))
    if not detail.items:
        story.append(text("Ingen punkter på dagsordenen.", "small"))
    as_of = meeting.starts_at[:10] if meeting.status == "approved" else ""
    for item in detail.items:
        blocks = _minutes_of(item, scrub, as_of)
        story += [KeepTogether([_numbered(item, scrub), blocks[0]]), *blocks[1:]]
    loose = [d for d in detail.dispositions if not d.item_id]
    if loose:
        story.append(section("Øvrige dispositioner", [_dispositions(loose, scrub, None, as_of=as_of)]))
    story += [spacer(5), _approval(detail), *_addenda(detail, scrub)]
    if redacted:
        story += [
            spacer(4),
            text(
                "Udgave uden personoplysninger: DKE-Sager vises kun med sagsnummer; navne og CPR-numre er udeladt.",
                "small",
            ),
        ]
    story += [spacer(3), text(f"Udskrevet {date_text(date.today())} fra sspdesk.", "small")]
    subtitle = f"{meeting.forum}{' · ' + meeting.area if meeting.area else ''} · {date_text(meeting.day)}"
    if redacted:
        subtitle += " · uden personoplysninger"
    meta = PdfMeta(
        title="Referat",
        municipality=municipality,
        reference=meeting.number,
        subtitle=subtitle,
        confidential=not redacted and _confidential(detail),
        logo=logo,
    )
    return build_pdf(story, meta)
