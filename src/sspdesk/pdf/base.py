"""Shared layout for every sspdesk PDF: A4, municipality header, confidentiality mark, "Side X af Y"."""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

log = logging.getLogger(__name__)

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#616E7C")
RULE = colors.HexColor("#9AA5B1")
ACCENT = colors.HexColor("#1D4E89")
MARGIN = 20 * mm
LOGO_BOX = (45 * mm, 11 * mm)  # the largest the logo is drawn; it keeps its proportions


@dataclass(frozen=True)
class PdfMeta:
    title: str
    municipality: str = ""
    subtitle: str = ""
    confidential: bool = True  # prints "Fortroligt – indeholder personoplysninger" in the header
    reference: str = ""  # e.g. a case number or consent reference, printed in the footer
    logo: bytes | None = None  # the municipality's logo (PNG/JPEG), top left in the header of every page


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()["Normal"]

    def make(name: str, **kw: Any) -> ParagraphStyle:
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, parent=base, alignment=TA_LEFT, **kw)

    return {
        "title": make("title", fontName="Helvetica-Bold", fontSize=17, leading=21, spaceAfter=2 * mm),
        "subtitle": make("subtitle", fontSize=10, leading=13, textColor=MUTED, spaceAfter=4 * mm),
        "h1": make(
            "h1",
            fontName="Helvetica-Bold",
            fontSize=12.5,
            leading=16,
            spaceBefore=5 * mm,
            spaceAfter=2 * mm,
            textColor=ACCENT,
        ),
        "h2": make("h2", fontName="Helvetica-Bold", fontSize=10.5, leading=14, spaceBefore=3 * mm, spaceAfter=1 * mm),
        "body": make("body", fontSize=10, leading=13.5),
        "small": make("small", fontSize=8.5, leading=11, textColor=MUTED),
        "label": make("label", fontName="Helvetica-Bold", fontSize=9, leading=12),
        "hint": make("hint", fontSize=8, leading=10, textColor=MUTED),
    }


STYLES = _styles()


def text(value: str, style: str = "body") -> Paragraph:
    """A paragraph of user text: markup characters escaped, line breaks kept."""
    return Paragraph(escape(value or "").replace("\n", "<br/>"), STYLES[style])


def markup(value: str, style: str = "body") -> Paragraph:
    """A paragraph of our own template text, which may use reportlab's <b>/<i> markup."""
    return Paragraph(value, STYLES[style])


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def field_table(
    rows: Sequence[tuple[str, str]],
    hints: dict[str, str] | None = None,
    label_width_mm: float = 48,
    min_height_mm: float = 7,
) -> Table:
    """A form-like two-column table: bold label (with the form's hint in grey) | the filled-in value."""
    hints = hints or {}
    data = []
    for label, value in rows:
        label_cell = [text(label, "label")]
        if hints.get(label):
            label_cell.append(text(f"({hints[label]})", "hint"))
        # An empty value keeps room to write by hand (blank forms).
        data.append([label_cell, text(value) if value else Spacer(1, min_height_mm * mm)])
    width = A4[0] - 2 * MARGIN
    table = Table(data, colWidths=[label_width_mm * mm, width - label_width_mm * mm], splitByRow=True)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F5F7FA")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def section(title: str, flowables: Iterable[Flowable]) -> Flowable:
    """A heading kept on the same page as the start of what follows."""
    items = list(flowables)
    return KeepTogether([markup(escape(title), "h1"), *items[:1]]) if items else markup(escape(title), "h1")


def signature_lines(labels: Sequence[str]) -> Table:
    """Lines to sign on: for each signer, "Dato" and "Underskrift" with room to write."""
    width = A4[0] - 2 * MARGIN
    rows = []
    for label in labels:
        rows.append([text(label, "label"), "", ""])
        rows.append(["", text("Dato", "small"), text("Underskrift", "small")])
    table = Table(rows, colWidths=[width * 0.3, width * 0.25, width * 0.45])
    commands: list[Any] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    for i in range(0, len(rows), 2):
        commands += [
            ("LINEBELOW", (1, i), (1, i), 0.7, INK),
            ("LINEBELOW", (2, i), (2, i), 0.7, INK),
            ("TOPPADDING", (0, i), (-1, i), 14 * mm / 2),
        ]
    table.setStyle(TableStyle(commands))
    return table


class _NumberedCanvas(pdfcanvas.Canvas):
    """Two passes over the pages so the footer can say "Side 2 af 5"."""

    meta: PdfMeta

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own page reset, missing from its stubs

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        width, height = A4
        meta = self.meta
        rule = height - header_height(meta)
        text_x = MARGIN + self._draw_logo(rule)
        self.setFillColor(MUTED)
        self.setFont("Helvetica", 8.5)
        if meta.municipality:
            self.drawString(text_x, rule + 2 * mm, meta.municipality)
        if meta.confidential:
            self.setFillColor(colors.HexColor("#9B1C1C"))
            self.drawRightString(width - MARGIN, rule + 2 * mm, "Fortroligt – indeholder personoplysninger")
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, rule, width - MARGIN, rule)
        self.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
        self.setFillColor(MUTED)
        footer = meta.title + (f"  ·  {meta.reference}" if meta.reference else "")
        self.drawString(MARGIN, 9 * mm, footer)
        self.drawRightString(width - MARGIN, 9 * mm, f"Side {self._pageNumber} af {total}")  # type: ignore[attr-defined]  # not in the stubs

    def _draw_logo(self, rule: float) -> float:
        """The logo just above the header rule, at the left margin; returns the room it takes (0 without one)."""
        image = _logo_image(self.meta.logo)
        if image is None:
            return 0.0
        pixels_wide, pixels_high = image.getSize()
        scale = min(LOGO_BOX[0] / pixels_wide, LOGO_BOX[1] / pixels_high)
        logo_width, logo_height = pixels_wide * scale, pixels_high * scale
        self.drawImage(image, MARGIN, rule + 1.5 * mm, logo_width, logo_height, mask="auto")
        return logo_width + 4 * mm


@functools.lru_cache(maxsize=4)  # decoded once, not once per page
def _logo_image(data: bytes | None) -> ImageReader | None:
    """The logo as reportlab reads it; a logo that cannot be read leaves the header without it – never no PDF."""
    if not data:
        return None
    try:
        image = ImageReader(io.BytesIO(data))
        width, height = image.getSize()
    except Exception:  # reportlab/Pillow raise many kinds for a broken image
        log.warning("pdf: the logo could not be read and is left out")
        return None
    return image if width > 0 and height > 0 else None


def header_height(meta: PdfMeta) -> float:
    """From the top of the page to the header rule: lower when a logo sits above it."""
    return (14 * mm + LOGO_BOX[1]) if meta.logo else 14 * mm


def build_pdf(story: list[Flowable], meta: PdfMeta) -> bytes:
    """Lay out `story` under a title block and return the PDF bytes."""
    buffer = io.BytesIO()
    top = header_height(meta) + 8 * mm
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top,
        bottomMargin=22 * mm,
        title=meta.title,
        author=meta.municipality or "sspdesk",
        creator="sspdesk",
    )
    head: list[Flowable] = [text(meta.title, "title")]
    if meta.subtitle:
        head.append(text(meta.subtitle, "subtitle"))
    canvas_class: type[_NumberedCanvas] = type("MetaCanvas", (_NumberedCanvas,), {"meta": meta})
    doc.build(head + story, canvasmaker=canvas_class)
    return buffer.getvalue()
