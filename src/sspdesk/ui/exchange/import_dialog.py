"""The import flow of a bundle, one dialog that walks through the steps:

read the file → (passphrase, if the bundle has one) → `open_bundle` on the worker: decrypt, verify, validate, with
a progress bar → `import_opened`; when the service answers `UnknownSender` the dialog shows the sender's name and
fingerprint and asks "Stol på denne afsender?" (trust on first use), when it answers `DeviceMoved` (a known
colleague sending from a new device id – a restored vault, or one posing as another) the same panel explains that
and asks "Bekræft kollegaens nye enhed?", when it answers `LargeChange` it asks for a
confirmation (`DeletionsToConfirm`: "Bekræft sletning", listing the cases, meetings and consents the bundle would
delete) – each answer re-runs `import_opened` on the bundle already opened (scrypt runs once) → the report:
Tilføjet / Opdateret / Uændret / Konflikter. Any refusal shows the check that failed with the service's Danish
message and says that the data file is unchanged. Each question is a button of the dialog, so tests drive the flow
exactly as a user does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from sspdesk.bundles import BundleError, LargeChange, UnknownSender, WrongBundlePassphrase
from sspdesk.bundles.guards import DeletionsToConfirm, DeviceMoved
from sspdesk.bundles.importer import ImportReport, OpenedBundle, import_opened, needs_passphrase, open_bundle
from sspdesk.bundles.reading import read_bundle_file
from sspdesk.domain.dates import stamp_text
from sspdesk.domain.record_names import names_text
from sspdesk.ui import theme
from sspdesk.ui.exchange.exchange_dialogs import Runner, WorkDialog
from sspdesk.ui.exchange.exchange_models import CHECK_LABELS, counts_text
from sspdesk.ui.vault.vault_dialogs import error_text, passphrase_edit
from sspdesk.ui.widgets.labels import grey_label, mono_font

TRUST_TITLE = "Stol på denne afsender?"
TRUST_TEXT = (
    "Du har ikke fået pakker fra denne afsender før. Ring til afsenderen og sammenlign fingeraftrykket – det står "
    "under Indstillinger › Denne enhed på afsenderens computer. Stol kun på afsenderen, hvis fingeraftrykkene er ens."
)
REPORT_KEYS = (("added", "Tilføjet"), ("updated", "Opdateret"), ("unchanged", "Uændret"), ("conflicts", "Konflikter"))
CARD_STYLE = "#{name} {{ background: {bg}; border: 1px solid {border}; border-radius: 6px; }}"


def _card(name: str, background: str = "card", border: str = "border") -> tuple[QFrame, QVBoxLayout]:
    """A tinted panel; `background` and `border` are names of theme colours."""
    frame = QFrame()
    frame.setObjectName(name)
    frame.setStyleSheet(CARD_STYLE.format(name=name, bg=theme.colour(background), border=theme.colour(border)))
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.setSpacing(6)
    return frame, layout


def _bold(text: str = "", scale: float = 1.0) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def _deleted_list(listed: list[str], limit: int = 15) -> str:
    """One line per record that would be deleted ('Sag S-2026-0003'), the rest counted."""
    lines = [f"• {item}" for item in listed[:limit]]
    if len(listed) > limit:
        lines.append(f"… og {len(listed) - limit} flere")
    return "\n".join(lines)


class ImportDialog(WorkDialog):
    """Importér pakke: call `start()` after construction (the page does)."""

    imported = Signal(object)  # ImportReport

    def __init__(self, vault, path: Path, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__("Importér pakke", "Importér", runner, parent)
        self.vault, self.path = vault, Path(path)
        self.data: bytes | None = None
        self.opened: OpenedBundle | None = None
        self.report: ImportReport | None = None
        self.stage = "start"  # start, passphrase, trust, large, done, failed
        self.failed_check = ""
        self.trust = self.allow_large = False
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.file_label = _bold(f"Pakke: {self.path.name}", 1.1)
        self.file_label.setToolTip(str(self.path))
        self.bundle_info = grey_label("")
        self.bundle_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.file_label)
        layout.addWidget(self.bundle_info)

        self.passphrase_panel, box = _card("passphrasePanel")
        box.addWidget(
            QLabel("Pakken er krypteret med en adgangskode. Skriv den adgangskode, afsenderen har givet dig.")
        )
        self.passphrase = passphrase_edit("Adgangskode til pakken")
        box.addWidget(self.passphrase)
        layout.addWidget(self.passphrase_panel)

        self.trust_panel, box = _card("trustPanel", "caution", "caution_border")
        self.trust_title = _bold(TRUST_TITLE, 1.15)
        box.addWidget(self.trust_title)
        self.sender_name = _bold()
        self.sender_fingerprint = QLabel()
        font = mono_font(self.sender_fingerprint)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.sender_fingerprint.setFont(font)
        self.sender_fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.sender_name)
        box.addWidget(self.sender_fingerprint)
        self.trust_text = grey_label(TRUST_TEXT)
        box.addWidget(self.trust_text)
        layout.addWidget(self.trust_panel)

        self.large_panel, box = _card("largePanel", "caution", "caution_border")
        self.large_title = _bold("Bekræft en stor ændring", 1.15)
        box.addWidget(self.large_title)
        self.large_label = QLabel()
        self.large_label.setWordWrap(True)
        box.addWidget(self.large_label)
        self.deleted_list = QLabel()  # what a bundle would delete: cases, meetings, consents by number
        self.deleted_list.setWordWrap(True)
        self.deleted_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.deleted_list)
        layout.addWidget(self.large_panel)

        self.report_panel, box = _card("reportPanel")
        numbers = QGridLayout()
        numbers.setHorizontalSpacing(24)
        self.report_values: dict[str, QLabel] = {}
        for column, (key, caption) in enumerate(REPORT_KEYS):
            value = _bold("0", 2.0)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setAccessibleName(caption)
            text = QLabel(caption)
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            numbers.addWidget(value, 0, column)
            numbers.addWidget(text, 1, column)
            self.report_values[caption] = value
            self.report_values[key] = value
        box.addLayout(numbers)
        self.report_text = QLabel()
        self.report_text.setWordWrap(True)
        self.report_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.report_text)
        layout.addWidget(self.report_panel)

        self.failure_panel, box = _card("failurePanel", "danger", "danger_border")
        title = _bold("Importen er afvist", 1.15)
        title.setStyleSheet(f"color: {theme.colour('danger_text')};")
        self.failure_check = _bold()
        self.failure_text = QLabel()
        self.failure_text.setWordWrap(True)
        self.failure_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (title, self.failure_check, self.failure_text):
            box.addWidget(widget)
        box.addWidget(_bold("Datafilen er uændret – intet er importeret."))
        layout.addWidget(self.failure_panel)
        layout.addStretch(1)
        self.finish_layout()
        self.setMinimumWidth(660)
        self._show_panel(None)
        self.ok_button.setEnabled(False)

    # -- stages -----------------------------------------------------------------------------------------------

    def _show_panel(self, panel: QWidget | None, stage: str = "", ok_text: str = "") -> None:
        for widget in (
            self.passphrase_panel,
            self.trust_panel,
            self.large_panel,
            self.report_panel,
            self.failure_panel,
        ):
            widget.setVisible(widget is panel)
        self.content.setEnabled(True)
        if stage:
            self.stage = stage
        if ok_text:
            self.ok_button.setText(ok_text)
            self.ok_button.setEnabled(True)
        self.adjustSize()

    def start(self) -> None:
        path = self.path

        def read() -> tuple[bytes, bool]:
            data = read_bundle_file(path)  # judged by its size on disk before it is read
            return data, needs_passphrase(data)

        self.run(read, self._read, self._fail)

    def _read(self, result: tuple[bytes, bool]) -> None:
        self.data, needs = result
        if needs:
            self._show_panel(self.passphrase_panel, "passphrase", "Åbn")
            self.passphrase.setFocus()
        else:
            self._open(None)

    def _open(self, passphrase: str | None) -> None:
        vault, data, relay = self.vault, self.data or b"", self.relay
        self.run(
            lambda: open_bundle(vault, data, passphrase=passphrase, progress=relay), self._opened, self._open_failed
        )

    def _open_failed(self, error: BaseException) -> None:
        if isinstance(error, WrongBundlePassphrase) and self.stage == "passphrase":
            self.message.show_error(error.message)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self._fail(error)

    def _opened(self, opened: OpenedBundle) -> None:
        self.opened, self.data = opened, None
        self.passphrase.clear()
        manifest = opened.manifest
        sender = manifest.sender.name or "ukendt navn"
        self.bundle_info.setText(
            f"Fra «{sender}» · sendt {stamp_text(manifest.created_at)}\nIndhold: {counts_text(dict(manifest.counts))}"
        )
        self._import()

    def _import(self) -> None:
        vault, opened, relay = self.vault, self.opened, self.relay
        if opened is None:
            return
        trust, large = self.trust, self.allow_large
        self._show_panel(None)
        self.run(
            lambda: import_opened(vault, opened, trust_new_sender=trust, allow_large_change=large, progress=relay),
            self._imported,
            self._import_failed,
        )

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, UnknownSender) and not self.trust:
            self._ask_trust(TRUST_TITLE, f"Afsender: {error.name or 'uden navn'}", error.fingerprint, TRUST_TEXT)
            self._show_panel(self.trust_panel, "trust", "Stol på afsenderen og importér")
            self.cancel_button.setText("Stol ikke på den")
        elif isinstance(error, DeviceMoved) and not self.trust:
            who = f"«{error.peer_name}» sender nu fra enheden {error.new_device} (før: {error.old_device})."
            self._ask_trust("Bekræft kollegaens nye enhed?", who, error.fingerprint, error.explanation)
            self._show_panel(self.trust_panel, "trust", "Bekræft den nye enhed og importér")
            self.cancel_button.setText("Afvis pakken")
        elif isinstance(error, LargeChange) and not self.allow_large:
            deleting = isinstance(error, DeletionsToConfirm)
            self.large_title.setText("Bekræft sletning" if deleting else "Bekræft en stor ændring")
            self.large_label.setText(error.summary if isinstance(error, DeletionsToConfirm) else error.message)
            self.deleted_list.setText(_deleted_list(error.listed) if isinstance(error, DeletionsToConfirm) else "")
            self.deleted_list.setVisible(deleting)
            self._show_panel(self.large_panel, "large", "Slet og importér" if deleting else "Importér alligevel")
            self.cancel_button.setText("Annuller")
        else:
            self._fail(error)

    def _ask_trust(self, title: str, who: str, fingerprint: str, text: str) -> None:
        self.trust_title.setText(title)
        self.sender_name.setText(who)
        self.sender_fingerprint.setText(fingerprint)
        self.trust_text.setText(text)

    def _imported(self, report: ImportReport) -> None:
        self.report, self.opened = report, None
        for key, _caption in REPORT_KEYS:
            self.report_values[key].setText(str(getattr(report, key)))
        colour = theme.colour("warning" if report.conflicts else "text")
        self.report_values["conflicts"].setStyleSheet(f"color: {colour};")
        lines = [f"Fra «{report.sender_name or 'uden navn'}» ({report.sender_fingerprint})."]
        if report.new_peer:
            lines.append("Afsenderen er gemt som kollega, så næste pakke genkendes.")
        if report.conflicts:
            lines.append(
                "Begge versioner er gemt for posterne i konflikt. Løs dem under Konflikter på siden Udveksling."
            )
        if report.deleted:
            lines.append(f"Heraf slettet: {names_text(report.deleted)}.")
        lines += report.events
        lines += [f"Bemærk: {w}" for w in report.warnings]
        if report.backup is not None:
            lines.append("Der blev taget en sikkerhedskopi af datafilen før importen.")
        self.report_text.setText("\n".join(lines))
        self._show_panel(self.report_panel, "done", "Luk")
        self.setWindowTitle("Import gennemført")
        self.cancel_button.hide()
        self.imported.emit(report)

    def _fail(self, error: BaseException) -> None:
        self.opened = self.data = None
        if isinstance(error, BundleError):
            self.failed_check, text = error.check, error.message
        elif isinstance(error, OSError):
            self.failed_check, text = "read", f"Filen kan ikke læses: {error.strerror or error}"
        else:
            self.failed_check, text = "unexpected", error_text(error)
        self.failure_check.setText(f"Kontrol, der fejlede: {CHECK_LABELS.get(self.failed_check, 'Ukendt fejl')}")
        self.failure_text.setText(text)
        self.message.clear()
        self._show_panel(self.failure_panel, "failed", "Luk")
        self.setWindowTitle("Import afvist")
        self.cancel_button.hide()

    # -- buttons ----------------------------------------------------------------------------------------------

    def submit(self) -> None:
        if self.busy:
            return
        if self.stage == "passphrase":
            if not self.passphrase.text():
                self.message.show_error("Skriv adgangskoden til pakken.")
                return
            self._open(self.passphrase.text())
        elif self.stage == "trust":
            self.trust = True
            self._import()
        elif self.stage == "large":
            self.allow_large = True
            self._import()
        elif self.stage in ("done", "failed"):
            self.accept()

    def done(self, result: Any) -> None:
        """Closed – also by a lock: forget the bundle and its content."""
        self.data = self.opened = None
        self.passphrase.clear()
        super().done(result)
