"""The answer to an access request (indsigt i egne oplysninger): everything registered about one person."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from sspdesk.domain import action_plan
from sspdesk.domain.access_report import AccessReport, CaseRecord
from sspdesk.domain.consent import CONTACT_ROLES, GIVER_ROLES, format_cpr, labels_of
from sspdesk.domain.dates import date_text, stamp_text
from sspdesk.domain.forms import SECTION_TITLES, section_labels
from sspdesk.domain.meetings import MINUTES_LABELS
from sspdesk.domain.profile_forms import PROFILE_SECTION_NAMES
from sspdesk.pdf.base import MARGIN, RULE, PdfMeta, build_pdf, field_table, markup, section, spacer, text

TITLE = "Indsigt i egne oplysninger"
_KIND = {"sag": "DKE-Sag", "journal": "DKE-Journal"}
_STATUS = {"open": "Åben", "closed": "Lukket", "raised": "Løftet til DKE-Sag", "done": "Udført"}
_EXTRA_TITLES = {
    "flow": "SAGSFORLØB",
    "focus": "FOKUSOMRÅDER",
    "closing": "AFSLUTNING",
    "journalising": "JOURNALISERING",
    action_plan.SECTION: "KRIMINALPRÆVENTIV HANDLEPLAN",
    **{key: name.upper() for key, name in PROFILE_SECTION_NAMES.items()},  # bekymringsskabelon, over 18, SSP+
}
_EXTRA_LABELS = {
    "closing": {"lukkenotat": "Lukkenotat", "overdragelse": "Overdragelse"},
    "journalising": {"what": "Hvad", "when": "Hvornår", "by": "Af"},
}
_DUTY = {"informed": "Orienteret", "not_informed": "Ikke orienteret (undtagelse fra oplysningspligten)"}
_WIDTH = 210 * mm - 2 * MARGIN


def _label(kind: str, section_key: str, key: str, focus_areas: Sequence[str]) -> str:
    try:
        labels = section_labels(kind, section_key, tuple(focus_areas))
    except KeyError:
        labels = _EXTRA_LABELS.get(section_key, {})
    return labels.get(key) or key.replace("_", " ").capitalize()


def _grid(rows: list[list[Any]], widths_mm: Sequence[float]) -> Table:
    widths = [w * mm for w in widths_mm]
    widths[-1] = _WIDTH - sum(widths[:-1])
    table = Table(rows, colWidths=widths, repeatRows=1, splitByRow=True)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F5F7FA")),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return table


def _section(title: str, items: Sequence[Flowable]) -> list[Flowable]:
    """A heading kept with the first item, then the rest (base.section keeps only the first)."""
    return [section(title, items[:1]), *items[1:]]


def _row(values: Sequence[str], style: str = "body") -> list[Flowable]:
    return [text(v, style) for v in values]


def _case(record: CaseRecord, focus_areas: Sequence[str]) -> list[Flowable]:
    case = record.case
    header = [
        ("Sagsnummer", case.number),
        ("Type", _KIND.get(case.kind, case.kind)),
        ("Niveau", case.level),
        ("Status", _STATUS.get(case.status, case.status)),
        ("Registreret", stamp_text(case.registered)),
        ("Lukket", stamp_text(case.closed_on)),
        ("Mødeforum", case.forum),
        ("Område", case.area),
        ("Koordinator", case.coordinator),
        ("Sagens genstand", case.subject),
        ("Navn", case.person_name),
        ("CPR-nr", format_cpr(case.cpr) if case.cpr else ""),
    ]
    story: list[Flowable] = [section(f"Sag {case.number}", [field_table([r for r in header if r[1]])])]
    for key, current in record.sections.items():
        if key == "minutes":  # the minutes are listed under Møder og referater
            continue
        if key == action_plan.SECTION:  # the plan's flattened fields, read back as a plan
            rows = action_plan.summary_rows(action_plan.from_fields(current.fields))
        else:
            rows = [(_label(case.kind, key, k, focus_areas), stamp_text(v)) for k, v in current.fields.items() if v]
        if rows:
            title = SECTION_TITLES.get(key) or _EXTRA_TITLES.get(key, key.upper())
            story += [markup(title, "h2"), field_table(rows)]
    if record.deadlines:
        grid = [_row(("Frist", "Dato", "Status"), "label")]
        grid += [
            _row((d.label, stamp_text(d.due) or d.waiting_text, _STATUS.get(d.status, d.status)))
            for d in record.deadlines
        ]
        story += [markup("FRISTER", "h2"), _grid(grid, (95, 30, 0))]
    return story


def _consent(consent: Mapping[str, Any], category_labels: Mapping[str, str]) -> list[Flowable]:
    categories = ", ".join(labels_of(consent["categories"], category_labels))
    rows = [
        ("Reference", consent["reference"]),
        ("Dato", stamp_text(consent["consent_date"])),
        ("Samtykkegiver", f"{consent['giver_name']} ({GIVER_ROLES.get(consent['giver_role'], '')})"),
        ("Anden forældremyndighedsindehaver", consent.get("giver2_name", "")),
        ("Person", consent["person_name"]),
        ("Gyldigt", f"{stamp_text(consent['valid_from'])} – {stamp_text(consent['valid_until'])}"),
        ("Underskrevet", stamp_text(consent["signed_on"]) or "ikke underskrevet"),
        ("Tilbagekaldt", stamp_text(consent["withdrawn_on"])),
        ("Områder", categories),
        ("Hvad må udveksles", consent["exchange_text"]),
    ]
    rows += [
        (CONTACT_ROLES.get(c["role"], c["role"]), ", ".join(v for v in (c["name"], c["authority"], c["contact"]) if v))
        for c in consent["contacts"]
    ]
    return [section(f"Samtykke {consent['reference']}", [field_table([r for r in rows if r[1]])])]


def _meetings(report: AccessReport) -> list[Flowable]:
    story: list[Flowable] = []
    for m in report.meetings:
        head = f"{m.meeting_number} · {m.forum} · {stamp_text(m.starts_at)}"
        if m.case_number:
            rows = [
                ("Sag", m.case_number),
                (MINUTES_LABELS["discussion"], m.discussion),
                (MINUTES_LABELS["decision"], m.decision),
            ]
        else:
            rows = [("Uddrag", m.excerpt)]
        story += [markup(head, "h2"), field_table([r for r in rows if r[1]] or [("Referat", "(intet skrevet)")])]
    if report.dispositions:
        grid = [_row(("Sag", "Hvem", "Gør hvad", "Hvornår", "Status"), "label")]
        grid += [
            _row((d["case_number"], d["owner"], d["what"], stamp_text(d["due"]), _STATUS.get(d["status"], "")))
            for d in report.dispositions
        ]
        story += [markup("Dispositioner (hvem gør hvad)", "h2"), _grid(grid, (26, 35, 60, 22, 0))]
    return story


def _duties(report: AccessReport) -> list[Flowable]:
    story: list[Flowable] = []
    if report.information:
        rows = [_row(("Sag", "Dato", "Beslutning", "Hvem/hvordan eller begrundelse"), "label")]
        rows += [
            _row(
                (
                    r["case_number"],
                    stamp_text(r["entry_date"]),
                    _DUTY.get(r["decision"], r["decision"]),
                    r["reason"] or ", ".join(v for v in (r["recipients"], r["method"]) if v),
                )
            )
            for r in report.information
        ]
        story.append(section("Oplysningspligt", [_grid(rows, (26, 22, 45, 0))]))
    if report.exchanges:
        rows = [_row(("Sag", "Dato", "Hvad", "Til", "Hjemmel"), "label")]
        rows += [
            _row(
                (
                    r["case_number"],
                    stamp_text(r["exchanged_on"]),
                    r["what"],
                    r["recipient"],
                    "Samtykke" if r["consent_id"] else r["basis"],
                )
            )
            for r in report.exchanges
        ]
        story.append(section("Udveksling og udlevering af oplysninger", [_grid(rows, (24, 20, 45, 35, 0))]))
    story += _underretninger(report)
    return story


def _underretninger(report: AccessReport) -> list[Flowable]:
    """The underretninger about the person's cases, and what their Netværksmøder ended in."""
    story: list[Flowable] = []
    if report.network_outcomes:
        rows = [_row(("Sag", "Dato", "Møde", "Udfald"), "label")]
        rows += [
            _row((r["case_number"], stamp_text(r["held_on"]), r["forum"], r["label"])) for r in report.network_outcomes
        ]
        story.append(section("Netværksmøder", [_grid(rows, (26, 22, 40, 0))]))
    if report.underretninger:
        rows = [_row(("Sag", "Dato", "Sendt til", "Årsag", "Kvittering"), "label")]
        rows += [
            _row(
                (
                    r["case_number"],
                    stamp_text(r["sent_on"]),
                    r["authority"],
                    r["reason_label"],
                    stamp_text(r["confirmed_on"]) if r["confirmed_on"] else "ikke modtaget",
                )
            )
            for r in report.underretninger
        ]
        story.append(section("Underretninger til kommunen", [_grid(rows, (24, 20, 45, 45, 0))]))
    return story


