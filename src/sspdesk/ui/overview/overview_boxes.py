"""The extra boxes of Overblik: upcoming meetings, open dispositions, consents that need attention, underretninger,
cases due for retention (when `sspdesk.duties.retention` is there) and import conflicts waiting.

Each box is a `ListBox`: a grey summary line and a small table of records (as tall as its rows, up to
MAX_VISIBLE_ROWS, then it scrolls). A box whose service may find thousands (consents missing on every open sag of a
large vault) lists the first SHOWN_ROWS and counts the rest ("og 20.949 flere …"): its fetch returns an object
with `rows` and `total`. Double-click or Enter on a row emits `open_requested(kind, id)`; the page turns
that into its `open_case_requested`, `open_meeting_requested`, `open_consent_requested` or `open_exchange_requested`.
Boxes read only through service functions and forget everything on `clear()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sspdesk.bundles.merge import list_conflicts
from sspdesk.dispositions import open_dispositions
from sspdesk.domain.dates import WEEKDAYS, date_text, local_moment, time_text
from sspdesk.domain.underretning import PENDING_RECEIPT, Underretning
from sspdesk.inactivity import INACTIVE_MONTHS, InactiveCase, inactive_open_cases
from sspdesk.meetings import list_meetings
from sspdesk.statistics import consent_attention_list
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.vault.vault_dialogs import SMALL_GREY_STYLE
from sspdesk.ui.widgets.labels import plural
from sspdesk.underretning import RECENT_DAYS, overview_underretninger

Index = QModelIndex | QPersistentModelIndex
UPCOMING_DAYS = 14
OVERDUE_COLOUR = theme.qcolour("error")  # pages are imported once the application knows its light/dark mode
WARNING_COLOUR = theme.qcolour("warning")
MAX_VISIBLE_ROWS = 8  # a longer list scrolls inside its table, so the boxes below stay in sight
SHOWN_ROWS = 200  # rows a long box lists; its summary counts them all
TABLE_LABELS = {
    "cases": "Sag",
    "case_sections": "Sagsafsnit",
    "deadlines": "Frist",
    "meetings": "Møde",
    "agenda_items": "Dagsordenspunkt",
    "minutes": "Referat",
    "dispositions": "Disposition",
    "meeting_participants": "Mødedeltager",
    "consents": "Samtykke",
    "contacts": "Kontakt",
    "concern_groups": "Bekymringsgruppe",
    "group_sections": "Gruppetekst",
    "group_members": "Gruppemedlem",
    "underretninger": "Underretning",
    "network_outcomes": "Udfald af netværksmøde",
}


def short_date(iso: str) -> str:
    """'tor. 12.03.2026' (Mine frister on the page uses it too)."""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    return f"{WEEKDAYS[day.weekday()][:3]}. {date_text(day)}"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], str]
    width: int = 0  # 0 = shares the rest of the width
    bold: bool = False


class RecordModel(QAbstractTableModel):
    """Rows of any record type, shown through `Column`s; `colour(row)` may colour a row's first column."""

    def __init__(self, columns: Sequence[Column], colour: Callable[[Any], QColor | None] | None = None) -> None:
        super().__init__()
        self.columns = list(columns)
        self.colour = colour
        self._rows: list[Any] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record, column = self._rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.value(record)
        if role == Qt.ItemDataRole.ForegroundRole and self.colour is not None:
            colour = self.colour(record)
            return QBrush(colour) if colour is not None and index.column() == 0 else None
        if role == Qt.ItemDataRole.FontRole and column.bold:
            return self._bold
        return None


