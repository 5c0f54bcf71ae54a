"""A small coloured label with a case's consent state: Gyldigt, Udløber snart, Ikke underskrevet, Tilbagekaldt,
Udløbet or Mangler. For the case editor's header and the Samtykker page's case bar.

`consent_status` returns no personal data and is not logged, so the badge may be refreshed as often as needed.
A DKE-Journal holds no person and has no consent: the badge hides itself for one.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from sspdesk.consents import STATUS_LABELS, consent_status, resolve_case
from sspdesk.store.vault import Vault
from sspdesk.ui.consents.consent_models import state_label, state_style

_HINTS = {
    "missing": "Der er ingen samtykkeerklæring. Udveksling kræver hjemmel i loven, fx Retsplejelovens § 115.",
    "unsigned": "Erklæringen er ikke registreret som underskrevet og er endnu ikke hjemmel for udveksling.",
    "withdrawn": "Samtykket er tilbagekaldt og er ikke længere hjemmel for udveksling.",
    "expired": "Samtykket er udløbet. Indhent et nyt, hvis der fortsat skal udveksles oplysninger.",
    "expiring": "Samtykket udløber inden for 30 dage.",
}


class ConsentBadge(QLabel):
    """`show_for_case(vault, case_id)` shows the state of the consents covering a case; `clear()` empties it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentBadge")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._state = ""
        self.hide()

    def state(self) -> str:
        """valid | expiring | unsigned | withdrawn | expired | missing, or "" when nothing is shown."""
        return self._state

    def show_for_case(self, vault: Vault, case_id: str, on: date | None = None) -> None:
        if resolve_case(vault, case_id).kind != "sag":
            self.clear()
            return
        self.show_state(consent_status(vault, case_id, on or date.today()))

    def show_state(self, state: str) -> None:
        self._state = state
        text = f"Samtykke: {state_label(state)}"
        self.setText(text)
        self.setAccessibleName(text)
        self.setStyleSheet(state_style(state))
        tip = STATUS_LABELS.get(state, "")
        self.setToolTip(f"{tip}. {_HINTS[state]}" if state in _HINTS else tip)
        self.show()

    def clear(self) -> None:
        self._state = ""
        super().clear()
        self.setToolTip("")
        self.setAccessibleName("")
        self.hide()
