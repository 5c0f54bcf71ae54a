"""Team set-up without typing keys (issue 19, item 4): invitations on Udveksling › Kolleger.

* "Invitér kollega…" writes this laptop's invitation file (`teamsync.write_invitation`: name, authority, party type,
  age recipient, signing key fingerprint) and shows the fingerprint as words to read aloud.
* "Tilføj fra invitation…" reads a colleague's file (`read_invitation`, which refuses an edited one), shows who it
  names and the fingerprint in groups and spelled out, and adds the colleague (`add_from_invitation`) only after the
  user has ticked that it matches what the colleague reads aloud – over the phone or across the table. The name and
  the party type may be changed first; the party type decides which sager may travel to them.

File choosers are attributes of `InvitationActions` (`choose_out`, `choose_in`) so tests can replace them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.bundles import BundleError
from sspdesk.bundles.peers import Peer
from sspdesk.domain.errors import Invalid
from sspdesk.store.vault import Vault
from sspdesk.teamsync import Invitation, add_from_invitation, fingerprint_words, read_invitation, write_invitation
from sspdesk.ui.exchange.peer_dialog import PARTY_HINT, party_combo
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.labels import grey_label, mono_font
from sspdesk.ui.widgets.message_bar import MessageBar

INVITE_FILTER = "sspdesk-invitation (*.sspinvite);;Alle filer (*)"
MATCHES = "&Fingeraftrykket passer med det, kollegaen læser op"


def choose_invitation_out(parent: QWidget, suggested: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, "Gem invitation", str(Path.home() / suggested), INVITE_FILTER)
    return Path(chosen) if chosen else None


def choose_invitation_in(parent: QWidget) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, "Tilføj kollega fra invitation", str(Path.home()), INVITE_FILTER)
    return Path(chosen) if chosen else None


def suggested_name(vault: Vault) -> str:
    name = "-".join((vault.user or "invitation").split()).lower()
    return f"{name}.sspinvite"


def spoken_groups(fingerprint: str) -> str:
    """One line per group of four, the group and then its characters spelled: "D1FC  David en Frederik Cecilie"."""
    spoken = fingerprint_words(fingerprint).split(" – ")
    return "\n".join(f"{group}   {words}" for group, words in zip(fingerprint.split(), spoken, strict=True))


def _selectable(text: str, *, mono: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if mono:
        label.setFont(mono_font(label))
    return label


class AddFromInvitationDialog(QDialog):
    """Who the invitation names, the fingerprint to compare aloud, and the colleague's name and party type."""

    def __init__(self, vault: Vault, invitation: Invitation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.invitation = invitation
        self.peer: Peer | None = None
        self.setWindowTitle("Tilføj kollega fra invitation")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(
            grey_label(
                "Ring til kollegaen (eller spørg ved bordet), og bed dem læse deres fingeraftryk op fra deres egen "
                "skærm (Indstillinger › Denne enhed). Det skal være præcis det, der står her – ellers kan filen "
                "være byttet undervejs."
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit(invitation.name)
        self.name.setMinimumWidth(420)
        self.party = party_combo(vault, invitation.party_type)
        self.fingerprint = _selectable(invitation.fingerprint, mono=True)
        self.fingerprint.setAccessibleName("Fingeraftryk")
        font = self.fingerprint.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.fingerprint.setFont(font)
        self.words = _selectable(spoken_groups(invitation.fingerprint), mono=True)  # the groups in a column
        self.words.setAccessibleName("Fingeraftryk læst op")
        form.addRow("&Navn:", self.name)
        form.addRow("Myndighed:", _selectable(invitation.authority or "–"))
        form.addRow("&Type:", self.party)
        form.addRow("Fingeraftryk:", self.fingerprint)
        form.addRow("Læst op:", self.words)
        layout.addLayout(form)
        self.matches = QCheckBox(MATCHES)
        layout.addWidget(self.matches)
        layout.addWidget(grey_label(PARTY_HINT))
        self.message = MessageBar()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Tilføj", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(False)
        buttons.addButton("Annuller", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.matches.toggled.connect(self.ok_button.setEnabled)
        layout.addWidget(buttons)
        settle_default_button(self, self.ok_button)

    def submit(self) -> None:
        if not self.matches.isChecked():
            return
        party = str(self.party.currentData() or "")
        try:
            self.peer = add_from_invitation(
                self.vault, self.invitation, name=self.name.text().strip() or None, party_type=party
            )
        except (BundleError, Invalid) as exc:
            self.message.show_error(exc.message)
            return
        self.accept()


class InvitationActions:
    """The two buttons of the Kolleger box and what they do; `open_dialog` shows a dialog the page's way."""

    def __init__(self, page: Any, open_dialog: Callable[[QDialog], QDialog], on_added: Callable[[], None]) -> None:
        self.page = page
        self.open_dialog = open_dialog
        self.on_added = on_added
        self.choose_out: Callable[[QWidget, str], Path | None] = choose_invitation_out
        self.choose_in: Callable[[QWidget], Path | None] = choose_invitation_in
        self.invite_button = QPushButton("I&nvitér kollega…")
        self.invite_button.setToolTip("Gem din invitation (navn, myndighed og nøgler) som fil til en kollega")
        self.invite_button.clicked.connect(lambda: self.invite())
        self.add_button = QPushButton("Tilføj fra in&vitation…")
        self.add_button.setToolTip("Tilføj en kollega fra deres invitationsfil – uden at skrive nøgler af")
        self.add_button.clicked.connect(lambda: self.add_from_file())
        self.last_message: QMessageBox | None = None

    @property
    def buttons(self) -> list[QPushButton]:
        return [self.invite_button, self.add_button]

    def invite(self, path: Path | None = None) -> Invitation | None:
        vault: Vault | None = self.page.vault
        if vault is None:
            return None
        parent = self.page.window()
        out = path or self.choose_out(parent, suggested_name(vault))
        if out is None:
            return None
        try:
            invitation = write_invitation(vault, out)
        except (BundleError, Invalid) as exc:
            self._tell(QMessageBox.Icon.Warning, "Invitationen blev ikke gemt", exc.message)
            return None
        words = spoken_groups(invitation.fingerprint)
        self._tell(
            QMessageBox.Icon.Information,
            "Invitation gemt",
            f"Invitationen er gemt: {out}\n\nGiv filen til kollegaen (e-mail, USB-nøgle eller teammappen). Når de "
            f"tilføjer dig, læser du dit fingeraftryk op:\n\n{invitation.fingerprint}\n\n{words}",
        )
        return invitation

    def add_from_file(self, path: Path | None = None) -> AddFromInvitationDialog | None:
        vault: Vault | None = self.page.vault
        if vault is None:
            return None
        chosen = path or self.choose_in(self.page.window())
        if chosen is None:
            return None
        try:
            invitation = read_invitation(chosen)
        except Invalid as exc:
            self._tell(QMessageBox.Icon.Warning, "Invitationen kan ikke bruges", exc.message)
            return None
        dialog = AddFromInvitationDialog(vault, invitation, self.page.window())
        dialog.accepted.connect(self.on_added)
        self.open_dialog(dialog)
        return dialog

    def _tell(self, kind: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(kind, title, text, QMessageBox.StandardButton.Ok, self.page.window())
        box.button(QMessageBox.StandardButton.Ok).setText("OK")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_message = box
        box.open()  # not exec(): a lock closes it
