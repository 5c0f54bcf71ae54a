"""The kriminalpræventiv handleplan of a DKE-Sag, printed with the municipality's letterhead (seed 000 l.276–279,
314–318, 500–508, 602–606; headings in the seed's words)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from sspdesk.domain.action_plan import INITIATIVE_STATUS_LABELS, TEXT_HINTS, TEXT_LABELS, TITLE, ActionPlan
from sspdesk.domain.cases import Case
from sspdesk.domain.consent import format_cpr
from sspdesk.domain.dates import date_text, stamp_text
from sspdesk.pdf.base import MARGIN, RULE, PdfMeta, build_pdf, field_table, section, spacer, text

_WIDTH = 210 * mm - 2 * MARGIN
TEXT_HINTS_BY_LABEL = {TEXT_LABELS[key]: hint for key, hint in TEXT_HINTS.items()}
# The plan's parts, each under its heading: (heading, [text keys]).
_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("PLAN FOR DEN UNGE", ("ung_kort", "ung_lang")),
    ("PLAN FOR HELE FAMILIEN", ("familie_kort", "familie_lang")),
    ("SOCIALPÆDAGOGISKE FORANSTALTNINGER", ("socialpaedagogisk",)),
    ("EFTERVÆRN", ("eftervaern",)),
)


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


def _initiatives(plan: ActionPlan, party_labels: Mapping[str, str]) -> Flowable:
    if not plan.initiatives:
        return text("Ingen initiativer skrevet.", "small")
    rows: list[list[Any]] = [[text(h, "label") for h in ("Nr.", "Initiativ", "Hvem handler", "Frist", "Status")]]
    for number, initiative in enumerate(plan.initiatives, 1):
        who = initiative.responsible
        if initiative.party_type:
            who += f"\n({party_labels.get(initiative.party_type, initiative.party_type)})"
        status = INITIATIVE_STATUS_LABELS.get(initiative.status, initiative.status)
        if initiative.is_done and initiative.done_on:
            status += f" {date_text(initiative.done_on)}"
        rows.append(
            [
                text(str(number)),
                text(initiative.what),
                text(who),
                text(date_text(initiative.due) if initiative.due else "–"),
                text(status),
            ]
        )
    return _grid(rows, (10, 75, 45, 22, 0))


def action_plan_pdf(
    case: Case,
    plan: ActionPlan,
    *,
    municipality: str = "",
    logo: bytes | None = None,
    party_labels: Mapping[str, str] | None = None,
    printed: date | None = None,
) -> bytes:
    """The plan `plan` of the sag `case` as PDF bytes."""
    labels = party_labels or {}
    header = [
        ("Navn", case.person_name),
        ("CPR-nr", format_cpr(case.cpr) if case.cpr else ""),
        ("Sagens genstand", case.subject),
        ("Klassifikation", f"Niveau {case.level}"),
        ("Mødeforum", case.forum),
        ("Udgave", plan.version_label),
        ("Dato", date_text(plan.plan_date)),
        (TEXT_LABELS["ansvarlig_myndighed"], plan.text("ansvarlig_myndighed")),
        ("Koordinator", case.coordinator),
    ]
    story: list[Flowable] = [field_table([r for r in header if r[1]], label_width_mm=40), spacer(2)]
    story.append(
        section(
            "INDSATSFORLØB",
            [field_table([(TEXT_LABELS["indsatsforloeb"], plan.text("indsatsforloeb"))], TEXT_HINTS_BY_LABEL)],
        )
    )
    story.append(section("INITIATIVER OG HANDLEPLIGTER", [_initiatives(plan, labels)]))
    for heading, keys in _PARTS:
        rows = [(TEXT_LABELS[key], plan.text(key)) for key in keys]
        story.append(section(heading, [field_table(rows, TEXT_HINTS_BY_LABEL)]))
    saved = f"gemt {stamp_text(plan.created_at)}" + (f" af {plan.author}" if plan.author else "")
    story += [
        spacer(6),
        text(
            f"{plan.version_label} udgave, {saved}. Udskrevet {date_text(printed or date.today())} fra sspdesk.",
            "small",
        ),
    ]
    meta = PdfMeta(
        title=TITLE,
        municipality=municipality,
        subtitle=f"{plan.version_label} handleplan · {case.number} · Niveau {case.level}",
        reference=case.number,
        logo=logo,
    )
    return build_pdf(story, meta)
