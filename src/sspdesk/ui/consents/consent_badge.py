"""A small coloured label with a case's consent state: Gyldigt, Udløber snart, Ikke underskrevet, Tilbagekaldt,
Udløbet or Mangler. For the case editor's header and the Samtykker page's case bar.

What the badge says must be what holds (issue 15): it re-reads the state by itself the moment a consent changes
anywhere in the program and when the date moves on while the program runs. Both come through one path,
`consent_events()`: the consent editor sends every saved change (saved, signed, withdrawn, deleted) as
`consent_changed`, and a timer sends `day_changed` after midnight (a consent that expires at midnight).

`consent_status` returns no personal data and is not logged, so the badge may be refreshed as often as needed.
A DKE-Journal holds no person and has no consent: the badge hides itself for one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from sspdesk.consents import STATUS_LABELS, consent_status, resolve_case
from sspdesk.domain.errors import NotFound
from sspdesk.store.vault import Vault
from sspdesk.ui import worker
from sspdesk.ui.consents.consent_models import state_label, state_style

_HINTS = {
    "missing": "Der er ingen samtykkeerklæring. Udveksling kræver hjemmel i loven, fx Retsplejelovens § 115.",
    "unsigned": "Erklæringen er ikke registreret som underskrevet og er endnu ikke hjemmel for udveksling.",
    "withdrawn": "Samtykket er tilbagekaldt og er ikke længere hjemmel for udveksling.",
    "expired": "Samtykket er udløbet. Indhent et nyt, hvis der fortsat skal udveksles oplysninger.",
    "expiring": "Samtykket udløber inden for 30 dage.",
}


class ConsentEvents(QObject):
    """The one signal path from what changes consents to what shows their state.

    `consent_changed(consent_id)`: a consent was saved, signed, withdrawn or deleted (the consent editor's
    `changed`). `day_changed()`: the date moved on while the program ran; checked every minute, and not while a job
    has the vault to itself (then the next check sends it)."""

    consent_changed = Signal(str)
    day_changed = Signal()
    CHECK_MS = 60_000

    def __init__(self, clock: Callable[[], date] = date.today, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self._day = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(self.CHECK_MS)
        self.timer.timeout.connect(self.check_day)
        self.timer.start()

    def check_day(self) -> bool:
        """Send `day_changed` if the date is not the one last seen; True if it was sent."""
        if worker.busy():
            return False
        day = self.clock()
        if day == self._day:
            return False
        self._day = day
        self.day_changed.emit()
        return True


_events: list[ConsentEvents] = []  # the application's one instance (made on first use, on the GUI thread)


def consent_events() -> ConsentEvents:
    if not _events or not shiboken6.isValid(_events[0]):
        _events[:] = [ConsentEvents(parent=QCoreApplication.instance())]
    return _events[0]


class ConsentBadge(QLabel):
    """`show_for_case(vault, case_id)` shows the state of the consents covering a case and keeps it current;
    `clear()` empties it and forgets the case."""

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.setObjectName("consentBadge")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.today = today
        self._state = ""
        self._vault: Vault | None = None
        self._case_id = ""
        events = consent_events()
        events.consent_changed.connect(self._consent_changed)
        events.day_changed.connect(self.recheck)
        self.hide()

    def state(self) -> str:
        """valid | expiring | unsigned | withdrawn | expired | missing, or "" when nothing is shown."""
        return self._state

    def show_for_case(self, vault: Vault, case_id: str, on: date | None = None) -> None:
        """Show the case's state on `on` (default: today) and follow it from now on."""
        if resolve_case(vault, case_id).kind != "sag":
            self.clear()
            return
        self._vault, self._case_id = vault, case_id
        self.show_state(consent_status(vault, case_id, on or self.today()))

    def recheck(self) -> None:
        """Read the state again for today (a consent changed, or the date moved on)."""
        vault, case_id = self._vault, self._case_id
        if vault is None or not case_id:
            return
        if not vault.is_open:  # locked: the page clears the badge next
            self.clear()
            return
        try:
            self.show_for_case(vault, case_id)
        except NotFound:  # the case was erased meanwhile
            self.clear()

    def _consent_changed(self, _consent_id: str) -> None:
        # Any consent may cover this case (or have stopped covering it): the state is cheap to read, so always re-read.
        self.recheck()

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
        self._vault, self._case_id = None, ""
        super().clear()
        self.setToolTip("")
        self.setAccessibleName("")
        self.hide()
