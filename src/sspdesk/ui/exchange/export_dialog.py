"""Eksportér pakke: what (a meeting, cases, everything, changes since), to whom, on which basis, which file.

Every bundle is a disclosure (`sspdesk.bundles.disclosure`): a DKE-Sag goes only on a basis for each recipient – a
consent naming them, or Retsplejelovens § 115 to an SSP partner with the necessity test ticked here. Before writing,
the "Hvad sendes" box shows which cases will be sent with which basis and which are left out and why (the same
`plan_export` the export runs); after the export the message shows the same. A passphrase bundle or a key that is no
colleague's needs the recipient's name, authority and party type.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.bundles import BundleError
from sspdesk.bundles.disclosure import Confirmation, DisclosurePlan
from sspdesk.bundles.export import ExportResult, Selection, export_bundle, plan_export
from sspdesk.bundles.peers import Peer, list_peers
from sspdesk.cases import list_cases
from sspdesk.domain.dates import stamp_text
from sspdesk.domain.disclosure import NECESSITY, NOT_INVESTIGATION, SENSITIVE_TEXT, SENSITIVE_TICK, Recipient
from sspdesk.domain.errors import ServiceError
from sspdesk.meetings import list_meetings
from sspdesk.ui.exchange.exchange_dialogs import (
    BUNDLE_FILTER,
    ChooseSave,
    Runner,
    WorkDialog,
    add_check_item,
    case_text,
    checkable_list,
    checked_data,
    choose_save_path,
    filter_list,
    set_checked,
)
from sspdesk.ui.exchange.exchange_models import counts_text
from sspdesk.ui.exchange.peer_dialog import party_combo
from sspdesk.ui.vault.vault_dialogs import NewPassphraseRows
from sspdesk.ui.widgets.labels import grey_label

NO_SAGER = "Ingen DKE-Sager i pakken – DKE-Journaler kræver ingen hjemmel."
TICKS = (*NECESSITY.items(), (SENSITIVE_TICK, SENSITIVE_TEXT))


# -- export -----------------------------------------------------------------------------------------------


class ExportDialog(WorkDialog):
    """Eksportér pakke: what (a meeting, cases, everything, changes since), to whom, which file."""

    exported = Signal(object)  # ExportResult

    def __init__(self, vault, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__("Eksportér pakke", "Eksportér", runner, parent)
        self.vault = vault
        self.result_value: ExportResult | None = None
        self.choose_save: ChooseSave = choose_save_path
        self.peers: list[Peer] = list_peers(vault)
        body = QVBoxLayout(self.content)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addWidget(self._what_box(), 1)
        columns.addWidget(self._to_box(), 1)
        body.addLayout(columns, 3)
        body.addWidget(self._basis_box(), 2)
        body.addWidget(self._file_box())
        self.finish_layout()
        self.plan_timer = QTimer(self)
        self.plan_timer.setSingleShot(True)
        self.plan_timer.setInterval(250)
        self.plan_timer.timeout.connect(self.refresh_plan)
        for radio in (*self.what.buttons(), *self.to.buttons()):
            radio.toggled.connect(self._update_enabled)
            radio.toggled.connect(self.plan_timer.start)
        for item_list in (self.case_list, self.peer_list):
            item_list.itemChanged.connect(self.plan_timer.start)
        for combo in (self.meeting_combo, self.since_combo, self.recipient_party):
            combo.currentIndexChanged.connect(self.plan_timer.start)
        for edit in (self.extra_keys, self.recipient_name, self.recipient_authority):
            edit.textChanged.connect(self.plan_timer.start)
        for box in self.ticks.values():
            box.toggled.connect(self.plan_timer.start)
        self._update_enabled()
        self.refresh_plan()
        self.resize(1040, 860)

    def _what_box(self) -> QGroupBox:
        box = QGroupBox("Hvad skal sendes?")
        grid = QGridLayout(box)
        self.what = QButtonGroup(self)
        self.what_cases = QRadioButton("&Udvalgte sager")
        self.what_meeting = QRadioButton("Et &møde")
        self.what_all = QRadioButton("&Alt i datafilen")
        self.what_since = QRadioButton("Ændringer &siden sidste udveksling med")
        self.case_filter = QLineEdit()
        self.case_filter.setPlaceholderText("Filtrér på nummer eller emne")
        self.case_filter.setClearButtonEnabled(True)
        self.case_list = checkable_list("Sager")
        for row in list_cases(self.vault):
            add_check_item(self.case_list, case_text(row), row.id)
        self.case_filter.textChanged.connect(lambda text: filter_list(self.case_list, text))
        self.meeting_combo = QComboBox()
        for meeting in list_meetings(self.vault):
            self.meeting_combo.addItem(
                f"{meeting.number} · {meeting.forum} · {stamp_text(meeting.starts_at)}", meeting.id
            )
        if not self.meeting_combo.count():
            self.meeting_combo.setPlaceholderText("Ingen møder")
        self.since_combo = QComboBox()
        for peer in self.peers:
            self.since_combo.addItem(peer.name, peer.id)
        self.since_combo.currentIndexChanged.connect(self._since_peer_changed)
        widgets = (
            (self.what_cases, None),
            (None, self.case_filter),
            (None, self.case_list),
            (self.what_meeting, self.meeting_combo),
            (self.what_all, None),
            (self.what_since, self.since_combo),
        )
        for line, (radio, widget) in enumerate(widgets):
            if radio is not None:
                self.what.addButton(radio)
                grid.addWidget(radio, line, 0, 1, 2 if widget is None or widget is self.case_filter else 1)
            if widget is not None:
                grid.addWidget(widget, line, 0 if radio is None else 1, 1, 2 if radio is None else 1)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(1, 1)
        self.what_cases.setChecked(True)
        self.what_meeting.setEnabled(self.meeting_combo.count() > 0)
        self.what_since.setEnabled(self.since_combo.count() > 0)
        return box

    def _to_box(self) -> QGroupBox:
        box = QGroupBox("Til hvem?")
        layout = QVBoxLayout(box)
        self.to = QButtonGroup(self)
        self.to_peers = QRadioButton("&Kryptér til kollegaen – kun de valgte kolleger kan åbne pakken")
        self.to_passphrase = QRadioButton("Kryptér med en a&dgangskode, som du giver modtageren")
        self.peer_list = checkable_list("Kolleger")
        self.peer_list.setMaximumHeight(130)
        for peer in self.peers:
            enabled = bool(peer.recipient)
            tip = (
                peer.recipient
                if enabled
                else "Du har ikke kollegaens nøgle endnu – importér en pakke fra kollegaen, "
                "eller tilføj kollegaen under Udveksling."
            )
            add_check_item(
                self.peer_list, f"{peer.name}  ({peer.fingerprint[:14]}…)", peer.recipient, enabled=enabled, tip=tip
            )
        self.extra_keys = QLineEdit()
        self.extra_keys.setPlaceholderText("Andre modtagere: indsæt deres offentlige nøgle (begynder med age1…)")
        self.extra_keys.setAccessibleName("Andre modtageres offentlige nøgler")
        self.passphrase_host = QWidget()
        form = QFormLayout(self.passphrase_host)
        form.setContentsMargins(22, 0, 0, 0)
        self.passphrase_rows = NewPassphraseRows(form, "Adgangskode:", "Gentag:")
        self.passphrase_rows.passphrase.setMinimumWidth(220)
        self.passphrase_rows.repeated.setMinimumWidth(220)
        for edit in (self.passphrase_rows.passphrase, self.passphrase_rows.repeated):
            edit.textChanged.connect(self.passphrase_rows.ready)
        for radio in (self.to_peers, self.to_passphrase):
            self.to.addButton(radio)
        layout.addWidget(self.to_peers)
        layout.addWidget(self.peer_list)
        layout.addWidget(self.extra_keys)
        layout.addWidget(self.to_passphrase)
        layout.addWidget(self.passphrase_host)
        layout.addWidget(
            grey_label(
                "Pakken krypteres enten til kollegerne eller med en adgangskode – ikke begge. Giv "
                "adgangskoden videre ad en anden vej end pakken (fx pr. telefon)."
            )
        )
        (self.to_peers if any(p.recipient for p in self.peers) else self.to_passphrase).setChecked(True)
        return box

    def _basis_box(self) -> QGroupBox:
        """Hjemmel: the recipient of a passphrase bundle, the necessity test for § 115, and what will be sent."""
        box = QGroupBox("Hjemmel for DKE-Sager")
        row = QHBoxLayout(box)
        row.setSpacing(14)
        left = QVBoxLayout()
        who = QFormLayout()
        who.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.recipient_name = QLineEdit()
        self.recipient_authority = QLineEdit()
        self.recipient_party = party_combo(self.vault)
        self.recipient_host = QWidget()
        who.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            ("Modtagers &navn:", self.recipient_name),
            ("Myndighed:", self.recipient_authority),
            ("Type:", self.recipient_party),
        ):
            who.addRow(label, widget)
        self.recipient_host.setLayout(who)
        left.addWidget(grey_label("Hvem modtager pakken, når den har en adgangskode eller går til en anden modtager:"))
        left.addWidget(self.recipient_host)
        left.addWidget(grey_label("Retsplejelovens § 115 (kun til SSP-partnere) – jeg bekræfter, at:"))
        self.ticks: dict[str, QCheckBox] = {}
        for key, text in (*TICKS, (NOT_INVESTIGATION.key, NOT_INVESTIGATION.text)):
            box_ = QCheckBox(text)
            box_.setToolTip(text)
            self.ticks[key] = box_
            left.addWidget(box_)
        left.addStretch(1)
        row.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(grey_label("Hvad sendes – og hvad udelades uden hjemmel:"))
        self.plan_view = QPlainTextEdit()
        self.plan_view.setReadOnly(True)
        self.plan_view.setAccessibleName("Hvad sendes")
        self.plan_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        right.addWidget(self.plan_view, 1)
        row.addLayout(right, 1)
        return box

    def confirmation(self) -> Confirmation:
        ticked = [key for key, box in self.ticks.items() if box.isChecked()]
        return Confirmation(
            tuple(k for k in ticked if k != NOT_INVESTIGATION.key),
            tuple(k for k in ticked if k == NOT_INVESTIGATION.key),
        )

    def recipient_record(self) -> Recipient | None:
        parts = (self.recipient_name.text(), self.recipient_authority.text(), str(self.recipient_party.currentData()))
        cleaned = [" ".join(p.split()) for p in parts]
        return Recipient(*cleaned) if any(cleaned) else None

    def _plan_inputs(self) -> dict[str, object]:
        passphrase = "…" if self.to_passphrase.isChecked() else None  # only whether: the plan encrypts nothing
        return {
            "recipients": self.recipients(),
            "passphrase": passphrase,
            "recipient": self.recipient_record(),
            "confirmation": self.confirmation(),
        }

    def refresh_plan(self) -> None:
        """Show what the export would send with these choices (quick vault reads on the GUI thread)."""
        if self.busy or self.finished_ok:
            return
        self.plan: DisclosurePlan | None = None
        if self.what_cases.isChecked() and not checked_data(self.case_list):
            self.plan_view.setPlainText("Vælg de sager, der skal sendes.")
            return
        try:
            self.plan = plan_export(self.vault, self.selection(), **self._plan_inputs())  # type: ignore[arg-type]
        except (BundleError, ServiceError) as error:
            self.plan_view.setPlainText(error.message)
            return
        self.plan_view.setPlainText(plan_text(self.plan))

    def _file_box(self) -> QGroupBox:
        box = QGroupBox("Gem pakken som")
        row = QHBoxLayout(box)
        self.path_edit = QLineEdit(str(Path.home() / f"udveksling-{date.today():%Y-%m-%d}.sspbundle"))
        self.path_edit.setAccessibleName("Pakkefil")
        browse = QPushButton("&Vælg…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        return box

    def _browse(self) -> None:
        chosen = self.choose_save(self, "Gem pakken", self.path_edit.text(), BUNDLE_FILTER)
        if chosen is not None:
            self.path_edit.setText(str(chosen))

    def _update_enabled(self) -> None:
        self.case_filter.setEnabled(self.what_cases.isChecked())
        self.case_list.setEnabled(self.what_cases.isChecked())
        self.meeting_combo.setEnabled(self.what_meeting.isChecked())
        self.since_combo.setEnabled(self.what_since.isChecked())
        self.peer_list.setEnabled(self.to_peers.isChecked())
        self.extra_keys.setEnabled(self.to_peers.isChecked())
        self.passphrase_host.setEnabled(self.to_passphrase.isChecked())
        unknown = self.to_passphrase.isChecked() or bool(self.extra_keys.text().strip())
        self.recipient_host.setEnabled(unknown)
        if self.what_since.isChecked():
            self._since_peer_changed()

    def _since_peer_changed(self) -> None:
        """Changes since the last exchange with a colleague go to that colleague."""
        peer = next((p for p in self.peers if p.id == self.since_combo.currentData()), None)
        if self.what_since.isChecked() and peer is not None and peer.recipient:
            self.to_peers.setChecked(True)
            set_checked(self.peer_list, [*checked_data(self.peer_list), peer.recipient])

    def selection(self) -> Selection:
        if self.what_meeting.isChecked():
            return Selection(meeting_ref=self.meeting_combo.currentData())
        if self.what_all.isChecked():
            return Selection(all_records=True)
        if self.what_since.isChecked():
            return Selection(since_peer=self.since_combo.currentData())
        return Selection(case_refs=tuple(checked_data(self.case_list)))

    def recipients(self) -> list[str]:
        return [*checked_data(self.peer_list), *self.extra_keys.text().split()] if self.to_peers.isChecked() else []

    def _problem(self) -> str:
        if self.what_cases.isChecked() and not checked_data(self.case_list):
            return "Vælg mindst én sag."
        if self.to_peers.isChecked() and not self.recipients() and not self.what_since.isChecked():
            return "Vælg mindst én kollega – eller kryptér med en adgangskode."
        if self.to_passphrase.isChecked() and not self.passphrase_rows.ready():
            return "Adgangskoden skal være stærk nok og skrevet ens to gange."
        if not self.path_edit.text().strip():
            return "Vælg hvor pakken skal gemmes."
        return ""

    def submit(self) -> None:
        if self.finished_ok:
            self.accept()
            return
        problem = self._problem()
        if problem:
            self.message.show_error(problem)
            return
        out = Path(self.path_edit.text().strip()).expanduser()
        if out.suffix != ".sspbundle":
            out = out.with_name(out.name + ".sspbundle")
            self.path_edit.setText(str(out))
        vault, selection, recipients, relay = self.vault, self.selection(), self.recipients(), self.relay
        passphrase = self.passphrase_rows.passphrase.text() if self.to_passphrase.isChecked() else None
        recipient, confirmation = self.recipient_record(), self.confirmation()
        self.run(
            lambda: export_bundle(
                vault,
                out,
                selection,
                recipients=recipients,
                passphrase=passphrase,
                recipient=recipient,
                confirmation=confirmation,
                progress=relay,
            ),
            self._done,
            self.show_failure,
        )

    def _done(self, result: ExportResult) -> None:
        self.result_value = result
        for edit in (self.passphrase_rows.passphrase, self.passphrase_rows.repeated):
            edit.clear()
        names = {p.recipient: p.name for p in self.peers if p.recipient}
        if result.recipients == ["passphrase"]:
            to = "Krypteret med adgangskode. Giv modtageren adgangskoden ad en anden vej end pakken."
        else:
            to = "Krypteret til: " + ", ".join(names.get(r, r[:12] + "…") for r in result.recipients)
        sent, left = len(result.plan.sent), len(result.plan.left_out)
        disclosed = f"DKE-Sager sendt: {sent}" + (f" · udeladt uden hjemmel: {left} (se listen)" if left else "")
        self.show_finished(f"Pakken er gemt: {result.path}\nIndhold: {counts_text(result.counts)}\n{disclosed}\n{to}")
        self.plan_view.setPlainText(plan_text(result.plan))
        self.exported.emit(result)


def plan_text(plan: DisclosurePlan) -> str:
    """The cases sent with their basis and the cases left out with why, one per line."""
    return plan.summary() or NO_SAGER
