"""Handleplan…: the kriminalpræventiv handleplan of a DKE-Sag (seed 000 l.276–279, 314–318, 502–508, 602–606).

One window: the initiatives and handlepligter in a table (hvad, hvem handler, type, frist, status) with a small form
under it, then the plan's texts – indsatsforløb, a short- and a long-term plan for the young person and for the
whole family, socialpædagogiske foranstaltninger and efterværn. "Gem som midlertidig" and "Gør endelig" each save a
new version (the old ones stay in Historik); the service refuses a final plan without efterværn and says why.
"Markér udført" marks an initiative's disposition done at once – its status lives there, not in the plan. The
window only calls `sspdesk.action_plans`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sspdesk import action_plans
from sspdesk.cases import section_history
from sspdesk.domain import action_plan as plan_model
from sspdesk.domain.action_plan import INITIATIVE_STATUS_LABELS, TEXT_HINTS, TEXT_LABELS, ActionPlan, Initiative
from sspdesk.domain.dates import date_text, stamp_text
from sspdesk.domain.errors import Invalid
from sspdesk.domain.forms import Field
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.cases.case_dialogs import HistoryDialog
from sspdesk.ui.widgets import printing
from sspdesk.ui.widgets.confirm import ask_confirmation
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.fields import DateLine, GrowingText, select_span
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.list_parts import list_table
from sspdesk.ui.widgets.message_bar import MessageBar
from sspdesk.ui.widgets.status_marks import overdue_mark

COL_WHAT, COL_RESPONSIBLE, COL_PARTY, COL_DUE, COL_STATUS = range(5)
HEADERS = ("Initiativ", "Hvem handler", "Type", "Frist", "Status")
AFTERCARE_NOTE = (
    "Inden opstart af enhver indsats medregnes et efterværnsforløb, hvor den unge understøttes i at stabilisere sin "
    "tilværelse, indlejre nye vaner og har let og uhindret adgang til fagpersonerne. Planen kan ikke gøres endelig "
    "uden."
)
INITIATIVES_NOTE = (
    "Hvad der skal gøres, hvem der handler, og hvornår. Hvert initiativ følges op på næste møde i sagens mødeforum, "
    "til det er udført."
)
Index = QModelIndex | QPersistentModelIndex
Confirm = Callable[[str, str], bool]


class InitiativeTableModel(QAbstractTableModel):
    """The plan's initiatives as rows; new ones (not yet saved) have no id and show "Ny" as their status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Initiative] = []
        self.party_labels: dict[str, str] = {}
        self.today: Callable[[], date] = date.today

    def set_rows(self, rows: Sequence[Initiative]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def _text(self, row: Initiative, column: int) -> str:
        if column == COL_WHAT:
            return row.what
        if column == COL_RESPONSIBLE:
            return row.responsible
        if column == COL_PARTY:
            return self.party_labels.get(row.party_type, row.party_type)
        if column == COL_DUE:
            return date_text(row.due) if row.due else ""
        if not row.id:
            return "Ny (ikke gemt)"
        status = INITIATIVE_STATUS_LABELS.get(row.status, row.status)
        return f"{status} {date_text(row.done_on)}" if row.is_done and row.done_on else status

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column())
        late = not row.is_done and bool(row.due) and row.due < self.today().isoformat()
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == COL_DUE and late:
            return theme.qcolour("error")
        if index.column() == COL_DUE and late:  # not the colour alone: an icon and the word
            return overdue_mark(role, self._text(row, COL_DUE))
        return None


