"""Dialogs of a consent: Nyt samtykke (choose the sag), Marker som underskrevet, Tilbagekald, and the scan viewer.
The case's dialogs (information duty, legal basis) are in `sspdesk.ui.consents.consent_case_dialogs`.

Each dialog calls one service function itself, through `runner` (the main window's `run_vault_job`: off the GUI
thread, on the worker's own vault connection). A refused input (`Invalid`) is shown as a Danish line in the
dialog, the named field gets the focus, and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sspdesk.consents import GIVER_ROLES, WITHDRAWAL_METHODS, Consent, Scan, ScanInfo, mark_signed, withdraw_consent
from sspdesk.domain.dates import date_text, stamp_text
from sspdesk.domain.errors import Invalid, ServiceError
from sspdesk.store.files import write_private_atomically
from sspdesk.store.vault import Vault
from sspdesk.ui.vault.vault_dialogs import error_text
from sspdesk.ui.widgets import printing
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.fields import DateLine, select_span
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.message_bar import MessageBar

Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]
Confirm = Callable[[QWidget | None, str, str, str], bool]
SCAN_FILTER = "Scanning (*.pdf *.png *.jpg *.jpeg)"


def choose_scan_file(parent: QWidget | None) -> Path | None:
    chosen, _filter = QFileDialog.getOpenFileName(parent, "Vælg den scannede erklæring", str(Path.home()), SCAN_FILTER)
    return Path(chosen) if chosen else None


class ServiceDialog(QDialog):
    """A form, an inline message bar and OK/Annuller; `run()` calls a service and shows what it refuses."""

    def __init__(self, title: str, ok_text: str, runner: Runner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.runner = runner
        self.vault: Vault | None = None
        self.result_value: Any = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = MessageBar()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        settle_default_button(self, self.ok_button)
        self.buttons.addButton("Annuller", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.fields: dict[str, QWidget] = {}

    def clear(self) -> None:
        """Forget the vault and empty the fields (the vault is locking); the dialog is closed next."""
        self.vault = None
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        for text in self.findChildren(QPlainTextEdit):
            text.clear()

    def add_intro(self, text: str) -> None:
        self.layout_.addWidget(grey_label(text))

    def finish_layout(self) -> None:
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.buttons)

    def show_problem(self, message: str, field: str | None = None) -> None:
        self.message.show_error(message)
        widget = self.fields.get(field) if field else None
        if widget is not None and widget.isVisibleTo(self):
            select_span(widget)

    def day(self, widget: DateLine, field: str) -> date | None:
        try:
            iso = widget.iso()
        except ValueError:
            self.show_problem("Datoen kan ikke læses. Skriv den som dd.mm.åååå.", field)
            return None
        if not iso:
            self.show_problem("Skriv datoen.", field)
            return None
        return date.fromisoformat(iso)

    def run(self, fn: Callable[[], Any]) -> None:
        self.ok_button.setEnabled(False)
        self.runner(fn, self._done, self._failed)

    def _done(self, result: Any) -> None:
        self.ok_button.setEnabled(True)
        self.result_value = result
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(error, OSError):
            self.show_problem(f"Filen kan ikke læses: {error.strerror or error}", "scan")
        elif isinstance(error, ServiceError):
            self.show_problem(error.message, error.field if isinstance(error, Invalid) else None)
        else:
            self.show_problem(error_text(error))

    def submit(self) -> None:
        raise NotImplementedError


class NewConsentDialog(ServiceDialog):
    """Nyt samtykke: which sag it is for (the form is then prefilled from the sag)."""

    def __init__(self, sager: list[tuple[str, str]], current: str, parent: QWidget | None) -> None:
        super().__init__("Nyt samtykke", "Udfyld erklæring", lambda fn, done, _e: done(fn()), parent)
        self.case = QComboBox()
        self.case.setEditable(True)
        self.case.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.case.completer()  # an editable combo always has one
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        for case_id, text in sager:
            self.case.addItem(text, case_id)
        self.case.setCurrentIndex(max(self.case.findData(current), 0))
        self.case.setMinimumWidth(380)
        self.fields["case_refs"] = self.case
        self.add_intro(
            "Samtykket hører til en DKE-Sag. Erklæringen udfyldes med sagens person og "
            "koordinator; resten skriver du selv."
        )
        self.form.addRow("&Sag:", self.case)
        self.finish_layout()

    def submit(self) -> None:
        index = self.case.findText(self.case.currentText())
        if index < 0 or not self.case.itemData(index):
            self.show_problem("Vælg en DKE-Sag på listen.", "case_refs")
            return
        self.result_value = self.case.itemData(index)
        self.accept()


class SignDialog(ServiceDialog):
    """Marker som underskrevet: who signed, when, and the scanned paper – or why there is none."""

    def __init__(self, vault: Vault, consent: Consent, runner: Runner, today: date, parent: QWidget | None) -> None:
        super().__init__(f"Marker som underskrevet – {consent.reference}", "Marker som underskrevet", runner, parent)
        self.vault, self.consent, self.today = vault, consent, today
        self.choose_file: Callable[[QWidget | None], Path | None] = choose_scan_file
        self.scan_path: Path | None = None
        self.add_intro("Registrér den underskrevne erklæring. Bagefter kan den ikke ændres; den kan kun tilbagekaldes.")
        self.signed_on = DateLine()
        self.signed_on.setText(date_text(today))
        role = GIVER_ROLES.get(consent.giver_role, consent.giver_role)
        self.giver_signed = QCheckBox(f"{consent.giver_name} ({role}) har skrevet under")
        self.young_signed = QCheckBox(f"{consent.person_name} har også skrevet under")
        self.giver2_signed = QCheckBox(f"{consent.giver2_name} har også skrevet under (fælles forældremyndighed)")
        self.scan_label = QLabel("Ingen fil valgt")
        self.scan_label.setStyleSheet(f"color: {GREY};")
        self.choose_button = QPushButton("Vælg fil…")
        self.choose_button.setToolTip("PDF, PNG eller JPEG af den underskrevne erklæring")
        self.choose_button.clicked.connect(self.pick_file)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.choose_button)
        scan_row.addWidget(self.scan_label, 1)
        self.no_scan_reason = QLineEdit()
        self.no_scan_reason.setPlaceholderText("Fx: Originalen ligger i papirsagen hos Social & Familie")
        self.form.addRow("Underskrevet &dato:", self.signed_on)
        self.form.addRow("Samtykkegiver:", self.giver_signed)
        if consent.has_giver2:
            self.form.addRow("Anden forældremyndigheds&indehaver:", self.giver2_signed)
        if consent.cosign_required:
            self.young_signed.setText(
                f"{consent.person_name} har også skrevet under (påkrævet: den unge var {consent.person_age} år)"
            )
            self.form.addRow("Den unge:", self.young_signed)
        self.form.addRow("Scanning:", scan_row)
        self.form.addRow("Eller &hvorfor ingen:", self.no_scan_reason)
        self.fields = {
            "signed_on": self.signed_on,
            "giver_signed": self.giver_signed,
            "young_person_signed": self.young_signed,
            "giver2_signed": self.giver2_signed,
            "scan": self.choose_button,
        }
        self.finish_layout()
        self.resize(620, self.sizeHint().height())

    def pick_file(self) -> None:
        path = self.choose_file(self)
        if path is not None:
            self.set_scan(path)

    def set_scan(self, path: Path | None) -> None:
        self.scan_path = path
        self.scan_label.setText(path.name if path else "Ingen fil valgt")

    def submit(self) -> None:
        signed_on = self.day(self.signed_on, "signed_on")
        if signed_on is None:
            return
        if not self.giver_signed.isChecked():
            self.show_problem(
                "Samtykkegiver skal have skrevet under, før erklæringen kan registreres som underskrevet.",
                "giver_signed",
            )
            return
        vault, consent, path, today = self.vault, self.consent, self.scan_path, self.today
        if vault is None:
            return
        young, reason = self.young_signed.isChecked(), self.no_scan_reason.text()
        giver2 = consent.has_giver2 and self.giver2_signed.isChecked()

        def sign() -> Consent:
            data = path.read_bytes() if path else None
            return mark_signed(
                vault, consent.id, young, data, reason, giver2_signed=giver2, signed_on=signed_on, today=today
            )

        self.run(sign)


class WithdrawDialog(ServiceDialog):
    """Tilbagekald: when and how the withdrawal was received, a note, and a confirmation."""

    def __init__(
        self, vault: Vault, consent: Consent, runner: Runner, today: date, confirm: Confirm, parent: QWidget | None
    ) -> None:
        super().__init__(f"Tilbagekald samtykke – {consent.reference}", "Tilbagekald…", runner, parent)
        self.vault, self.consent, self.today, self.confirm = vault, consent, today, confirm
        self.add_intro(
            "Et samtykke kan til enhver tid trækkes tilbage. Erklæringen bevares, men kan "
            "kun læses og er ikke længere hjemmel for udveksling af oplysninger."
        )
        self.withdrawn_on = DateLine()
        self.withdrawn_on.setText(date_text(today))
        self.how = QComboBox()
        self.how.addItems(list(WITHDRAWAL_METHODS))
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("Fx: Forælder ringede og trak samtykket tilbage.")
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.form.addRow("&Dato:", self.withdrawn_on)
        self.form.addRow("&Modtaget:", self.how)
        self.form.addRow("&Note:", self.note)
        self.fields = {"withdrawn_on": self.withdrawn_on, "withdrawal_how": self.how}
        self.finish_layout()
        self.resize(560, self.sizeHint().height())

    def submit(self) -> None:
        on = self.day(self.withdrawn_on, "withdrawn_on")
        if on is None:
            return
        text = (
            f"Registrér at samtykke {self.consent.reference} er tilbagekaldt {date_text(on)}? Det kan ikke "
            "fortrydes; der skal et nyt samtykke til for at udveksle oplysninger på grundlag af samtykke."
        )
        if not self.confirm(self, "Tilbagekald samtykke", text, "Tilbagekald"):
            return
        vault, ref, how, note, today = (
            self.vault,
            self.consent.id,
            self.how.currentText(),
            self.note.toPlainText(),
            self.today,
        )
        if vault is None:
            return
        self.run(lambda: withdraw_consent(vault, ref, on, how, note, today=today))


class ScanViewer(QDialog):
    """Vis scanning: PNG/JPEG shown here; a PDF scan is saved where the user chooses (no PDF renderer in Qt
    Essentials). `load(scan_id)` reads the bytes (logged) – the page runs it on the worker."""

    def __init__(
        self, reference: str, scans: list[ScanInfo], runner: Runner, load: Callable[[str], Scan], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Scanning – {reference}")
        self.reference, self.runner, self.load = reference, runner, load
        self.scan: Scan | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.choice = QComboBox()
        for number, info in enumerate(scans, 1):
            kind = info.mime.split("/")[-1].upper()
            self.choice.addItem(
                f"Scanning {number} af {len(scans)} · {kind}, {max(1, info.size // 1024)} kB · "
                f"tilføjet {stamp_text(info.added_at)} af {info.added_by or 'ukendt'}",
                info.id,
            )
        self.choice.currentIndexChanged.connect(lambda _i: self.show_current())
        top.addWidget(self.choice, 1)
        self.save_button = QPushButton("Gem som…")
        self.save_button.clicked.connect(self.save)
        top.addWidget(self.save_button)
        layout.addLayout(top)
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.area = QScrollArea()
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(True)
        layout.addWidget(self.area, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Luk")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        settle_default_button(self, close.button(QDialogButtonBox.StandardButton.Close))
        self.resize(760, 640)

    def show_current(self) -> None:
        scan_id = self.choice.currentData()
        if scan_id:
            self.runner(lambda: self.load(scan_id), self._loaded, lambda e: self.message.show_error(error_text(e)))

    def _loaded(self, scan: Scan) -> None:
        self.scan = scan
        self.message.clear()
        self.image.clear()
        self.area.setVisible(scan.info.mime != "application/pdf")
        if scan.info.mime == "application/pdf":
            self.resize(self.width(), self.minimumSizeHint().height())
            self.message.show_message(
                "Scanningen er en PDF. Den kan ikke vises her (Qt's PDF-modul er ikke "
                "installeret): gem den med Gem som…, og åbn den i din PDF-læser.",
                "hint",
            )
            return
        pixmap = QPixmap()
        if not pixmap.loadFromData(scan.data):
            self.message.show_error("Billedet kan ikke vises.")
            return
        width = self.area.viewport().width() - 4
        if pixmap.width() > width > 0:
            pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(pixmap)

    def save(self) -> None:
        if self.scan is None:
            return
        suffix = {"application/pdf": ".pdf", "image/png": ".png"}.get(self.scan.info.mime, ".jpg")
        path = printing.ask_save_path(self, "Gem scanning", f"{self.reference}-scanning{suffix}")
        if path is not None:
            write_private_atomically(path, self.scan.data)
            self.message.show_message(f"Gemt som {path}.", "info")

    def clear(self) -> None:
        """Forget the scan (the vault is locking)."""
        self.scan = None
        self.image.clear()
        self.choice.clear()
        self.message.clear()

    def shows_data(self) -> bool:
        return self.scan is not None or not self.image.pixmap().isNull()