class ListBox(QWidget):
    """A summary line and a table of records; `load(vault)` fills it through `fetch(vault, today)`."""

    open_requested = Signal(str, str)  # kind (case | close_case | meeting | consent | exchange), id

    def __init__(
        self,
        name: str,
        columns: Sequence[Column],
        fetch: Callable[[Vault, date], Any],  # a list, or an object with `rows` and `total`
        target: Callable[[Any], tuple[str, str]],
        summary: Callable[[int], str],
        today: Callable[[], date] = date.today,
        colour: Callable[[Any], QColor | None] | None = None,
    ) -> None:
        super().__init__()
        self.fetch, self.target, self.summary, self.today = fetch, target, summary, today
        self.model = RecordModel(columns, colour)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet(SMALL_GREY_STYLE)
        layout.addWidget(self.summary_label)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(name)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for number, column in enumerate(columns):
            if column.width:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Fixed)
                self.table.setColumnWidth(number, column.width)
            else:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table)
        self.more_label = QLabel()  # "og 20.949 flere …" below a list cut at SHOWN_ROWS
        self.more_label.setStyleSheet(SMALL_GREY_STYLE)
        layout.addWidget(self.more_label)
        self.vault: Vault | None = None
        self.clear()

    def load(self, vault: Vault) -> None:
        self.display(vault, self.fetch(vault, self.today()))

    def display(self, vault: Vault, found: Any) -> None:
        """Show what `fetch` found: a list, or the first rows and a count (`rows`, `total`)."""
        self.vault = vault
        rows = list(getattr(found, "rows", found))
        total = int(getattr(found, "total", len(rows)))
        self.model.set_rows(rows)
        self.summary_label.setText(self.summary(total))
        self.summary_label.show()
        more = total - len(rows)
        self.more_label.setText(f"og {more:,} flere …".replace(",", ".") if more > 0 else "")
        self.more_label.setToolTip(f"De første {len(rows)} vises." if more > 0 else "")
        self.more_label.setVisible(more > 0)
        self.table.setVisible(bool(rows))
        visible = min(len(rows), MAX_VISIBLE_ROWS)
        height = self.table.horizontalHeader().sizeHint().height() + visible * 30
        self.table.setFixedHeight(height + 2 * self.table.frameWidth())

    def clear(self) -> None:
        self.vault = None
        self.model.set_rows([])
        self.summary_label.clear()
        self.summary_label.hide()
        self.more_label.clear()
        self.more_label.hide()
        self.table.hide()

    def shows_data(self) -> bool:
        return self.model.rowCount() > 0 or bool(self.summary_label.text())

    def rows(self) -> list[Any]:
        return [self.model.record(row) for row in range(self.model.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(*self.target(self.model.record(index.row())))

    def open_row(self, row: int) -> None:
        self._activated(self.model.index(row, 0))


def _when(stamp: str) -> str:
    """'tir. 10.03.2026 kl. 14.00' for a meeting's local start or a stored UTC stamp (in local time)."""
    try:
        moment = local_moment(stamp)
    except ValueError:
        return stamp
    return f"{short_date(moment.date().isoformat())} {time_text(moment)}"


# -- the boxes ---------------------------------------------------------------------------------------------


def upcoming_meetings(vault: Vault, today: date) -> list[Any]:
    found = list_meetings(vault, status="open", since=today, until=today + timedelta(days=UPCOMING_DAYS + 1))
    return sorted(found, key=lambda m: (m.starts_at, m.number))


def meetings_box(today: Callable[[], date]) -> ListBox:
    columns = (
        Column("Tidspunkt", lambda m: _when(m.starts_at), 170),
        Column("Møde", lambda m: m.number, 116, True),
        Column("Mødeforum", lambda m: m.forum),
        Column("Område", lambda m: m.area or "Hele kommunen"),
        Column("Punkter", lambda m: str(m.item_count), 80),
    )
    return ListBox(
        "Kommende møder",
        columns,
        upcoming_meetings,
        lambda m: ("meeting", m.id),
        lambda n: (
            f"{plural(n, 'møde', 'møder')} de næste {UPCOMING_DAYS} dage."
            if n
            else f"Ingen møder de næste {UPCOMING_DAYS} dage."
        ),
        today,
    )


def dispositions_box(today: Callable[[], date]) -> ListBox:
    columns = (
        Column("Frist", lambda d: short_date(d.due) if d.due else "uden frist", 120),
        Column("Hvem", lambda d: d.owner),
        Column("Hvad", lambda d: d.what),
        Column("Møde", lambda d: d.origin, 116, True),
    )
    box = ListBox(
        "Åbne dispositioner",
        columns,
        lambda vault, _day: open_dispositions(vault),
        lambda d: ("case", d.case_id) if d.from_action_plan else ("meeting", d.meeting_id),
        lambda n: "",
        today,
    )
    box.model.colour = lambda d: OVERDUE_COLOUR if d.overdue(box.today()) else None

    def summary(count: int) -> str:
        if not count:
            return "Ingen åbne dispositioner."
        overdue = sum(d.overdue(box.today()) for d in box.rows())
        return plural(count, "åben disposition", "åbne dispositioner") + (
            f", {overdue} overskredet." if overdue else "."
        )

    box.summary = summary
    return box


def consents_box(today: Callable[[], date]) -> ListBox:
    columns = (
        Column("Status", lambda a: a.label, 240),
        Column("Sag", lambda a: a.number, 116, True),
        Column("Sagens genstand", lambda a: a.subject),
        Column("Gyldighed", lambda a: a.until_text, 170),  # "gyldigt til …" / "udløb …" / "tilbagekaldt …"
    )
    return ListBox(
        "Samtykker",
        columns,
        lambda vault, day: consent_attention_list(vault, day, SHOWN_ROWS),
        lambda a: ("consent", a.consent_id) if a.consent_id else ("case", a.case_id),
        lambda n: (
            f"{plural(n, 'åben DKE-Sag', 'åbne DKE-Sager')} uden gyldigt samtykke, eller hvor det udløber "
            "eller mangler underskrift."
            if n
            else "Alle åbne DKE-Sager har et gyldigt samtykke."
        ),
        today,
        lambda a: WARNING_COLOUR if a.status in ("expiring", "unsigned") else OVERDUE_COLOUR,
    )


def retention_box(today: Callable[[], date]) -> ListBox | None:
    """None when this build has no retention module."""
    try:
        from sspdesk.duties.retention import due_for_retention
    except ImportError:
        return None
    columns = (
        Column("Sag", lambda c: c.number, 116, True),
        Column("Niveau", lambda c: c.level, 80),
        Column("Lukket", lambda c: short_date(c.closed_on.isoformat())),
        Column("Frist for sletning", lambda c: short_date(c.due_on.isoformat())),
    )
    box = ListBox(
        "Opbevaringsfrist",
        columns,
        due_for_retention,
        lambda c: ("case", c.id),
        lambda n: "",
        today,
        lambda _c: OVERDUE_COLOUR,
    )

    def summary(count: int) -> str:
        # Seed 000 l.808: personal data in a DKE-Sag "må opbevares 5 år" – a maximum, counted from the closing.
        if not count:
            return "Ingen lukkede DKE-Sager har nået opbevaringsfristen."
        years = " eller ".join(str(y) for y in sorted({c.years for c in box.rows()}))
        return (
            f"{plural(count, 'DKE-Sag', 'DKE-Sager')} blev lukket for {years} år siden eller mere. "
            f"Personoplysningerne må opbevares i {years} år fra lukningen og skal slettes nu "
            "(Databeskyttelse → Sletning efter opbevaringstid…)."
        )

    box.summary = summary
    return box


CLOSE_TEXT = "Luk sagen…"


class InactiveBox(ListBox):
    """Open cases without activity for 12 months (`sspdesk.inactivity`), proposed for closing: "Luk sagen…" opens
    the selected case with its Luk sag dialog (the lukkenotat); double-click or Enter opens the case."""

    def __init__(self, today: Callable[[], date]) -> None:
        columns = (
            Column("Sag", lambda c: c.number, 116, True),
            Column("Sagens genstand", lambda c: c.subject),
            Column("Niveau", lambda c: c.level, 80),
            Column("Sidste aktivitet", lambda c: short_date(c.last_activity.isoformat()), 170),
        )
        super().__init__(
            "Sager uden aktivitet",
            columns,
            lambda vault, day: inactive_open_cases(vault, day, SHOWN_ROWS),
            lambda c: ("case", c.id),
            lambda n: (
                f"{plural(n, 'åben sag', 'åbne sager')} uden aktivitet i {INACTIVE_MONTHS} måneder. Overvej at lukke "
                f"{'den' if n == 1 else 'dem'} med et lukkenotat – opbevaringsfristen løber først fra lukningen."
                if n
                else f"Ingen åbne sager har været uden aktivitet i {INACTIVE_MONTHS} måneder."
            ),
            today,
            lambda _c: WARNING_COLOUR,
        )
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton(CLOSE_TEXT)
        self.close_button.setToolTip("Åbn den valgte sag og luk den med et lukkenotat")
        self.close_button.setEnabled(False)
        self.close_button.clicked.connect(self.close_selected)
        row.addWidget(self.close_button)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addLayout(row)
        self.model.modelReset.connect(lambda: self.close_button.setEnabled(False))
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.close_button.setEnabled(current.isValid())
        )

    def selected(self) -> InactiveCase | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def close_selected(self) -> None:
        case = self.selected()
        if case is not None:
            self.open_requested.emit("close_case", case.id)


def _receipt(item: Underretning) -> str:
    return f"modtaget {short_date(item.confirmed_on.isoformat())}" if item.confirmed_on else PENDING_RECEIPT


def underretninger_box(today: Callable[[], date]) -> ListBox:
    """The open cases' underretninger waiting for a receipt and those of the last 30 days. One a Netværksmøde
    decided and nobody recorded is a deadline under Mine frister, not a row here."""
    columns = (
        Column("Dato", lambda u: short_date(u.sent_on.isoformat()), 120),
        Column("Sag", lambda u: u.case_number, 116, True),
        Column("Sendt til", lambda u: u.authority),
        Column("Årsag", lambda u: u.reason_label),
        Column("Kvittering", _receipt, 170),
    )
    box = ListBox(
        "Underretninger",
        columns,
        overview_underretninger,
        lambda u: ("case", u.case_id),
        lambda n: "",
        today,
        lambda u: WARNING_COLOUR if u.confirmed_on is None else None,  # the date of one still waiting for a receipt
    )

    def summary(count: int) -> str:
        if not count:
            return f"Ingen underretninger de sidste {RECENT_DAYS} dage, og ingen venter på kvittering."
        waiting = sum(u.confirmed_on is None for u in box.rows())
        text = f"{plural(count, 'underretning', 'underretninger')} på åbne sager"
        return text + (f", {waiting} afventer kvittering." if waiting else ".")

    box.summary = summary
    return box


def conflicts_box(today: Callable[[], date]) -> ListBox:
    columns = (
        Column("Modtaget", lambda c: _when(c.created_at), 200),
        Column("Post", lambda c: TABLE_LABELS.get(c.table, c.table)),
        Column("Forskelle", lambda c: plural(len(c.differing), "felt", "felter"), 120),
    )
    return ListBox(
        "Importkonflikter",
        columns,
        lambda vault, _day: list_conflicts(vault),
        lambda _c: ("exchange", ""),
        lambda n: (
            f"{plural(n, 'konflikt', 'konflikter')} fra importerede pakker venter på en afgørelse under Udveksling."
            if n
            else "Ingen importkonflikter venter."
        ),
        today,
    )


def extra_boxes(today: Callable[[], date]) -> list[tuple[str, ListBox]]:
    """The boxes below Mine frister, in order, with their titles."""
    boxes = [
        ("Kommende møder", meetings_box(today)),
        ("Åbne dispositioner", dispositions_box(today)),
        ("Samtykker, der mangler eller udløber", consents_box(today)),
    ]
    boxes.append(("Underretninger", underretninger_box(today)))
    boxes.append(("Sager uden aktivitet i 12 måneder", InactiveBox(today)))
    retention = retention_box(today)
    if retention is not None:
        boxes.append(("Sager til sletning", retention))
    boxes.append(("Importkonflikter", conflicts_box(today)))
    return boxes
