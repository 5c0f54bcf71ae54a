"""The letter of the information duty (Bilag 1) with the information sheet (Bilag 2) on its own page.

Two versions, from their own editable templates: to the custody holders of a young person under 18 (the seed's
letter, "dit/jeres barn"), and to the young person themself (du/dig) – the only version from 18, when there is no
custody, and one a younger person can be given too. The services fill the templates; this module lays them out.
"""

from __future__ import annotations

from reportlab.platypus import PageBreak

from sspdesk.pdf.base import PdfMeta, build_pdf, text
from sspdesk.pdf.consent_pdfs import template_flowables

# The PDF's title (its metadata and the header line) per addressee.
LETTER_TITLES = {
    "parents": "Orientering til forældremyndighedsindehaver",
    "young_person": "Orientering om registrering af din sag",
}
SHEET_TITLE = "Information om behandling af personoplysninger"


def information_letter_pdf(
    letter: str,
    sheet: str | None,
    *,
    addressee: str,
    municipality: str,
    reference: str,
    logo: bytes | None = None,
) -> bytes:
    """The filled letter, and the filled information sheet on its own page when given."""
    story = template_flowables(letter)
    if sheet:
        story += [PageBreak(), text(SHEET_TITLE, "title"), *template_flowables(sheet)]
    meta = PdfMeta(title=LETTER_TITLES[addressee], municipality=municipality, reference=reference, logo=logo)
    return build_pdf(story, meta)
