"""The case editor's box for what the person's age changes: over 18 (seed 000 l.382, 415–418) and the hand-over to
SSP+ (seed 001 l.220–234).

Over 18 it lists the rules as `profile_sections.AdultStatus.lines` says them (letters to the person, own consent, the
coordination passing to DKE for an activity-ready recipient, the mentor support with Min plan). Where the profile has
SSP+ it shows the recorded hand-over (when, to whom, what, on which basis) or that none is recorded, with the button
Overdrag til SSP+…, which is enabled from 17½ (before, its tooltip says from when).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sspdesk.cases import CaseDetail, active_profile
from sspdesk.domain.dates import date_text
from sspdesk.domain.forms import SECTION_NAMES
from sspdesk.domain.profile_forms import ADULT_TITLE, SSP_PLUS_TITLE
from sspdesk.legal_basis import info_categories
from sspdesk.ssp_plus import handover_from, handover_state
from sspdesk.store.vault import Vault
from sspdesk.ui.cases.ssp_plus_dialog import SspPlusHandoverDialog
from sspdesk.ui.widgets.labels import grey_label


def _text(value: str) -> QLabel:
    label = QLabel(value)
    label.setWordWrap(True)
    return label


class CaseAgePanel(QGroupBox):
    """Over 18 år / Overdragelse til SSP+ of one DKE-Sag; `changed` after a hand-over is recorded."""

    changed = Signal()

    def __init__(
        self,
        vault: Vault,
        detail: CaseDetail,
        today: Callable[[], date],
        open_dialog: Callable[[QDialog], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault, self.detail, self.today, self.open_dialog = vault, detail, today, open_dialog
        self.rule = active_profile(vault).age_rules.ssp_plus if detail.kind == "sag" else None
        titles = [ADULT_TITLE] if detail.adult else []
        titles += [SSP_PLUS_TITLE] if self.rule else []
        self.setTitle(" · ".join(titles))
        self.column = QVBoxLayout(self)
        self.column.setSpacing(6)
        self.adult_labels = [_text(f"• {line}") for line in (detail.adult.lines() if detail.adult else [])]
        for label in self.adult_labels:
            self.column.addWidget(label)
        self.handover_label: QLabel | None = None
        self.handover_button: QPushButton | None = None
        if self.rule is not None:
            self._ssp_plus()

    @property
    def relevant(self) -> bool:
        """Whether the case has anything to show here (else the editor leaves the box out)."""
        return bool(self.adult_labels) or self.rule is not None

    def _ssp_plus(self) -> None:
        assert self.rule is not None
        handover = self.detail.ssp_plus_handover
        if handover:
            labels = {c.key: c.label for c in info_categories(self.vault)}
            what = ", ".join(labels.get(k, k) for k in handover.get("kategorier", "").split(",") if k)
            sections = ", ".join(SECTION_NAMES.get(k, k) for k in handover.get("afsnit", "").split(",") if k)
            text = (
                f"Overdraget til {handover.get('til', '')} {date_text(handover.get('dato', ''))}: {what}"
                + (f". Afsnit: {sections}" if sections else "")
                + f". Hjemmel: {handover.get('hjemmel', '')}."
            )
            self.handover_label = _text(text)
        else:
            first = handover_from(self.rule, self.detail.case)
            when = f" Overdragelse kan ske fra {date_text(first)} (17½ år)." if first else ""
            self.handover_label = grey_label(f"Ingen overdragelse til {self.rule.forum} registreret.{when}")
        self.handover_label.setObjectName("sspPlusState")
        row = QHBoxLayout()
        row.addWidget(self.handover_label, 1)
        self.handover_button = QPushButton("Overdrag til SSP+…")
        allowed, why = handover_state(self.vault, self.detail.id, self.today())
        self.handover_button.setEnabled(allowed)
        self.handover_button.setToolTip(why)
        self.handover_button.clicked.connect(self.open_handover)
        row.addWidget(self.handover_button)
        self.column.addLayout(row)

    def open_handover(self) -> SspPlusHandoverDialog:
        dialog = SspPlusHandoverDialog(self.vault, self.detail.case, self.today, self)
        dialog.accepted.connect(self.changed)
        self.open_dialog(dialog)
        return dialog
