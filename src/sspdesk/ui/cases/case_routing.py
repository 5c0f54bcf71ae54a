"""The Indkaldelse box of the case editor: the radicalisation flag and where it routes the case, who must be called
to the case's forum before the meeting exists, and (a DKE-Sag) the DKE leader's attestation with its frame.

Seed 000 l.532–533: radicalisation cases are always brought before the DKE leader; l.249–250: Familieafsnittet is
called for under-18s; l.263–265: from 16–18+ other professionals; l.194–196: the leader's fortsættelsespåtegnelse sets
the frame of the case. The services are `sspdesk.routing` and `sspdesk.attestation`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.attestation import Attestation, attestation_of, record_attestation
from sspdesk.cases import active_profile
from sspdesk.domain.cases import Case
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import Invalid
from sspdesk.routing import LEADER_NAME_SETTING, invitations_for, leader_route, set_radicalisation
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.widgets.form_dialog import FormDialog
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.qdates import to_date

FLAG_TEXT = "Bekymring for voldelig ideologisk radikalisering"
NO_ATTESTATION = "Ingen godkendelse og fortsættelsespåtegnelse registreret."


def attestation_text(found: Attestation | None, parties: dict[str, str], kinds: dict[str, str]) -> str:
    """'Påtegnelse 03.12.2026 af Lene Opdigtet – udveksling med: Skole; oplysninger: Skole; til 01.03.2027; …'."""
    if found is None:
        return NO_ATTESTATION
    parts = [
        f"udveksling med: {', '.join(parties.get(k, k) for k in found.recipients)}" if found.recipients else "",
        f"oplysninger: {', '.join(kinds.get(k, k) for k in found.categories)}" if found.categories else "",
        f"gælder til {date_text(found.valid_until)}" if found.valid_until else "",
        found.conditions,
    ]
    when = f" {date_text(found.given_on)}" if found.given_on else ""
    frame = "; ".join(filter(None, parts)) or "ingen rammer angivet"
    return f"Påtegnelse{when} af {found.given_by or 'ukendt'} – {frame}"


class CaseRouting(QGroupBox):
    """The flag, the route, the invitations and the attestation of one case."""

    changed = Signal()  # the flag changed (the list and Overblik may show it)
    attested = Signal()  # the attestation was recorded: the Sagsforløb tab must be re-read

    def __init__(
        self,
        vault: Vault,
        case: Case,
        today: Callable[[], date],
        open_dialog: Callable[[FormDialog], None],
        may_edit: Callable[[], bool] = lambda: True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Indkaldelse og påtegnelse", parent)
        self.vault, self.case, self.today = vault, case, today
        self.open_dialog, self.may_edit = open_dialog, may_edit
        column = QVBoxLayout(self)
        column.setSpacing(6)
        self.flag = QCheckBox(FLAG_TEXT)
        self.flag.setAccessibleName(FLAG_TEXT)
        self.flag.setToolTip("Sager vedr. voldelig ideologisk radikalisering indbringes altid for DKE leder")
        self.flag.setChecked(case.radicalisation)
        self.flag.setEnabled(case.is_open)
        self.flag.toggled.connect(self._flag_toggled)
        column.addWidget(self.flag)
        self.route_label = QLabel()
        self.route_label.setWordWrap(True)
        self.route_label.setStyleSheet(f"color: {theme.colour('warning')}; font-weight: bold;")
        column.addWidget(self.route_label)
        self.invite_label = QLabel()
        self.invite_label.setWordWrap(True)
        self.invite_label.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.invite_label)
        self.attestation_label = grey_label()
        self.attestation_button = QPushButton("Påtegnelse…")
        self.attestation_button.setToolTip("Registrér DKE-lederens godkendelse og fortsættelsespåtegnelse")
        self.attestation_button.clicked.connect(self.open_attestation)
        row = QHBoxLayout()
        row.addWidget(self.attestation_label, 1)
        row.addWidget(self.attestation_button, 0, Qt.AlignmentFlag.AlignTop)
        self.attestation_row = QWidget()
        self.attestation_row.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.attestation_row)
        self.attestation_row.setVisible(case.is_sag)
        self.attestation_button.setEnabled(case.is_open)
        self.reload()

    def reload(self) -> None:
        route = leader_route(self.vault, self.case)
        self.route_label.setText(route.text if route else "")
        self.route_label.setVisible(route is not None)
        lines = []
        if self.case.is_open:
            called = invitations_for(self.vault, self.case, self.today())
            if called.required:
                lines.append(f"Skal indkaldes til {called.forum}: {', '.join(called.required)}.")
            if called.proposed:
                pairs = zip(called.proposed, called.notes, strict=True)
                offered = [f"{role} ({note})" if note else role for role, note in pairs]
                lines.append(f"Overvej også: {', '.join(offered)}.")
        self.invite_label.setText("\n".join(lines))
        self.invite_label.setVisible(bool(lines))
        if self.case.is_sag:
            profile = active_profile(self.vault)
            parties = {p.key: p.label for p in profile.parties()}
            kinds = {c.key: c.label for c in profile.categories()}
            self.attestation_label.setText(attestation_text(attestation_of(self.vault, self.case.id), parties, kinds))

    def _flag_toggled(self, on: bool) -> None:
        try:
            self.case = set_radicalisation(self.vault, self.case.id, on).case
        except Invalid:
            self.flag.blockSignals(True)
            self.flag.setChecked(self.case.radicalisation)
            self.flag.blockSignals(False)
            return
        self.reload()
        self.changed.emit()

    def open_attestation(self) -> AttestationDialog | None:
        if not self.may_edit():
            return None
        dialog = AttestationDialog(self.vault, self.case, self.today, self)
        dialog.accepted.connect(self.attested.emit)
        self.open_dialog(dialog)
        return dialog


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setMaximumWidth(150)
    edit.setAccessibleName(name)
    return edit


def _ticks(items: dict[str, str], ticked: tuple[str, ...], name: str) -> QListWidget:
    box = QListWidget()
    box.setAccessibleName(name)
    for key, label in items.items():
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if key in ticked else Qt.CheckState.Unchecked)
        box.addItem(item)
    box.setFixedHeight(box.sizeHintForRow(0) * len(items) + 2 * box.frameWidth() + 4)  # every row, no scrolling
    return box


def _titled(title: str, box: QListWidget) -> QWidget:
    label = QLabel(title)
    label.setBuddy(box)
    column = QVBoxLayout()
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(label)
    column.addWidget(box)
    column.addStretch(1)  # the shorter list stays under its title, not centred beside the longer one
    holder = QWidget()
    holder.setLayout(column)
    return holder


def _ticked(box: QListWidget) -> tuple[str, ...]:
    return tuple(
        str(box.item(n).data(Qt.ItemDataRole.UserRole))
        for n in range(box.count())
        if box.item(n).checkState() == Qt.CheckState.Checked
    )


class AttestationDialog(FormDialog):
    """Påtegnelse: who gave it and when, the recipient types and categories it covers, until when, its conditions."""

    def __init__(self, vault: Vault, case: Case, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(f"Godkendelse og fortsættelsespåtegnelse – {case.number}", "Registrér", parent)
        self.vault, self.case = vault, case
        self.setMinimumWidth(560)
        self.layout_.insertWidget(
            0,
            grey_label(
                "Fortsættelsespåtegnelsen sætter rammer for, under hvilke forudsætninger sagen igangsættes. "
                "En udveksling uden for rammerne giver en advarsel. Intet flueben: ingen begrænsning af den slags."
            ),
        )
        old = attestation_of(vault, case.id)
        profile = active_profile(vault)
        leader = str(vault.setting(LEADER_NAME_SETTING) or "")
        self.given_by = QLineEdit(old.given_by if old else leader)
        self.given_by.setAccessibleName("Givet af")
        self.given_by.setPlaceholderText(profile.leader_role)
        self.given_on = _date_edit((old.given_on if old and old.given_on else None) or today(), "Dato for påtegnelsen")
        parties = {p.key: p.label for p in profile.parties()}
        kinds = {c.key: c.label for c in profile.categories()}
        self.recipients = _ticks(parties, old.recipients if old else (), "Udveksling med")
        self.categories = _ticks(kinds, old.categories if old else (), "Oplysninger")
        self.limited = QCheckBox("Gælder til")
        self.limited.setChecked(bool(old and old.valid_until))
        self.until = _date_edit((old.valid_until if old and old.valid_until else None) or today(), "Gælder til")
        self.until.setEnabled(self.limited.isChecked())
        self.limited.toggled.connect(self.until.setEnabled)
        until_row = QHBoxLayout()
        until_row.setContentsMargins(0, 0, 0, 0)
        until_row.addWidget(self.limited)
        until_row.addWidget(self.until)
        until_row.addStretch(1)
        until_box = QWidget()
        until_box.setLayout(until_row)
        self.conditions = QPlainTextEdit(old.conditions if old else "")
        self.conditions.setAccessibleName("Vilkår")
        self.conditions.setTabChangesFocus(True)
        self.conditions.setMaximumHeight(70)
        self.form.addRow("Givet &af:", self.given_by)
        self.form.addRow("&Dato:", self.given_on)
        lists = QHBoxLayout()
        lists.setContentsMargins(0, 0, 0, 0)
        lists.addWidget(_titled("Udveksling &med:", self.recipients))
        lists.addWidget(_titled("&Oplysninger:", self.categories))
        lists_box = QWidget()
        lists_box.setLayout(lists)
        self.form.addRow("Gælder:", lists_box)
        self.form.addRow("Periode:", until_box)
        self.form.addRow("&Vilkår:", self.conditions)
        self.field_widgets.update(
            {
                "given_by": self.given_by,
                "recipients": self.recipients,
                "categories": self.categories,
                "valid_until": self.until,
            }
        )
        self.finish_layout()
        self.given_by.setFocus()

    def attestation(self) -> Attestation:
        return Attestation(
            self.given_by.text(),
            to_date(self.given_on.date()),
            _ticked(self.recipients),
            _ticked(self.categories),
            to_date(self.until.date()) if self.limited.isChecked() else None,
            self.conditions.toPlainText(),
        )

    def _submit(self) -> None:
        self.run(lambda: record_attestation(self.vault, self.case.id, self.attestation()))
