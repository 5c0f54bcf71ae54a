"""The consent editor: the Bilag 6 form (`ConsentForm`) under a header with the consent's state and its actions.

Gem saves a draft; Udskriv… and Gem som PDF… give the filled-in form (made on the worker); Marker som underskrevet…
registers the signed paper (the young person's signature too from 15, and the scan or why there is none);
Tilbagekald… registers a withdrawal; Vis scanning shows the signed paper. A signed consent is fixed and a withdrawn
one is read-only and marked as such. Every rule is the services' (`sspdesk.consents`): a refusal is shown inline,
in Danish, its field focused, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sspdesk.cases import active_profile
from sspdesk.consents import (
    Consent,
    attach_scan,
    consent_pdf,
    cosign_age,
    create_consent,
    delete_consent,
    get_consent,
    get_scan,
    list_scans,
    new_consent_input,
    resolve_case,
    update_consent,
)
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import Invalid, ServiceError
from sspdesk.store.vault import Vault
from sspdesk.ui import theme, worker
from sspdesk.ui.consents.consent_badge import consent_events
from sspdesk.ui.consents.consent_dialogs import (
    Confirm,
    Runner,
    ScanViewer,
    SignDialog,
    WithdrawDialog,
    choose_scan_file,
)
from sspdesk.ui.consents.consent_form import ConsentForm
from sspdesk.ui.consents.consent_models import state_label, state_style
from sspdesk.ui.vault.vault_dialogs import error_text
from sspdesk.ui.widgets import printing
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.confirm import ask_confirmation
from sspdesk.ui.widgets.message_bar import MessageBar
from sspdesk.ui.widgets.message_line import MessageLine

PLACEHOLDER = "Vælg et samtykke i listen, eller opret et nyt med Nyt samtykke…"


class ConsentEditor(QWidget):
    """Shows one consent, or a new draft for a sag. `changed(id)` asks the list to re-read (saved, signed, …)."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.vault: Vault | None = None
        self.consent: Consent | None = None
        self.case_refs: tuple[str, ...] = ()
        self.dialog: QDialog | None = None
        self.runner: Runner = worker.run_in_background
        self.confirm: Confirm = ask_confirmation
        self.choose_file = choose_scan_file
        self._loaded: Any = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(f"color: {GREY};")
        self.stack.addWidget(self.placeholder)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self._build())
        self.stack.addWidget(self.scroll_area)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)

    # -- building --------------------------------------------------------------------------------------------

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _build(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 0, 10, 10)
        layout.setSpacing(8)
        header = QFrame()
        header.setObjectName("consentHeader")
        header.setStyleSheet(theme.card_style("consentHeader", radius=6))
        column = QVBoxLayout(header)
        column.setContentsMargins(14, 10, 14, 10)
        top = QHBoxLayout()
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.title)
        top.addSpacing(8)
        self.state_badge = QLabel()
        self.state_badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        top.addWidget(self.state_badge)
        top.addStretch(1)
        self.print_button = self._button("Udskriv…", "Udskriv erklæringen til underskrift", self.print_form)
        self.pdf_button = self._button("Gem som PDF…", "Gem den udfyldte erklæring som PDF", self.save_pdf)
        top.addWidget(self.print_button)
        top.addWidget(self.pdf_button)
        column.addLayout(top)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet(f"color: {GREY};")
        column.addWidget(self.subtitle)
        actions = QHBoxLayout()
        actions.setSpacing(6)
        self.save_button = self._button("Gem", "Gem erklæringen (Ctrl+S)", self.save)
        self.delete_button = self._button(
            "Slet kladde…", "Slet erklæringen; kun før den er underskrevet", self.delete_draft
        )
        self.sign_button = self._button(
            "Marker som underskrevet…", "Registrér den underskrevne erklæring", self.open_sign
        )
        self.withdraw_button = self._button(
            "Tilbagekald…", "Registrér at samtykket er trukket tilbage", self.open_withdraw
        )
        self.scan_button = self._button("Vis scanning", "Vis den scannede, underskrevne erklæring", self.show_scans)
        self.attach_button = self._button(
            "Vedhæft scanning…", "Vedhæft (endnu) en scanning af den underskrevne erklæring", self.attach_more_scan
        )
        for button in (self.save_button, self.sign_button, self.withdraw_button, self.scan_button, self.attach_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        column.addLayout(actions)
        layout.addWidget(header)
        self.message = MessageLine()  # one line kept for it under the buttons: "gemt" never moves the form
        self.notice = MessageBar()  # these two say what holds for the consent shown, set when it is loaded
        self.cosign_note = MessageBar()
        for bar in (self.message, self.notice, self.cosign_note):
            layout.addWidget(bar)
        self.form = ConsentForm()
        self.form.changed.connect(self._form_changed)
        # Every saved change (saved, signed, withdrawn, deleted, a scan) goes out through the one signal path the
        # consent badges on the case pages listen to, so what they say is what holds.
        self.changed.connect(consent_events().consent_changed)
        layout.addWidget(self.form)
        layout.addStretch(1)
        return content

    # -- loading and clearing --------------------------------------------------------------------------------

    def set_vault(self, vault: Vault | None) -> None:
        self.vault = vault
        self._read_profile()

    def _read_profile(self) -> None:
        """The active profile's co-sign age, party types and categories (the profile may change in Indstillinger)."""
        if self.vault is not None:
            profile = active_profile(self.vault)
            self.form.cosign_from_age = cosign_age(self.vault)
            self.form.set_profile(profile.parties(), profile.categories())

    def consent_id(self) -> str:
        return self.consent.id if self.consent else ""

    def is_open(self) -> bool:
        return bool(self.case_refs)

    def editing(self) -> bool:
        return self.is_open() and (self.consent is None or not self.consent.read_only)

    def has_unsaved(self) -> bool:
        return self.editing() and (self.consent is None or self.form.raw() != self._loaded)

    def start_new(self, case_id: str) -> None:
        """A new draft for a sag, prefilled from it (person, coordinator as primary contact)."""
        if self.vault is None:
            return
        data = new_consent_input(self.vault, case_id, today=self.today())
        self._read_profile()
        self.consent, self.case_refs = None, data.case_refs
        self.form.fill(data, (resolve_case(self.vault, case_id).number,))
        self._show()

    def load(self, consent_id: str) -> None:
        """Show a consent (re-read from the vault; the view is logged). Unsaved edits are dropped: ask first."""
        if self.vault is not None:
            self._show_consent(get_consent(self.vault, consent_id))

    def reload(self) -> None:
        if self.consent is not None:
            self.load(self.consent.id)

    def _show_consent(self, consent: Consent) -> None:
        self._read_profile()
        self.consent, self.case_refs = consent, consent.case_ids
        self.form.fill(consent, consent.case_numbers)
        self._show()

    def clear(self) -> None:
        """Forget the consent and empty every widget (the vault is locking)."""
        self.close_dialog()
        self.consent, self.case_refs, self._loaded = None, (), None
        self.form.clear()
        for label in (self.title, self.state_badge, self.subtitle):
            label.clear()
        for bar in (self.notice, self.message, self.cosign_note):
            bar.clear()
        self.stack.setCurrentWidget(self.placeholder)

    def shows_data(self) -> bool:
        return self.is_open() or self.dialog is not None or bool(self.title.text()) or any(self.form.raw()[0])

    def close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            if hasattr(dialog, "clear"):
                dialog.clear()  # the scan viewer drops the image at once
            dialog.reject()
            dialog.setParent(None)  # out of findChildren at once, not only after deleteLater
            dialog.deleteLater()

    def _show(self) -> None:
        consent, today = self.consent, self.today()
        self.message.clear()
        self.form.set_read_only(not self.editing())
        self._loaded = self.form.raw()
        if consent is None:
            self.title.setText("Nyt samtykke")
            self.state_badge.setText("Kladde – ikke gemt")
            self.state_badge.setStyleSheet(state_style("unsigned"))
            self.subtitle.setText("Udfyld erklæringen og gem den; udskriv den derefter til underskrift.")
        else:
            state = consent.state(today)
            self.title.setText(consent.reference)
            self.state_badge.setText(state_label(state))
            self.state_badge.setStyleSheet(state_style(state))
            self.subtitle.setText(
                f"Sag {', '.join(consent.case_numbers)} · gyldig {date_text(consent.valid_from)}"
                f"–{date_text(consent.valid_until)} · oprettet af {consent.created_by or 'ukendt'}"
            )
        self._show_notice(consent)
        saved = consent is not None
        self.save_button.setVisible(self.editing())
        self.delete_button.setVisible(saved and self.editing())
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(saved)
        self.sign_button.setVisible(consent is not None and not consent.read_only)
        self.withdraw_button.setVisible(consent is not None and consent.is_signed and not consent.is_withdrawn)
        self.attach_button.setVisible(consent is not None and consent.is_signed and not consent.is_withdrawn)
        self.scan_button.setVisible(consent is not None and consent.scan_count > 0)
        self._form_changed()
        self.stack.setCurrentWidget(self.scroll_area)

    def _show_notice(self, consent: Consent | None) -> None:
        if consent is None:
            self.notice.clear()
        elif consent.is_withdrawn:
            note = f": {consent.withdrawal_note.rstrip('.')}" if consent.withdrawal_note else ""
            self.notice.show_message(
                f"TILBAGEKALDT {date_text(consent.withdrawn_on)} ({consent.withdrawal_how})"
                f"{note}. Erklæringen kan kun læses og er ikke hjemmel for udveksling af "
                "oplysninger.",
                "error",
            )
        elif consent.is_signed:
            young = f" {consent.giver2_name} har også skrevet under." if consent.giver2_signed else ""
            young += " Den unge har også skrevet under." if consent.young_person_signed else ""
            scans = (
                f"{consent.scan_count} scanning{'er' if consent.scan_count > 1 else ''} vedhæftet."
                if consent.scan_count
                else f"Ingen scanning: {consent.no_scan_reason}"
            )
            self.notice.show_message(
                f"Underskrevet {date_text(consent.signed_on)}.{young} {scans} Erklæringen kan "
                "ikke ændres; opret en ny, hvis noget skal ændres.",
                "info",
            )
        else:
            self.notice.show_message(
                "Ikke underskrevet endnu: udskriv erklæringen, få den underskrevet, og "
                "registrér det med Marker som underskrevet…",
                "hint",
            )

    def _form_changed(self) -> None:
        if self.consent is not None and self.consent.read_only:
            required = self.consent.cosign_required and not self.consent.is_signed
            age = self.consent.person_age
        else:
            reached = self.form.cosign_age_reached()
            required, age = reached is not None, reached or 0
        if required:
            self.cosign_note.show_message(
                f"Den unge er fyldt {self.form.cosign_from_age} år og skal også "
                f"underskrive (er {age} år på erklæringens dato).",
                "hint",
            )
        else:
            self.cosign_note.clear()
        self.save_button.setEnabled(self.has_unsaved())

    # -- saving ----------------------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.vault is None or not self.editing():
            return False
        try:
            data = self.form.values(self.case_refs)
            if self.consent is None:
                consent = create_consent(self.vault, data)
            else:
                consent = update_consent(self.vault, self.consent.id, data)
        except Invalid as exc:  # refused by the service, or a date the form cannot read
            self.message.show_error(exc.message)
            self.form.show_field(exc.field)
            return False
        self._show_consent(consent)
        self.message.show_message("Samtykkeerklæringen er gemt.", "info")
        self.changed.emit(consent.id)
        return True

    def delete_draft(self) -> None:
        consent = self.consent
        if (
            self.vault is None
            or consent is None
            or not self.confirm(
                self, "Slet kladde", f"Slet samtykkeerklæringen {consent.reference}? Den er ikke underskrevet.", "Slet"
            )
        ):
            return
        try:
            delete_consent(self.vault, consent.id)
        except Invalid as exc:
            self.message.show_error(exc.message)
            return
        self.clear()
        self.changed.emit(consent.id)

    def _refuse_unsaved(self) -> bool:
        if self.consent is not None and self.has_unsaved():
            self.message.show_error("Gem eller fortryd først ændringerne i erklæringen.")
            return True
        return self.vault is None or self.consent is None

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, OSError):
            self.message.show_error(f"Filen kan ikke gemmes eller læses: {error.strerror or error}")
        else:
            self.message.show_error(error.message if isinstance(error, ServiceError) else error_text(error))

    # -- the paper: PDF, signing, withdrawal, scans ----------------------------------------------------------

    def _with_pdf(self, then: Callable[[bytes, str], str]) -> None:
        if self._refuse_unsaved() or self.vault is None or self.consent is None:
            return
        vault, consent_id, today, name = self.vault, self.consent.id, self.today(), self.consent.reference

        def deliver(data: bytes) -> None:
            try:
                text = then(data, f"Samtykkeerklæring {name}")
            except OSError as exc:
                self._failed(exc)
                return
            if text:
                self.message.show_message(text, "info")

        self.runner(lambda: consent_pdf(vault, consent_id, today=today), deliver, self._failed)

    def print_form(self) -> None:
        self._with_pdf(lambda data, name: printing.print_pdf(self, data, name))

    def save_pdf(self) -> None:
        def save(data: bytes, name: str) -> str:
            path = printing.save_pdf(self, data, name)
            return f"Gemt som {path}." if path else ""

        self._with_pdf(save)

    def _open(self, dialog: QDialog) -> None:
        self.close_dialog()
        self.dialog = dialog
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_finished(d))
        dialog.open()

    def _dialog_finished(self, dialog: QDialog) -> None:
        """A closed dialog forgets what it showed at once (a lock closes every dialog before the pages clear)."""
        if self.dialog is dialog:
            self.dialog = None
        if hasattr(dialog, "clear"):
            dialog.clear()
        dialog.setParent(None)
        dialog.deleteLater()

    def _after(self, dialog: QDialog, text: str) -> None:
        dialog.accepted.connect(lambda: self._updated(text))
        self._open(dialog)

    def _updated(self, text: str) -> None:
        self.reload()
        self.message.show_message(text, "info")
        self.changed.emit(self.consent_id())

    def open_sign(self) -> None:
        if self._refuse_unsaved() or self.vault is None or self.consent is None:
            return
        dialog = SignDialog(self.vault, self.consent, self.runner, self.today(), self)
        dialog.choose_file = self.choose_file
        self._after(dialog, "Samtykket er registreret som underskrevet.")

    def open_withdraw(self) -> None:
        if self._refuse_unsaved() or self.vault is None or self.consent is None:
            return
        dialog = WithdrawDialog(self.vault, self.consent, self.runner, self.today(), self.confirm, self)
        self._after(dialog, "Tilbagekaldelsen er registreret. Samtykket kan kun læses.")

    def show_scans(self) -> None:
        if self.vault is None or self.consent is None:
            return
        vault = self.vault
        viewer = ScanViewer(
            self.consent.reference,
            list_scans(vault, self.consent.id),
            self.runner,
            lambda scan_id: get_scan(vault, scan_id),
            self,
        )
        self._open(viewer)
        viewer.show_current()

    def attach_more_scan(self) -> None:
        if self._refuse_unsaved() or self.vault is None or self.consent is None:
            return
        path = self.choose_file(self)
        if path is None:
            return
        vault, consent_id = self.vault, self.consent.id
        self.runner(
            lambda: attach_scan(vault, consent_id, path.read_bytes()),
            lambda _info: self._updated(f"Scanningen {path.name} er vedhæftet."),
            self._failed,
        )
