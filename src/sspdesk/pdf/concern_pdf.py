"""København's SSP-bekymringsskabelon printed from a case (seed 001 l.500–506; fields: `domain/profile_forms.py`).

The note on access requests heads the form, as the seed asks the writer to keep it in mind; the eight focus areas,
when filled in, follow as their own part."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from reportlab.platypus import Flowable

from sspdesk.domain.cases import Case, SectionEntry
from sspdesk.domain.consent import format_cpr
from sspdesk.domain.dates import date_text, stamp_text
from sspdesk.domain.forms import focus_fields
from sspdesk.domain.profile_forms import ACCESS_NOTE, CONCERN, CONCERN_FIELDS, CONCERN_TITLE
from sspdesk.pdf.base import PdfMeta, build_pdf, field_table, section, spacer, text


def concern_form_pdf(
    case: Case,
    sections: Mapping[str, SectionEntry],
    *,
    level_name: str = "",
    focus_areas: Sequence[str] = (),
    municipality: str = "",
    logo: bytes | None = None,
    printed: date | None = None,
) -> bytes:
    """The template of `case` with the newest saved version (empty fields keep room to write by hand)."""
    entry = sections.get(CONCERN)
    values = entry.fields if entry else {}
    header = [
        ("Navn", case.person_name),
        ("CPR-nr", format_cpr(case.cpr) if case.cpr else ""),
        ("Lokalområde", case.area),
        ("Mødeforum", case.forum),
        ("Niveau", f"{case.level} – {level_name}" if level_name else case.level),
        ("Sagens genstand", case.subject),
    ]
    story: list[Flowable] = [text(ACCESS_NOTE, "small"), spacer(3)]
    story.append(field_table(header, label_width_mm=40))
    rows = [
        (f.label, date_text(values.get(f.key, "")) if f.kind == "date" else values.get(f.key, ""))
        for f in CONCERN_FIELDS
    ]
    hints = {f.label: f.hint for f in CONCERN_FIELDS if f.hint}
    # Two tables: the heading is kept with the first rows only, so the form starts on the first page.
    story += [section("BEKYMRINGEN", [field_table(rows[:2], hints)]), field_table(rows[2:], hints)]
    focus = sections.get("focus")
    if focus_areas and focus is not None:
        filled = [(f.label, focus.fields[f.key]) for f in focus_fields(tuple(focus_areas)) if focus.fields.get(f.key)]
        if filled:
            story.append(section("FOKUSOMRÅDER", [field_table(filled)]))
    saved = f"Senest gemt {stamp_text(entry.created_at)} af {entry.author or 'ukendt'}. " if entry else ""
    story += [spacer(6), text(f"{saved}Udskrevet {date_text(printed or date.today())} fra sspdesk.", "small")]
    meta = PdfMeta(
        title=CONCERN_TITLE,
        municipality=municipality,
        reference=case.number,
        subtitle=f"{case.number} · Niveau {case.level}",
        confidential=True,
        logo=logo,
    )
    return build_pdf(story, meta)
