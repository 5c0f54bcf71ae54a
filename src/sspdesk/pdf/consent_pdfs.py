"""The consent form (Bilag 6), filled in or blank, and the letter to the parents (Bilag 1) with the information
sheet (Bilag 2). Laid out like the paper forms; the legal wording comes from editable text templates.

Templates (`resources/templates/*.txt`, overridable per municipality in `<user data>/templates/`; the services read
them with `sspdesk.preferences.load_template` and hand the text over): lines starting
with `%` are comments, `# ` starts a heading, `- ` a bullet, a blank line separates paragraphs, and `{name}`
placeholders are filled with `str.format_map` (unknown names stay visible). A line whose placeholders are all
empty is left out; an empty placeholder elsewhere prints as a line to write on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from sspdesk.domain.consent import CONTACT_ROLES, GIVER_ROLES, Consent, format_cpr
from sspdesk.domain.dates import date_text
from sspdesk.domain.disclosure import InfoCategory, PartyType
from sspdesk.pdf.base import (
    MARGIN,
    RULE,
    STYLES,
    PdfMeta,
    build_pdf,
    field_table,
    markup,
    signature_lines,
    spacer,
    text,
)

# Bilag 6, verbatim.
CONSENT_TITLE = "Samtykkeerklæring"
STATEMENT = (
    "Jeg (den unge eller forældremyndighedsindehaver) giver samtykke (”siger ja”) til, at der må udveksles "
    "oplysninger i forbindelse med behandlingen af min sag"
)
AREAS_HEADING = (
    "De områder og personer, undertegnede giver samtykke til, må indhente og videregive oplysninger til hinanden"
)
WHAT_HEADING = "Hvad giver jeg samtykke til, at der udveksles?"
COSIGN_NOTE = "Den unge skal også give samtykke med underskrift, hvis den unge er fyldt 15 år"
TYPE_HEADER = "Type"
SENSITIVE_NOTE = "* Følsomme oplysninger og oplysninger om strafbare forhold"  # GDPR art. 9 and 10
GIVER2_LABEL = "Anden forældremyndighedsindehaver"
GIVER2_FIELD = "Navn på samtykkegiver 2"  # joint custody; the hint below it says who
_CONTACT_HEADERS = {
    "caseworker": "Navn og myndighed",
    "primary": "Navn og myndighed/tilhørsforhold",
    "secondary": "Navn og myndighed/tilhørsforhold",
}
_BLANK_ROWS = {"caseworker": 2, "primary": 1, "secondary": 3}
_WIDTH = A4[0] - 2 * MARGIN
_WRITE_ON = "_______________"


# -- templates ------------------------------------------------------------------------------------------------


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill_template(template: str, values: Mapping[str, object]) -> str:
    """Fill `{placeholders}`; see the module docstring for comments and empty values."""
    filled = {k: str(v).strip() or _WRITE_ON for k, v in values.items()}
    lines = []
    for line in template.splitlines():
        if line.startswith("%"):
            continue
        used = [k for k in values if "{" + k + "}" in line]
        if used and all(not str(values[k]).strip() for k in used):
            continue
        # Only plain {name} placeholders are filled; anything else in braces (a hand-edited template's stray or
        # unknown placeholder, "{kommune[x]}") is printed as it stands rather than breaking the document.
        lines.append(_PLACEHOLDER.sub(lambda m: filled.get(m.group(1), m.group(0)), line))
    return "\n".join(lines).strip("\n")


def template_flowables(filled: str, style: str = "body") -> list[Flowable]:
    """Turn filled template text into paragraphs, headings and bullets."""
    story: list[Flowable] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            story.append(text("\n".join(block), style))
            story.append(spacer(2))
            block.clear()

    for line in filled.splitlines():
        if not line.strip():
            flush()
        elif line.startswith("# "):
            flush()
            story.append(text(line[2:].strip(), "h2"))
        elif line.startswith("- "):
            flush()
            story.append(Paragraph(text(line[2:].strip(), style).text, STYLES[style], bulletText="•"))
            story.append(spacer(1))
        else:
            block.append(line)
    flush()
    return story


# -- the consent form -------------------------------------------------------------------------------------------


def _contact_table(role: str, rows: Sequence[tuple[str, str, str]], blank_rows: int) -> Table:
    headers = (_CONTACT_HEADERS[role], TYPE_HEADER, "Kontaktoplysninger")
    data: list[list[Any]] = [[text(h, "label") for h in headers]]
    data += [[text(name), text(kind), text(contact)] for name, kind, contact in rows]
    data += [["", "", ""] for _ in range(blank_rows)]
    table = Table(
        data,
        colWidths=[_WIDTH * 0.45, _WIDTH * 0.2, _WIDTH * 0.35],
        rowHeights=[None] * (1 + len(rows)) + [9 * mm] * blank_rows,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F5F7FA")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _contacts(consent: Consent | None, parties: Sequence[PartyType]) -> list[Flowable]:
    """The parties by role: name and authority, party type (the profile's label), contact details."""
    labels = {party.key: party.label for party in parties}
    story: list[Flowable] = [markup(f"<b>{AREAS_HEADING}</b>", "body"), spacer(2)]
    if consent is None and parties:
        kinds = ", ".join(party.label for party in parties)
        story += [text(f"Skriv under {TYPE_HEADER} hvilken part personen er: {kinds}.", "small"), spacer(2)]
    for role, heading in CONTACT_ROLES.items():
        rows = []
        if consent is not None:
            for c in consent.contacts_in(role):
                name = ", ".join(part for part in (c.name, c.authority) if part)
                rows.append((name, labels.get(c.party_type, c.party_type), c.contact))
        blank = _BLANK_ROWS[role] if consent is None else (0 if rows else 1)
        story.append(KeepTogether([text(heading, "h2"), _contact_table(role, rows, blank)]))
    return story


class _TickBox(Flowable):
    """A square to tick, with an X when chosen (drawn as text, so it reads back from the PDF)."""

    size = 3.8 * mm

    def __init__(self, ticked: bool) -> None:
        super().__init__()
        self.ticked = ticked
        self.width = self.height = self.size

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size)
        if self.ticked:
            self.canv.setFont("Helvetica-Bold", 9)
            self.canv.drawCentredString(self.size / 2, 2.2, "X")


