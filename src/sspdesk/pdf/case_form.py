"""DKE-Sag (Bilag 4) and DKE-Journal (Bilag 5) filled in from a case, laid out like the paper forms."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from reportlab.platypus import Flowable

from sspdesk.domain.cases import Case, SectionEntry
from sspdesk.domain.consent import format_cpr
from sspdesk.domain.dates import date_text
from sspdesk.domain.forms import (
    CASE_STATUS_LABELS,
    FORUM_HINT,
    KIND_LABELS,
    SECTIONS,
    SUBJECT_HINT,
    section_fields,
)
from sspdesk.pdf.base import PdfMeta, build_pdf, field_table, section, spacer, text

_CLASSIFICATION_HINT = {"sag": "Niveau II eller III", "journal": "Niveau I"}


def _fields(sections: Mapping[str, SectionEntry], key: str) -> dict[str, str]:
    """The current fields of one section; {} when it was never saved."""
    entry = sections.get(key)
    return entry.fields if entry else {}


def _sag_flow(sections: Mapping[str, SectionEntry], focus_areas: tuple[str, ...]) -> list[Flowable]:
    """SAGSFORLØB and FOKUSOMRÅDER of a DKE-Sag: the filled fields only."""
    story: list[Flowable] = []
    flow = _fields(sections, "flow")
    filled = [
        (f.label, date_text(flow[f.key]) if f.kind == "date" else flow[f.key])
        for f in section_fields("sag", "flow")
        if flow.get(f.key)
    ]
    if filled:
        story.append(section("SAGSFORLØB", [field_table(filled)]))
    focus = _fields(sections, "focus")
    if focus_areas and focus:
        rows = [(f.label, focus[f.key]) for f in section_fields("sag", "focus", focus_areas) if focus.get(f.key)]
        story.append(section("FOKUSOMRÅDER", [field_table(rows)]))
    return story


def case_form_pdf(
    case: Case,
    sections: Mapping[str, SectionEntry],
    *,
    municipality: str = "",
    focus_areas: tuple[str, ...] = (),
    logo: bytes | None = None,
) -> bytes:
    """The form of `case` with the newest version of each of its `sections`."""
    kind = case.kind
    header = [("Mødeforum", case.forum), ("Dato", date_text(case.meeting_date or case.registered))]
    if kind == "sag":
        header += [("Navn", case.person_name), ("CPR-nr", format_cpr(case.cpr) if case.cpr else "")]
    header += [("Sagens genstand", case.subject), ("Klassifikation", f"Niveau {case.level}")]
    hints = {
        "Mødeforum": FORUM_HINT[kind].replace("/", " / "),
        "Sagens genstand": SUBJECT_HINT[kind],
        "Klassifikation": _CLASSIFICATION_HINT.get(kind, ""),
    }
    story = [field_table(header, hints), spacer()]
    for key, heading in SECTIONS:
        fields = section_fields(kind, key)
        values = _fields(sections, key)
        rows = [
            (f.label, date_text(values.get(f.key, "")) if f.kind == "date" else values.get(f.key, "")) for f in fields
        ]
        story.append(section(heading, [field_table(rows, {f.label: f.hint for f in fields if f.hint})]))
    if kind == "sag":  # a journal prints only Bilag 5: text an old journal holds in a sag's sections stays out
        story += _sag_flow(sections, focus_areas)
    closing = _fields(sections, "closing")
    if closing:
        rows = [("Lukkenotat", closing.get("lukkenotat", "")), ("Lukket", date_text(case.closed_on))]
        if kind == "sag":
            rows.append(("Overdragelse", closing.get("overdragelse", "")))
        story.append(section("AFSLUTNING", [field_table(rows)]))
    story += [
        spacer(6),
        text(f"Status: {CASE_STATUS_LABELS[case.status]}. Udskrevet {date_text(date.today())} fra sspdesk.", "small"),
    ]
    meta = PdfMeta(
        title=KIND_LABELS[kind],
        municipality=municipality,
        reference=case.number,
        subtitle=f"{case.number} · Niveau {case.level}",
        confidential=kind == "sag",
        logo=logo,
    )
    return build_pdf(story, meta)