class HandleplanEditor(QDialog):
    """The plan of one sag; `saved(case_id)` tells the case editor to re-read its deadlines."""

    saved = Signal(str)

    def __init__(
        self, vault: Vault, case_id: str, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self.vault, self.today = vault, today
        self.case = action_plans.plan_case(vault, case_id)  # refuses a DKE-Journal
        self.plan: ActionPlan | None = None
        self.dirty = False
        self.confirm: Confirm = lambda title, text: ask_confirmation(self, title, text, "Luk uden at gemme")
        self.setWindowTitle(f"Kriminalpræventiv handleplan – {self.case.number}")
        self.resize(940, 760)
        outer = QVBoxLayout(self)
        title = QLabel(f"<b>{self.case.number}</b> · {self.case.person_name} · {self.case.subject}")
        title.setTextFormat(Qt.TextFormat.RichText)
        self.state = grey_label()
        self.message = MessageBar()
        outer.addWidget(title)
        outer.addWidget(self.state)
        outer.addWidget(self.message)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 8, 0)
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area, 1)
        self.texts: dict[str, QWidget] = {}
        self._build_header()
        self._build_initiatives()
        self._build_texts()
        outer.addLayout(self._buttons())
        self.load()

    # -- building ---------------------------------------------------------------------------------------------------

    def _build_header(self) -> None:
        form = QFormLayout()
        self.plan_date = DateLine()
        self.authority = QLineEdit()
        self.authority.setPlaceholderText(TEXT_HINTS["ansvarlig_myndighed"])
        form.addRow("&Dato:", self.plan_date)
        form.addRow(f"&{TEXT_LABELS['ansvarlig_myndighed']}:", self.authority)
        self.texts["ansvarlig_myndighed"] = self.authority
        self.authority.textChanged.connect(self._changed)
        self.plan_date.textChanged.connect(self._changed)
        self.body.addLayout(form)

    def _build_initiatives(self) -> None:
        box = QGroupBox("Initiativer og handlepligter")
        column = QVBoxLayout(box)
        column.addWidget(grey_label(INITIATIVES_NOTE))
        self.model = InitiativeTableModel(self)
        self.model.today = self.today
        self.model.party_labels = dict(action_plans.party_choices(self.vault))
        self.table = list_table(self.model, "Initiativer")
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_RESPONSIBLE, 170), (COL_PARTY, 130), (COL_DUE, 90), (COL_STATUS, 120)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        self.table.setMinimumHeight(150)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _old: self._pick(current.row()))
        column.addWidget(self.table)
        grid = QGridLayout()
        self.what = QLineEdit()
        self.what.setPlaceholderText("Hvad skal gøres")
        self.responsible = QLineEdit()
        self.responsible.setPlaceholderText("Navn eller myndighed, fx Social & Familie")
        self.party = QComboBox()
        self.party.addItem("", "")
        for key, label in action_plans.party_choices(self.vault):
            self.party.addItem(label, key)
        self.due = DateLine()
        grid.addWidget(QLabel("Hvad:"), 0, 0)
        grid.addWidget(self.what, 0, 1, 1, 3)
        grid.addWidget(QLabel("Hvem handler:"), 1, 0)
        grid.addWidget(self.responsible, 1, 1)
        grid.addWidget(QLabel("Type:"), 1, 2)
        grid.addWidget(self.party, 1, 3)
        grid.addWidget(QLabel("Frist:"), 2, 0)
        grid.addWidget(self.due, 2, 1)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)
        row = QHBoxLayout()
        self.add_button = QPushButton("Tilføj initiativ")
        self.add_button.clicked.connect(self.add_initiative)
        self.update_button = QPushButton("Ret markeret")
        self.update_button.clicked.connect(self.update_initiative)
        self.remove_button = QPushButton("Fjern markeret")
        self.remove_button.clicked.connect(self.remove_initiative)
        self.done_button = QPushButton("Markér udført")
        self.done_button.setToolTip("Markerer initiativets disposition udført – det samme som at følge op på mødet")
        self.done_button.clicked.connect(self.toggle_done)
        for button in (self.add_button, self.update_button, self.remove_button, self.done_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.body.addWidget(box)

    def _text(self, key: str) -> GrowingText:
        edit = GrowingText()
        edit.setPlaceholderText(TEXT_HINTS[key])
        edit.textChanged.connect(self._changed)
        self.texts[key] = edit
        return edit

    def _pair(self, title: str, keys: tuple[str, str]) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        for col, key in enumerate(keys):
            grid.addWidget(QLabel(TEXT_LABELS[key].split(" plan ")[0] + ":"), 0, col)
            grid.addWidget(self._text(key), 1, col)
        return box

    def _build_texts(self) -> None:
        box = QGroupBox(TEXT_LABELS["indsatsforloeb"])
        QVBoxLayout(box).addWidget(self._text("indsatsforloeb"))
        self.body.addWidget(box)
        self.body.addWidget(self._pair("Plan for den unge", ("ung_kort", "ung_lang")))
        self.body.addWidget(self._pair("Plan for hele familien", ("familie_kort", "familie_lang")))
        box = QGroupBox(TEXT_LABELS["socialpaedagogisk"])
        QVBoxLayout(box).addWidget(self._text("socialpaedagogisk"))
        self.body.addWidget(box)
        box = QGroupBox(TEXT_LABELS["eftervaern"])
        column = QVBoxLayout(box)
        column.addWidget(grey_label(AFTERCARE_NOTE))
        column.addWidget(self._text("eftervaern"))
        self.body.addWidget(box)
        self.body.addStretch(1)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.history_button = QPushButton("Historik…")
        self.history_button.clicked.connect(self.show_history)
        self.pdf_button = QPushButton("Gem som PDF…")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton("Udskriv…")
        self.print_button.clicked.connect(self.print_plan)
        self.temporary_button = QPushButton("Gem som midlertidig")
        self.temporary_button.clicked.connect(lambda: self.save(final=False))
        self.final_button = QPushButton("Gør endelig")
        self.final_button.clicked.connect(lambda: self.save(final=True))
        close = QPushButton("Luk")
        close.clicked.connect(self.close_editor)
        for button in (self.history_button, self.pdf_button, self.print_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.temporary_button, self.final_button, close):
            row.addWidget(button)
        settle_default_button(self, self.temporary_button)  # Enter saves a draft; "Gør endelig" only by choice
        return row

    # -- state --------------------------------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the current plan (or an empty one) from the vault."""
        self.plan = action_plans.get_plan(self.vault, self.case.id)
        plan = self.plan or ActionPlan()
        self.plan_date.set_iso(plan.plan_date or self.today().isoformat())
        for key, widget in self.texts.items():
            value = plan.text(key)
            if isinstance(widget, QLineEdit):
                widget.setText(value)
            elif isinstance(widget, GrowingText):
                widget.setPlainText(value)
        self.model.set_rows(plan.initiatives)
        self._clear_row_form()
        self.dirty = False
        self._show_state()

    def _show_state(self) -> None:
        plan, editable = self.plan, self.case.status == "open"
        if plan is None:
            state = "Ingen handleplan endnu. Gem først en midlertidig plan; den endelige følger."
        else:
            versions = len(section_history(self.vault, self.case.id, plan_model.SECTION))
            state = (
                f"{plan.version_label} handleplan, gemt {stamp_text(plan.created_at)} af {plan.author or 'ukendt'} "
                f"({versions} udgave{'r' if versions > 1 else ''})."
            )
        if not editable:
            state += " Sagen er lukket; planen kan kun læses."
        self.state.setText(state + (" Ændringer er ikke gemt." if self.dirty else ""))
        final = plan is not None and plan.is_final
        self.temporary_button.setEnabled(editable and not final)
        self.temporary_button.setToolTip(action_plans.ALREADY_FINAL if final else "")
        self.final_button.setText("Gem endelig" if final else "Gør endelig")
        self.final_button.setEnabled(editable)
        for button in (self.add_button, self.update_button, self.remove_button, self.done_button):
            button.setEnabled(editable)
        for button in (self.pdf_button, self.print_button, self.history_button):
            button.setEnabled(plan is not None)

    def _changed(self, *_args: object) -> None:
        if not self.dirty:
            self.dirty = True
            self._show_state()

    # -- initiatives -------------------------------------------------------------------------------------------------

    def _selected(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _pick(self, row: int) -> None:
        if not 0 <= row < len(self.model.rows):
            return
        initiative = self.model.rows[row]
        self.what.setText(initiative.what)
        self.responsible.setText(initiative.responsible)
        self.party.setCurrentIndex(max(0, self.party.findData(initiative.party_type)))
        self.due.set_iso(initiative.due)
        self.done_button.setText("Markér åben" if initiative.is_done else "Markér udført")

    def _clear_row_form(self) -> None:
        for line in (self.what, self.responsible, self.due):
            line.clear()
        self.party.setCurrentIndex(0)

    def _row_from_form(self, keep: Initiative | None = None) -> Initiative | None:
        what, who = self.what.text().strip(), self.responsible.text().strip()
        if not what or not who:
            self.message.show_error("Skriv hvad der skal gøres og hvem der handler.")
            select_span(self.what if not what else self.responsible)
            return None
        try:
            due = self.due.iso()
        except ValueError:
            self.message.show_error(f"Ugyldig frist: {self.due.text()} (brug dd.mm.åååå).")
            select_span(self.due)
            return None
        base = keep or Initiative("", "")
        return replace(base, what=what, responsible=who, due=due, party_type=str(self.party.currentData() or ""))

    def add_initiative(self) -> None:
        row = self._row_from_form()
        if row is None:
            return
        self.model.set_rows([*self.model.rows, row])
        self._clear_row_form()
        self.message.clear()
        self._changed()

    def update_initiative(self) -> None:
        index = self._selected()
        if index < 0:
            self.message.show_error("Markér først det initiativ, der skal rettes.")
            return
        row = self._row_from_form(self.model.rows[index])
        if row is None:
            return
        rows = list(self.model.rows)
        rows[index] = row
        self.model.set_rows(rows)
        self.message.clear()
        self._changed()

    def remove_initiative(self) -> None:
        index = self._selected()
        if index < 0:
            self.message.show_error("Markér først det initiativ, der skal fjernes.")
            return
        rows = list(self.model.rows)
        del rows[index]
        self.model.set_rows(rows)
        self._clear_row_form()
        self._changed()

    def toggle_done(self) -> None:
        """Mark the selected (saved) initiative done or open again, at once – on its disposition."""
        index = self._selected()
        if index < 0 or not self.model.rows[index].id:
            self.message.show_error("Markér et gemt initiativ. Et nyt initiativ gemmes først med planen.")
            return
        initiative = self.model.rows[index]
        try:
            plan = action_plans.set_initiative_done(
                self.vault, self.case.id, initiative.id, not initiative.is_done, today=self.today()
            )
        except Invalid as exc:
            self.message.show_error(exc.message)
            return
        states = {i.id: (i.status, i.done_on) for i in plan.initiatives}
        rows = [
            replace(i, status=states[i.id][0], done_on=states[i.id][1]) if i.id in states else i
            for i in self.model.rows
        ]
        self.model.set_rows(rows)
        self.table.selectRow(index)
        done = states.get(initiative.id, ("open", ""))[0] == "done"
        self.message.show_message(f"Initiativet er markeret {'udført' if done else 'åbent'}.", "info")
        self.saved.emit(self.case.id)

    # -- saving and printing ------------------------------------------------------------------------------------------

    def draft(self) -> action_plans.PlanDraft:
        texts = {}
        for key, widget in self.texts.items():
            if isinstance(widget, QLineEdit):
                texts[key] = widget.text()
            elif isinstance(widget, GrowingText):
                texts[key] = widget.toPlainText()
        try:
            plan_date = self.plan_date.iso()
        except ValueError:
            raise Invalid(f"Ugyldig dato: {self.plan_date.text()} (brug dd.mm.åååå).", "dato") from None
        return action_plans.PlanDraft(texts, tuple(self.model.rows), plan_date or None)

    def save(self, final: bool) -> bool:
        try:
            action_plans.save_plan(self.vault, self.case.id, self.draft(), final=final, today=self.today())
        except Invalid as exc:
            self.message.show_error(exc.message)
            widget = {"dato": self.plan_date, "initiativer": self.table}.get(exc.field or "") or self.texts.get(
                exc.field or ""
            )
            if widget is not None:
                self.scroll_area.ensureWidgetVisible(widget, 0, 40)  # the refused field in view, e.g. Efterværn
                select_span(widget)
            return False
        self.load()
        kind = "endelig" if final else "midlertidig"
        self.message.show_message(f"Handleplanen er gemt som {kind}.", "info")
        self.saved.emit(self.case.id)
        return True

    def _pdf(self) -> bytes | None:
        if self.dirty:
            self.message.show_error("Gem handleplanen først; udskriften viser den gemte udgave.")
            return None
        try:
            return action_plans.plan_pdf(self.vault, self.case.id)
        except Invalid as exc:
            self.message.show_error(exc.message)
            return None

    def _file_name(self) -> str:
        return f"Handleplan {self.case.number}"

    def save_pdf(self) -> None:
        data = self._pdf()
        if data is None:
            return
        text, failed = printing.save_pdf_saying(self, data, self._file_name())
        if text:
            self.message.show_message(text, "error" if failed else "info")

    def print_plan(self) -> None:
        data = self._pdf()
        if data is not None:
            said = printing.print_pdf(self, data, self._file_name())
            if said:
                self.message.show_message(said, "info")

    def show_history(self) -> None:
        versions = section_history(self.vault, self.case.id, plan_model.SECTION)
        keys = dict.fromkeys(k for v in versions for k in v.fields if not k.endswith("_id"))
        fields = tuple(Field(k, plan_model.field_label(k)) for k in keys)
        dialog = HistoryDialog(f"Handleplan ({self.case.number})", versions, fields, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # Escape asks like Luk; reject() itself stays silent (the vault locks)
            self.close_editor()
            return
        super().keyPressEvent(event)

    def close_editor(self) -> None:
        if self.dirty and not self.confirm(
            "Luk uden at gemme?", "Handleplanen har ændringer, der ikke er gemt. Luk uden at gemme dem?"
        ):
            return
        self.accept()
