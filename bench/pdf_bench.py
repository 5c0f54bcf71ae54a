"""The filled consent form (Bilag 6) as PDF, against a one-page reportlab document made the same way.

The app's figure is `sspdesk.consents.consent_pdf`: read the consent, lay out the form with the legal notes from
the template, and log the printing (one committed audit entry). The baseline is a plain one-page platypus
document – a title, a few paragraphs and a two-column table – to bytes in memory.
"""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from bench.generate import PASSPHRASE
from bench.timing import median_ms
from sspdesk.cases import NewCase, register_case
from sspdesk.consents import ConsentContact, ConsentInput, consent_pdf, create_consent
from sspdesk.store.vault import Vault

ON = date(2026, 3, 2)


def _consent(vault: Vault) -> str:
    """A fictional consent for a fictional young person; returns its id."""
    case = register_case(
        vault,
        NewCase(
            level="II",
            subject="Indbrud i kiosk",
            person_name="Åse Opdigtet",
            cpr="0503104321",
            coordinator="Kasper Prøvesen",
            registered=ON,
        ),
        today=ON,
    )
    contacts = (
        ConsentContact("caseworker", "Nadia Testrup", "Social & Familie (fiktiv)", "40 00 00 05", "familieafdeling"),
        ConsentContact("primary", "Kasper Prøvesen", "SSP-lærer, Nordskolen (fiktiv)", "40 00 00 02", "skole"),
        ConsentContact("secondary", "Birte Demoholm", "Vestegnens Politi (fiktiv)", "40 00 00 01", "politi"),
    )
    data = ConsentInput(
        case_refs=(case.id,),
        consent_date=ON,
        person_name="Åse Opdigtet",
        person_cpr="0503104321",
        contacts=contacts,
        categories=("familie", "sundhed"),
        giver_role="custody_holder",
        giver_name="Mette Opdigtet",
        giver_cpr="0101801239",
        exchange_text="Skolegang, fravær og trivsel.",
    )
    return create_consent(vault, data).id


def one_page_document() -> bytes:
    styles = getSampleStyleSheet()
    story = [Paragraph("Samtykkeerklæring (grundlinje)", styles["Title"])]
    for n in range(6):
        story += [
            Paragraph(
                f"Afsnit {n}: almindelig tekst på en side, som en formular kunne have den. " * 3, styles["BodyText"]
            ),
            Spacer(1, 6),
        ]
    story.append(Table([[f"Felt {n}", f"Værdi {n}"] for n in range(10)], colWidths=[150, 300]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title="Grundlinje").build(story)
    return out.getvalue()


def run(repeat: int = 9) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        vault = Vault.create(Path(tmp) / "pdf.sspvault", PASSPHRASE, settings={"user_name": "Koordinator Fiktiv"})
        try:
            consent_id = _consent(vault)
            if not consent_pdf(vault, consent_id, today=ON).startswith(b"%PDF"):
                raise RuntimeError("pdf bench: no PDF")
            app = median_ms(lambda: consent_pdf(vault, consent_id, today=ON), repeat=repeat)
            base = median_ms(one_page_document, repeat=repeat)
        finally:
            vault.close()
    return {"consent PDF": {"ms": app, "baseline_ms": base, "ratio": app / base}}


if __name__ == "__main__":
    print(run())