def _categories(chosen: Sequence[str], categories: Sequence[InfoCategory]) -> list[Flowable]:
    """The profile's information categories as tick boxes, three to a row; sensitive ones starred with a note
    below. A chosen key the profile does not know (a consent made under another profile) is shown as itself."""
    per_row = 3
    items = [(c.key, c.label + (" *" if c.sensitive else "")) for c in categories]
    known = {c.key for c in categories}
    items += [(key, key) for key in chosen if key not in known]
    if not items:
        return []
    cells = []
    for start in range(0, len(items), per_row):
        line: list[Any] = []
        for key, label in items[start : start + per_row]:
            line += [_TickBox(key in chosen), text(label)]
        cells.append(line + [""] * (2 * per_row - len(line)))
    table = Table(cells, colWidths=[7 * mm, _WIDTH / per_row - 7 * mm] * per_row)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story: list[Flowable] = [table]
    if any(c.sensitive for c in categories):
        story += [spacer(1), text(SENSITIVE_NOTE, "small")]
    return story


def _free_text(value: str, blank_height_mm: float) -> Table:
    table = Table([[text(value) if value else Spacer(1, blank_height_mm * mm)]], colWidths=[_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def signature_labels(consent: Consent | None) -> list[str]:
    """The signature lines of Bilag 6: the giver's and the young person's (the seed's two "Dato / Underskrift"
    lines, on every form a custody holder signs – the young person's is required from 15), plus the second custody
    holder's when one is named. A young person of 18 who gives consent alone signs once."""
    if consent is None:
        return ["Samtykkegiver", "Den unge (hvis fyldt 15 år)"]
    if consent.giver_role == "young_person":
        return [f"Samtykkegiver (den unge selv)\n{consent.giver_name}"]
    labels = [f"Samtykkegiver\n{consent.giver_name}"]
    if consent.has_giver2:
        labels.append(f"{GIVER2_LABEL}\n{consent.giver2_name}")
    young = f"Den unge (fyldt {consent.person_age} år)" if consent.cosign_required else "Den unge (hvis fyldt 15 år)"
    labels.append(f"{young}\n{consent.person_name}")
    return labels


def _status_lines(consent: Consent) -> list[Flowable]:
    red = "#9B1C1C"
    lines: list[Flowable] = []
    if consent.withdrawn_on:
        how = consent.withdrawal_how + (f" – {consent.withdrawal_note}" if consent.withdrawal_note else "")
        lines.append(
            markup(
                f"<b><font color='{red}'>TILBAGEKALDT den {date_text(consent.withdrawn_on)}</font></b> "
                f"(modtaget {text(how).text}). Samtykket er ikke længere hjemmel for udveksling.",
                "body",
            )
        )
    if consent.signed_on:
        signers = ["samtykkegiver"]
        signers += [consent.giver2_name] if consent.giver2_signed else []
        signers += ["den unge"] if consent.young_person_signed else []
        signers_text = ", ".join(signers[:-1]) + " og " + signers[-1] if len(signers) > 1 else signers[0]
        lines.append(
            text(f"Registreret som underskrevet den {date_text(consent.signed_on)} af {signers_text}.", "small")
        )
    return [*lines, spacer(2)] if lines else []


def consent_form_pdf(
    consent: Consent | None,
    legal_notes: str,
    letterhead: Mapping[str, str],
    printed_on: date,
    *,
    logo: bytes | None = None,
    parties: Sequence[PartyType] = (),
    categories: Sequence[InfoCategory] = (),
) -> bytes:
    """Bilag 6 filled in from `consent`, or blank (None) for handwriting; `parties` and `categories` are the
    profile's (labels, and the areas to tick)."""
    filled = consent is not None
    if consent is not None:
        header = [
            ("Dato", date_text(consent.consent_date)),
            ("Navn på samtykkegiver", consent.giver_name),
            ("CPR", format_cpr(consent.giver_cpr)),
            ("Navn på person", consent.person_name),
            ("CPR", format_cpr(consent.person_cpr)),
        ]
        if consent.has_giver2:
            header[3:3] = [(GIVER2_FIELD, consent.giver2_name), ("CPR", format_cpr(consent.giver2_cpr))]
        hints = {"Navn på samtykkegiver": GIVER_ROLES[consent.giver_role], GIVER2_FIELD: GIVER2_LABEL.lower()}
        validity = [("Gyldig fra", date_text(consent.valid_from)), ("Gyldig til", date_text(consent.valid_until))]
        subtitle = f"Reference {consent.reference}" + (
            f" · Sag {', '.join(n for n in consent.case_numbers if n)}" if any(consent.case_numbers) else ""
        )
    else:
        header = [("Dato", ""), ("Navn på samtykkegiver", ""), ("CPR", ""), ("Navn på person", ""), ("CPR", "")]
        hints = {"Navn på samtykkegiver": "den unge eller forældremyndighedsindehaver"}
        validity = [("Gyldig fra", ""), ("Gyldig til", "")]
        subtitle = "Udfyldes i hånden · Reference: ____________"
    story: list[Flowable] = [
        *(_status_lines(consent) if consent is not None else []),
        markup(f"<b>{text(STATEMENT).text}</b>", "body"),
        spacer(3),
        field_table(header, hints, label_width_mm=48, min_height_mm=8),
        spacer(5),
    ]
    story += _contacts(consent, parties)
    what = [
        markup(f"<b>{WHAT_HEADING}</b>", "body"),
        spacer(2),
        *_categories(consent.categories if consent is not None else (), categories),
        spacer(2),
        _free_text(consent.exchange_text, 10) if consent is not None else _free_text("", 28),
    ]
    story += [
        spacer(5),
        KeepTogether(what),
        spacer(4),
        KeepTogether([text("Samtykket gælder", "h2"), field_table(validity, label_width_mm=48, min_height_mm=8)]),
    ]
    signatures = [
        text("Underskrift", "h1"),
        text(COSIGN_NOTE, "body"),
        spacer(2),
        signature_lines(signature_labels(consent)),
    ]
    story += [KeepTogether(signatures), spacer(6), *template_flowables(fill_template(legal_notes, letterhead), "small")]
    if filled:
        story.append(text(f"Udskrevet {date_text(printed_on)} fra sspdesk.", "small"))
    meta = PdfMeta(
        title=CONSENT_TITLE,
        municipality=letterhead.get("municipality", ""),
        subtitle=subtitle,
        reference=consent.reference if consent is not None else "",
        logo=logo,
    )
    return build_pdf(story, meta)


# -- the letter of the information duty ---------------------------------------------------------------------------


# The letter's title (PDF metadata and header line) per addressee: the custody holders (the seed's Bilag 1) or the
# young person themself (the only version from 18, when nobody has custody).
LETTER_TITLES = {
    "parents": "Orientering til forældremyndighedsindehaver",
    "young_person": "Orientering om registrering af din sag",
}
SHEET_TITLE = "Information om behandling af personoplysninger"


def information_letter_pdf(
    letter: str,
    sheet: str | None,
    municipality: str,
    reference: str,
    *,
    addressee: str = "parents",
    logo: bytes | None = None,
) -> bytes:
    """The filled Bilag 1 letter, and the Bilag 2 information sheet on its own page when given."""
    story = template_flowables(letter)
    if sheet:
        story += [PageBreak(), text(SHEET_TITLE, "title"), *template_flowables(sheet)]
    meta = PdfMeta(title=LETTER_TITLES[addressee], municipality=municipality, reference=reference, logo=logo)
    return build_pdf(story, meta)