def _log(report: AccessReport) -> list[Flowable]:
    intro = text(
        "Hvornår oplysningerne er set, søgt frem, ændret, udskrevet eller udleveret. Medarbejdere er "
        "angivet ved rolle og organisation.",
        "small",
    )
    if not report.log:
        return _section("Logbog", [intro, text("Ingen registreringer.")])
    rows = [_row(("Tidspunkt", "Rolle og organisation", "Handling", "Reference"), "label")]
    rows += [_row((line.at, line.role, line.action, line.reference), "small") for line in report.log]
    return _section("Logbog", [intro, spacer(2), _grid(rows, (30, 62, 50, 0))])


def access_request_document(report: AccessReport, letterhead: Mapping[str, str], *, logo: bytes | None = None) -> bytes:
    unit = ", ".join(v for v in (letterhead.get("municipality_unit", ""), letterhead.get("municipality", "")) if v)
    header = [
        ("Navn", report.name),
        ("CPR-nr", report.cpr),
        ("Udtrukket", date_text(report.made_on)),
        ("Fra", unit),
        ("Adresse", letterhead.get("municipality_address", "")),
        ("Databeskyttelsesrådgiver", letterhead.get("dpo_contact", "")),
    ]
    story: list[Flowable] = [
        field_table([r for r in header if r[1]]),
        spacer(),
        text(
            f"Her er alle de oplysninger, {unit or 'vi'} har registreret om dig i "
            "sspdesk: sager, samtykker, referater fra møder, oplysningspligt, udvekslinger, "
            "underretninger og en logbog over, hvornår oplysningerne er brugt. Du kan bede om at få "
            "forkerte oplysninger rettet eller slettet."
        ),
    ]
    if report.is_empty:
        story += [spacer(), text("Der er ikke registreret oplysninger om dette CPR-nr.")]
    for record in report.cases:
        story += _case(record, report.focus_areas)
    for consent in report.consents:
        story += _consent(consent, report.category_labels)
    meetings = _meetings(report)
    if meetings:
        story += _section("Møder og referater", meetings)
    story += _duties(report)
    story += _log(report)
    meta = PdfMeta(
        title=TITLE,
        municipality=letterhead.get("municipality", ""),
        subtitle="Aktindsigt (indsigtsret)",
        reference=f"udtrukket {date_text(report.made_on)}",
        logo=logo,
    )
    return build_pdf(story, meta)
