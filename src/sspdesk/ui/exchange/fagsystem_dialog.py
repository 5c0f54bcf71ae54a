"""Til fagsystem: hand chosen cases to the municipal case system (`sspdesk.fagsystem.fagsystem_export`).

A simple multi-select list of open and closed cases; a DKE-Sag without a consent in force today needs a statutory
basis (`sspdesk.legal_basis.STATUTORY_BASES`, a combo). Without the `fagsystem_recipient` setting the dialog says
so and offers to open Indstillinger. The export runs through the page's runner with a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.cases import list_cases
from sspdesk.domain.disclosure import NECESSITY, SENSITIVE_TEXT, SENSITIVE_TICK, find_statutory
from sspdesk.fagsystem import FagsystemError, FagsystemResult, fagsystem_export, recipient
from sspdesk.legal_basis import STATUTORY_BASES, legal_basis_for
from sspdesk.ui.exchange.exchange_dialogs import (
    ChooseSave,
    Runner,
    WorkDialog,
    add_check_item,
    case_text,
    checkable_list,
    checked_data,
    choose_save_path,
    filter_list,
)
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.message_bar import MessageBar

FAGSYSTEM_FILTER = "Krypteret fil til fagsystemet (*.age)"


class FagsystemDialog(WorkDialog):
    """Til fagsystem: chosen cases as PDF + JSON, encrypted to the fagsystem's key; a legal basis for a sag
    without a valid consent."""

    exported = Signal(object)  # FagsystemResult

    def __init__(
        self,
        vault,
        runner: Runner,
        parent: QWidget | None = None,
        *,
        open_settings: Callable[[], None] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__("Til fagsystem", "Overdrag til fagsystem", runner, parent)
        self.vault, self.today, self.open_settings = vault, today, open_settings
        self.result_value: FagsystemResult | None = None
        self.choose_save: ChooseSave = choose_save_path
        self._bases: dict[str, str | None] = {}  # case id → label of its consent in force, or None
        self._rows = {r.id: r for r in list_cases(vault) if r.status in ("open", "closed")}
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            grey_label(
                "Overdrag sager til kommunens fagsystem til journalisering: skemaet som PDF og "
                "sagens data som JSON, krypteret til fagsystemets nøgle. Overdragelsen noteres "
                "på sagen."
            )
        )
        self.key_bar = MessageBar()
        self.settings_button = QPushButton("Åbn &Indstillinger")
        self.settings_button.clicked.connect(self._open_settings)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_bar, 1)
        key_row.addWidget(self.settings_button)
        layout.addLayout(key_row)
        self.case_filter = QLineEdit()
        self.case_filter.setPlaceholderText("Filtrér på nummer eller emne")
        self.case_filter.setClearButtonEnabled(True)
        self.case_list = checkable_list("Sager")
        for row in self._rows.values():
            add_check_item(self.case_list, case_text(row), row.id)
        self.case_filter.textChanged.connect(lambda text: filter_list(self.case_list, text))
        self.case_list.itemChanged.connect(self._update_basis)
        layout.addWidget(self.case_filter)
        layout.addWidget(self.case_list, 1)
        self.basis_note = QLabel()
        self.basis_note.setWordWrap(True)
        self.basis_combo = QComboBox()
        self.basis_combo.setAccessibleName("Hjemmel")
        self.basis_combo.addItem("Vælg hjemmel …", "")
        for basis in STATUTORY_BASES:
            self.basis_combo.addItem(basis, basis)
        self.ticks_host = QWidget()
        self.ticks_layout = QVBoxLayout(self.ticks_host)
        self.ticks_layout.setContentsMargins(0, 0, 0, 0)
        self.ticks: dict[str, QCheckBox] = {}
        self.basis_combo.currentIndexChanged.connect(self._update_ticks)
        form = QFormLayout()
        form.addRow(self.basis_note)
        form.addRow("&Hjemmel:", self.basis_combo)
        form.addRow("Jeg bekræfter:", self.ticks_host)
        self.path_edit = QLineEdit(str(Path.home() / f"til-fagsystem-{date.today():%Y-%m-%d}.zip.age"))
        self.path_edit.setAccessibleName("Fil til fagsystemet")
        browse = QPushButton("&Vælg…")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        file_label = QLabel("&Fil:")
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, file_row)
        self.basis_form = form
        layout.addLayout(form)
        self.finish_layout()
        self._check_key()
        self._update_basis()
        self.resize(820, 600)

    def _check_key(self) -> None:
        try:
            recipient(self.vault)
        except FagsystemError as exc:
            self.key_bar.show_message(exc.message, "notice")
            self.settings_button.setVisible(self.open_settings is not None)
            self.ok_button.setEnabled(False)
            return
        self.key_bar.clear()
        self.settings_button.hide()

    def _open_settings(self) -> None:
        self.reject()
        if self.open_settings is not None:
            self.open_settings()

    def _browse(self) -> None:
        chosen = self.choose_save(self, "Gem filen til fagsystemet", self.path_edit.text(), FAGSYSTEM_FILTER)
        if chosen is not None:
            self.path_edit.setText(str(chosen))

    def without_consent(self) -> list[str]:
        """Numbers of the chosen sager that have no consent in force today."""
        missing = []
        for case_id in checked_data(self.case_list):
            row = self._rows[case_id]
            if row.kind != "sag":
                continue
            if case_id not in self._bases:
                found = legal_basis_for(self.vault, case_id, self.today())
                self._bases[case_id] = found.label if found else None
            if self._bases[case_id] is None:
                missing.append(row.number)
        return missing

    def _update_basis(self) -> None:
        missing = self.without_consent()
        on_consent = [
            f"{self._rows[c].number}: {self._bases[c]}" for c in checked_data(self.case_list) if self._bases.get(c)
        ]
        lines = []
        if missing:
            lines.append(
                f"Intet gyldigt samtykke i dag for {', '.join(missing)}. Vælg den hjemmel, overdragelsen sker efter."
            )
        if on_consent:
            lines.append("Sker på samtykke – " + "; ".join(on_consent))
        self.basis_note.setText("\n".join(lines))
        self.basis_form.setRowVisible(self.basis_note, bool(lines))
        self.basis_form.setRowVisible(self.basis_combo, bool(missing))
        self._needs_basis = bool(missing)
        self._update_ticks()

    def _update_ticks(self) -> None:
        """The necessity test and the chosen statutory basis' own conditions, to tick (legal_basis checks them)."""
        for box in self.ticks.values():
            box.deleteLater()
        self.ticks = {}
        found = find_statutory(str(self.basis_combo.currentData() or ""))
        if found is not None:
            conditions = ((c.key, c.text) for c in found.conditions)
            for key, text in (*NECESSITY.items(), (SENSITIVE_TICK, SENSITIVE_TEXT), *conditions):
                box = QCheckBox(text)
                self.ticks[key] = box
                self.ticks_layout.addWidget(box)
        self.basis_form.setRowVisible(self.ticks_host, bool(self.ticks) and getattr(self, "_needs_basis", False))

    def necessity(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(necessity ticks, confirmed conditions) as ticked."""
        ticked = [k for k, box in self.ticks.items() if box.isChecked()]
        ticks = (*NECESSITY, SENSITIVE_TICK)
        return tuple(k for k in ticked if k in ticks), tuple(k for k in ticked if k not in ticks)

    def submit(self) -> None:
        if self.finished_ok:
            self.accept()
            return
        ids = checked_data(self.case_list)
        basis = self.basis_combo.currentData() if self.without_consent() else ""
        if not ids:
            self.message.show_error("Vælg mindst én sag.")
            return
        if self.without_consent() and not basis:
            self.message.show_error("Vælg hjemmel for de sager, der ikke har et gyldigt samtykke.")
            self.basis_combo.setFocus()
            return
        if not self.path_edit.text().strip():
            self.message.show_error("Vælg hvor filen skal gemmes.")
            return
        vault, out, relay = self.vault, Path(self.path_edit.text().strip()).expanduser(), self.relay
        necessity, conditions = self.necessity()
        self.run(
            lambda: fagsystem_export(
                vault, ids, out, basis=basis, necessity=necessity, conditions=conditions, progress=relay
            ),
            self._done,
            self.show_failure,
        )

    def _done(self, result: FagsystemResult) -> None:
        self.result_value = result
        self.show_finished(
            f"Filen til fagsystemet er gemt: {result.path}\nSager: {', '.join(result.numbers)}\n"
            "Overdragelsen er noteret på sagerne (journalisering)."
        )
        self.exported.emit(result)
