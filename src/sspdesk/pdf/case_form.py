"""DKE-Sag (Bilag 4) and DKE-Journal (Bilag 5) filled in from a case, laid out like the paper forms."""

from __future__ import annotations

from datetime import date

from sspdesk.cases import KIND_LABELS, STATUS_LABELS, CaseDetail
from sspdesk.cpr import format_cpr
from sspdesk.domain.forms import FLOW_FIELDS, FORUM_HINT, SAG_EXTRA_FIELDS, SECTIONS, SUBJECT_HINT, section_fields
from sspdesk.pdf.base import PdfMeta, build_pdf, field_table, section, spacer, text
from sspdesk.preferences import letterhead_logo

_CLASSIFICATION_HINT = {"sag": "Niveau II eller III", "journal": "Niveau I"}


def _da(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso


def case_form_pdf(detail: CaseDetail, municipality: str = "", focus_areas: tuple[str, ...] = ()) -> bytes:
    case = detail.case
    kind = case.kind
    header = [("Mødeforum", case.forum), ("Dato", _da(case.meeting_date or case.registered))]
    if kind == "sag":
        header += [("Navn", case.person_name), ("CPR-nr", format_cpr(case.cpr) if case.cpr else "")]
    header += [("Sagens genstand", case.subject), ("Klassifikation", f"Niveau {case.level}")]
    hints = {"Mødeforum": FORUM_HINT[kind].replace("/", " / "), "Sagens genstand": SUBJECT_HINT[kind],
             "Klassifikation": _CLASSIFICATION_HINT.get(kind, "")}
    story = [field_table(header, hints), spacer()]
    for key, heading in SECTIONS:
        fields = section_fields(kind, key)
        values = detail.section_fields(key)
        rows = [(f.label, _da(values.get(f.key, "")) if f.kind == "date" else values.get(f.key, "")) for f in fields]
        story.append(section(heading, [field_table(rows, {f.label: f.hint for f in fields if f.hint})]))
    flow = detail.section_fields("flow")
    flow_fields = FLOW_FIELDS + (SAG_EXTRA_FIELDS if kind == "sag" else ())
    filled = [(f.label, _da(flow[f.key]) if f.kind == "date" else flow[f.key]) for f in flow_fields if flow.get(f.key)]
    if filled:
        story.append(section("SAGSFORLØB", [field_table(filled)]))
    focus = detail.section_fields("focus")
    if focus_areas and focus:
        rows = [(f.label, focus.get(f.key, "")) for f in section_fields(kind, "focus", focus_areas) if focus.get(f.key)]
        story.append(section("FOKUSOMRÅDER", [field_table(rows)]))
    closing = detail.section_fields("closing")
    if closing:
        rows = [("Lukkenotat", closing.get("lukkenotat", "")), ("Lukket", _da(case.closed_on))]
        if kind == "sag":
            rows.append(("Overdragelse", closing.get("overdragelse", "")))
        story.append(section("AFSLUTNING", [field_table(rows)]))
    story += [spacer(6), text(f"Status: {STATUS_LABELS[case.status]}. Udskrevet {date.today():%d.%m.%Y} fra "
                              "sspdesk.", "small")]
    meta = PdfMeta(title=KIND_LABELS[kind], municipality=municipality, reference=case.number,
                   subtitle=f"{case.number} · Niveau {case.level}", confidential=kind == "sag",
                   logo=letterhead_logo())
    return build_pdf(story, meta)
