"""Tilføj kollega / Ret kollega: a colleague's name, keys, authority and party type.

The authority (myndighed/tilhørsforhold) and the party type (from the profile: skole, politi, SSP-konsulent, …) say
who the colleague is as a recipient: a bundle carries a DKE-Sag to them only on a consent naming them (by name,
authority or party type) or on Retsplejelovens § 115 when the type is an SSP partner. Without them the colleague
gets DKE-Journaler only. Checked by `add_peer` / `edit_peer`; a refusal is shown inline and nothing is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from sspdesk import legal_basis
from sspdesk.bundles import BundleError
from sspdesk.bundles.peers import Peer, add_peer, edit_peer
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.message_bar import MessageBar

PARTY_HINT = (
    "Myndighed og modtagertype afgør, hvilke DKE-Sager kollegaen må modtage: et samtykke, der nævner dem, eller "
    "Retsplejelovens § 115, når typen er en SSP-partner. Uden dem sendes kun DKE-Journaler."
)


def party_combo(vault, current: str = "") -> QComboBox:
    """The profile's party types (the key as data), with an empty first choice."""
    combo = QComboBox()
    combo.setAccessibleName("Modtagertype")
    combo.addItem("– vælg –", "")
    for party in legal_basis.party_types(vault):
        suffix = " (SSP-partner)" if party.ssp_partner else ""
        combo.addItem(f"{party.label}{suffix}", party.key)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class PeerDialog(QDialog):
    """Add a colleague (`peer` None: name, age key, fingerprint, authority, party type) or edit one (name,
    authority, party type – the keys never change here)."""

    def __init__(self, vault, parent: QWidget | None = None, peer: Peer | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.editing = peer
        self.peer: Peer | None = None
        self.setWindowTitle("Ret kollega" if peer else "Tilføj kollega")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        if peer is None:
            layout.addWidget(
                grey_label(
                    "Kollegaen finder sin offentlige nøgle og sit fingeraftryk under Indstillinger › "
                    "Denne enhed. Sammenlign fingeraftrykket med kollegaen, fx pr. telefon."
                )
            )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit(peer.name if peer else "")
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("age1…")
        self.key = QLineEdit()
        self.key.setPlaceholderText("ABCD 1234 … (8 grupper á 4 tegn) eller signeringsnøgle")
        self.authority = QLineEdit(peer.authority if peer else "")
        self.authority.setPlaceholderText("fx SSP Albertslund, Nordskolen, Sundhedsplejen")
        self.party = party_combo(vault, peer.party_type if peer else "")
        rows: list[tuple[str, QWidget]] = [("&Navn:", self.name)]
        if peer is None:
            rows += [("&Offentlig nøgle:", self.recipient), ("&Fingeraftryk:", self.key)]
        rows += [("&Myndighed:", self.authority), ("&Type:", self.party)]
        for label, widget in rows:
            widget.setMinimumWidth(420)
            form.addRow(label, widget)
        layout.addLayout(form)
        layout.addWidget(grey_label(PARTY_HINT))
        self.message = MessageBar()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Gem" if peer else "Tilføj", QDialogButtonBox.ButtonRole.AcceptRole)
        settle_default_button(self, self.ok_button)
        buttons.addButton("Annuller", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def submit(self) -> None:
        party = str(self.party.currentData() or "")
        try:
            if self.editing is None:
                self.peer = add_peer(
                    self.vault,
                    self.name.text(),
                    self.recipient.text(),
                    self.key.text(),
                    authority=self.authority.text(),
                    party_type=party,
                )
            else:
                name, authority = self.name.text(), self.authority.text()
                self.peer = edit_peer(self.vault, self.editing.id, name=name, authority=authority, party_type=party)
        except BundleError as exc:
            self.message.show_error(exc.message)
            text = exc.message.casefold()
            edit = self.name if "navn" in text else self.recipient if "age" in text else self.key
            edit.setFocus()
            edit.selectAll()
            return
        self.accept()


AddPeerDialog = PeerDialog  # the name the page and its tests know
