"""Overdrag til SSP+…: hand a case over to the SSP+-koordinationsgruppe and record what goes with it.

The dialog asks what the service needs (`sspdesk.ssp_plus.handover_to_ssp_plus`): the day, the information categories
(at least one), the case's saved sections that go along, the legal basis and – for a statutory basis – the necessity
test and its condition. The service refuses before 17½ and without a basis that covers the disclosure; the refusal is
shown here in Danish and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QGroupBox, QVBoxLayout, QWidget

from sspdesk.cases import active_profile
from sspdesk.domain.cases import Case
from sspdesk.domain.disclosure import NECESSITY, NOT_INVESTIGATION, SENSITIVE_TEXT, SENSITIVE_TICK
from sspdesk.domain.errors import Invalid
from sspdesk.domain.forms import SECTION_NAMES
from sspdesk.legal_basis import legal_basis_for
from sspdesk.ssp_plus import DEFAULT_BASIS, HANDOVER_SECTIONS, handover_to_ssp_plus
from sspdesk.store import cases_repo
from sspdesk.store.vault import Vault
from sspdesk.ui.cases.underretning_dialogs import date_edit
from sspdesk.ui.widgets.form_dialog import FormDialog
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.qdates import to_date

INTRO = (
    "Når den unge er mellem 17½ og 18 år, vurderer SSP-koordinationsgruppen, om bekymringssagen skal overdrages til "
    "SSP+. Overdragelsen er en udveksling af oplysninger og registreres med hjemmel."
)


def _boxes(title: str, items: list[tuple[str, str]], columns: int = 2) -> tuple[QGroupBox, dict[str, QCheckBox]]:
    box = QGroupBox(title)
    grid = QGridLayout(box)
    if not items:
        grid.addWidget(grey_label("Ingen udfyldte afsnit på sagen."), 0, 0)
    found: dict[str, QCheckBox] = {}
    for index, (key, label) in enumerate(items):
        check = QCheckBox(label)
        check.setAccessibleName(label)
        found[key] = check
        row, column = divmod(index, columns)
        grid.addWidget(check, row, column)
    return box, found


class SspPlusHandoverDialog(FormDialog):
    """Overdrag til SSP+: dato, oplysninger, afsnit, hjemmel og nødvendighedsvurdering."""

    def __init__(self, vault: Vault, case: Case, today: Callable[[], date], parent: QWidget | None = None) -> None:
        profile = active_profile(vault)
        forum = profile.age_rules.ssp_plus.forum if profile.age_rules.ssp_plus else "SSP+"
        super().__init__(f"Overdrag til {forum} – {case.number}", "Overdrag", parent)
        self.vault, self.case, self.today = vault, case, today
        self.setMinimumWidth(760)
        self.layout_.insertWidget(0, grey_label(INTRO))
        self.on = date_edit(today(), "Dato for overdragelsen")
        self.basis = QComboBox()
        self.basis.setAccessibleName("Hjemmel")
        self.basis.addItem(DEFAULT_BASIS, DEFAULT_BASIS)
        consent = legal_basis_for(vault, case.id, today())
        if consent is not None:
            self.basis.addItem(consent.label, consent.basis)
        self.form.addRow("&Dato:", self.on)
        self.form.addRow("&Hjemmel:", self.basis)
        column = QVBoxLayout()
        categories = [(c.key, c.label) for c in profile.categories()]
        box, self.categories = _boxes("Oplysninger, der overdrages", categories, columns=3)
        column.addWidget(box)
        saved = cases_repo.current_sections(vault.conn, case.id)
        sections = [(key, SECTION_NAMES[key]) for key in HANDOVER_SECTIONS if key in saved]
        box, self.sections = _boxes("Afsnit af sagen, der følger med", sections)
        column.addWidget(box)
        ticks = [*NECESSITY.items(), (SENSITIVE_TICK, SENSITIVE_TEXT), (NOT_INVESTIGATION.key, NOT_INVESTIGATION.text)]
        box, self.ticks = _boxes("Nødvendighedsvurdering (kræves ved lovhjemmel)", ticks, columns=1)
        column.addWidget(box)
        self.layout_.insertLayout(2, column)
        self.field_widgets.update({"on": self.on, "basis": self.basis})
        self.finish_layout()

    def show_invalid(self, exc: Invalid) -> None:
        super().show_invalid(exc)
        self.adjustSize()  # the message is long: grow, rather than squeeze the ticks together

    @staticmethod
    def _checked(boxes: dict[str, QCheckBox]) -> list[str]:
        return [key for key, box in boxes.items() if box.isChecked()]

    def _submit(self) -> None:
        ticks = self._checked(self.ticks)
        conditions = [key for key in ticks if key == NOT_INVESTIGATION.key]
        necessity = [key for key in ticks if key != NOT_INVESTIGATION.key]
        self.run(
            lambda: handover_to_ssp_plus(
                self.vault,
                self.case.id,
                [*self._checked(self.categories), *self._checked(self.sections)],
                to_date(self.on.date()),
                basis=str(self.basis.currentData()),
                necessity=necessity,
                conditions=conditions,
                today=self.today(),
            )
        )
