"""Statistik: the anonymised report for the SSP-ledergruppe / Styregruppe as charts, with PDF and CSV export.

The window shows exactly what the report holds (`Stats.report()`): counts from 1 to 4 as "<5" – drawn as a short
hatched bar – and a hit rate only when at least 5 deadlines lie behind it. So what the user sees is what leadership
gets. The charts are painted with QPainter (QtCharts is not part of PySide6-Essentials).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QDate, QRectF, QSize, QStandardPaths, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sspdesk.domain.errors import Invalid
from sspdesk.domain.statistics import ANONYMISED_NOTE, DEADLINES_DEFINITION, SMALL_COUNT, ReportRow, ReportSection
from sspdesk.statistics import (
    Stats,
    default_period,
    heading_text,
    report_file_name,
    report_pdf,
    save_csv,
    statistics,
)
from sspdesk.store.files import write_private_atomically
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.message_bar import MessageBar
from sspdesk.ui.widgets.qdates import to_date

# pages are imported once the application knows its light/dark mode
ACCENT = theme.qcolour("accent")
SECOND = theme.qcolour("chart_second")
INK = theme.qcolour("chart_ink")
GRID = theme.qcolour("chart_grid")
ROW_HEIGHT = 26
CHARTS = (
    ("cases_by_level", "Aktive sager efter niveau"),
    ("cases_by_forum", "Aktive sager efter mødeforum"),
    ("cases_by_area", "Aktive sager efter område (skoledistrikt)"),
    ("sager_by_source", "DKE-Sager efter kilde"),
    ("sager_by_age", "DKE-Sager efter alder"),
    ("sager_by_crime", "DKE-Sager efter kriminalitetstype"),
    ("deadline_rate", "Frister overholdt pr. niveau"),
    ("groups", "Bekymringsgrupper"),
    ("consents", "Samtykker efter status"),
    ("underretninger", "Underretninger"),
)


def _ask_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / suggested), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    suffix = Path(suggested).suffix
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


ask_save_path = _ask_save_path  # replaceable in tests: (parent, title, suggested name, filter) -> Path | None


def _number(value: int | str) -> float:
    return SMALL_COUNT / 2 if isinstance(value, str) else float(value)


def _bar_brush(value: int | str, colour: QColor) -> QBrush:
    return QBrush(colour, Qt.BrushStyle.BDiagPattern if isinstance(value, str) else Qt.BrushStyle.SolidPattern)


class BarChart(QWidget):
    """Horizontal bars, one per report row: label, bar, value. `rate=True` draws hit rates on a 0–100 % scale."""

    def __init__(self, rate: bool = False) -> None:
        super().__init__()
        self.rate = rate
        self.rows: list[ReportRow] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: Sequence[ReportRow]) -> None:
        self.rows = list(rows)
        self.setFixedHeight(max(1, len(self.rows)) * ROW_HEIGHT + 6)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, max(1, len(self.rows)) * ROW_HEIGHT + 6)

    def value_text(self, row: ReportRow) -> str:
        if not self.rate:
            return str(row.count)
        return f"{row.share} af {row.count}" if row.share else f"{row.count} frister"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        if not self.rows:
            painter.setPen(QColor(GREY))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "Ingen tal.")
            return
        width = self.width()
        label_width = min(max(metrics.horizontalAdvance(r.label) for r in self.rows) + 12, int(width * 0.42))
        value_width = max(metrics.horizontalAdvance(self.value_text(r)) for r in self.rows) + 12
        bar_left, bar_room = label_width, max(20, width - label_width - value_width)
        largest = max([_number(r.count) for r in self.rows] + [2.0 * SMALL_COUNT])
        for number, row in enumerate(self.rows):
            top = 3 + number * ROW_HEIGHT
            text_rect = QRectF(0, top, label_width - 8, ROW_HEIGHT)
            painter.setPen(INK)
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            if self.rate:
                painter.fillRect(QRectF(bar_left, top + 6, bar_room, ROW_HEIGHT - 12), GRID)
                fraction = row.rate or 0.0
                brush = QBrush(ACCENT)
            else:
                fraction = _number(row.count) / largest
                brush = _bar_brush(row.count, ACCENT)
            bar = QRectF(bar_left, top + 6, bar_room * fraction, ROW_HEIGHT - 12)
            if bar.width() > 0:
                painter.setPen(QPen(ACCENT, 1) if isinstance(row.count, str) and not self.rate else Qt.PenStyle.NoPen)
                painter.setBrush(brush)
                painter.drawRect(bar)
            painter.setPen(INK if (row.share or not self.rate) else QColor(GREY))
            value_left = bar_left + (bar_room if self.rate else bar.width()) + 6
            value_rect = QRectF(value_left, top, value_width, ROW_HEIGHT)
            painter.drawText(
                value_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.value_text(row)
            )


class MonthChart(QWidget):
    """New and closed cases per month as grouped columns, with a legend."""

    def __init__(self) -> None:
        super().__init__()
        self.new: list[ReportRow] = []
        self.closed: list[ReportRow] = []
        self.setMinimumHeight(210)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, new: Sequence[ReportRow], closed: Sequence[ReportRow]) -> None:
        self.new, self.closed = list(new), list(closed)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 210)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        line = metrics.height()
        legend_y = 2
        for offset, (colour, text) in enumerate(((ACCENT, "Nye sager"), (SECOND, "Afsluttede sager"))):
            x = offset * 150
            painter.fillRect(QRectF(x, legend_y + 3, 12, 12), colour)
            painter.setPen(INK)
            painter.drawText(QRectF(x + 18, legend_y, 130, line + 4), Qt.AlignmentFlag.AlignVCenter, text)
        if not self.new:
            return
        top, bottom = legend_y + line + 22, self.height() - 2 * line - 8
        largest = max([_number(r.count) for r in self.new + self.closed] + [2.0 * SMALL_COUNT])
        slot = self.width() / len(self.new)
        bar = min(26.0, slot * 0.34)
        painter.setPen(GRID)
        painter.drawLine(0, bottom, self.width(), bottom)
        small = QFont(painter.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        for number, (new, closed) in enumerate(zip(self.new, self.closed, strict=False)):
            centre = slot * number + slot / 2
            for side, row, colour in ((-1, new, ACCENT), (0, closed, SECOND)):
                height = (bottom - top) * _number(row.count) / largest
                rect = QRectF(centre + side * bar, bottom - height, bar - 2, height)
                if row.count != 0:
                    painter.setPen(QPen(colour, 1) if isinstance(row.count, str) else Qt.PenStyle.NoPen)
                    painter.setBrush(_bar_brush(row.count, colour))
                    painter.drawRect(rect)
                painter.setFont(small)
                painter.setPen(INK)
                painter.drawText(
                    QRectF(rect.center().x() - 20, rect.top() - line - 2, 40, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    str(row.count),
                )
            month, year = new.label.split(" ")
            painter.setFont(self.font())
            painter.setPen(INK)
            painter.drawText(QRectF(centre - slot / 2, bottom + 4, slot, line), Qt.AlignmentFlag.AlignHCenter, month)
            if number == 0 or month == "jan.":
                painter.setPen(QColor(GREY))
                painter.drawText(
                    QRectF(centre - slot / 2, bottom + 4 + line, slot, line), Qt.AlignmentFlag.AlignHCenter, year
                )


def _card(title: str, body: QWidget, note: str = "") -> QFrame:
    frame = QFrame()
    frame.setObjectName("statsCard")
    frame.setStyleSheet(theme.card_style("statsCard", "card_alt"))
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 12)
    heading = QLabel(title)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    layout.addWidget(heading)
    layout.addWidget(body)
    if note:  # what the chart counts, as the sheet defines it
        explanation = QLabel(note)
        explanation.setWordWrap(True)
        explanation.setStyleSheet(f"color: {GREY};")
        layout.addWidget(explanation)
    layout.addStretch(1)
    return frame


class StatisticsView(QWidget):
    """Period, key figures and charts of the report; Gem som PDF… and Gem som CSV…"""

    def __init__(self, vault: Vault, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = vault
        self.today = today
        self.stats: Stats | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._controls())
        self.heading = QLabel()  # the active profile's title for the report
        heading_font = self.heading.font()
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.2)
        self.heading.setFont(heading_font)
        layout.addWidget(self.heading)
        note = QLabel(ANONYMISED_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {GREY};")
        layout.addWidget(note)
        self.message = MessageBar()
        layout.addWidget(self.message)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        content = QWidget()
        scroll.setWidget(content)
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 4, 8, 4)
        grid.setSpacing(12)
        self.figures: dict[str, QLabel] = {}
        tiles = QHBoxLayout()
        for key in ("active", "new", "closed", "raised"):
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setStyleSheet(
                f"background: {theme.colour('hint')}; border: 1px solid {theme.colour('hint_border')}; "
                f"border-radius: 6px; padding: 8px; color: {theme.colour('text')};"
            )
            tiles.addWidget(label, 1)
            self.figures[key] = label
        grid.addLayout(tiles, 0, 0, 1, 2)
        self.months = MonthChart()
        grid.addWidget(_card("Nye og afsluttede sager pr. måned", self.months), 1, 0, 1, 2)
        self.charts: dict[str, BarChart] = {}
        for number, (key, title) in enumerate(CHARTS):
            chart = BarChart(rate=key == "deadline_rate")
            self.charts[key] = chart
            definition = DEADLINES_DEFINITION if key == "deadline_rate" else ""
            grid.addWidget(_card(title, chart, definition), 2 + number // 2, number % 2)
        grid.setRowStretch(2 + len(CHARTS) // 2 + 1, 1)
        layout.addWidget(scroll, 1)
        self.reload()

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        first, last = default_period(self.today)
        self.from_edit, self.to_edit = QDateEdit(), QDateEdit()
        for edit, day, name in ((self.from_edit, first, "Periodens første dag"), (self.to_edit, last, "sidste dag")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.setAccessibleName(name)
        row.addWidget(QLabel("Periode fra"))
        row.addWidget(self.from_edit)
        row.addWidget(QLabel("til"))
        row.addWidget(self.to_edit)
        self.show_button = QPushButton("Vis")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.reload)
        row.addWidget(self.show_button)
        row.addStretch(1)
        self.pdf_button = QPushButton("Gem som PDF…")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.csv_button = QPushButton("Gem som CSV…")
        self.csv_button.clicked.connect(self.save_csv)
        row.addWidget(self.pdf_button)
        row.addWidget(self.csv_button)
        return row

    def period(self) -> tuple[date, date]:
        return to_date(self.from_edit.date()), to_date(self.to_edit.date())

    def reload(self) -> None:
        if self.vault is None:
            return
        self.message.clear()
        try:
            self.stats = statistics(self.vault, *self.period(), today=self.today)
        except Invalid as exc:
            self.message.show_error(exc.message)
            return
        self.heading.setText(heading_text(self.stats))
        self.show_report(self.stats.report())

    def show_report(self, report: list[ReportSection]) -> None:
        sections = {s.key: s for s in report}
        for row in sections["summary"].rows:
            self.figures[row.key].setText(
                f"<span style='font-size:18pt; font-weight:600'>{escape(str(row.count))}"
                f"</span><br><span style='color:{GREY}'>{escape(row.label)}</span>"
            )
        self.months.set_rows(sections["new_by_month"].rows, sections["closed_by_month"].rows)
        for key, chart in self.charts.items():
            chart.set_rows(sections[key].rows)

    def clear(self) -> None:
        self.vault = None
        self.stats = None
        self.heading.clear()
        for label in self.figures.values():
            label.clear()
        self.months.set_rows([], [])
        for chart in self.charts.values():
            chart.set_rows([])

    def shows_data(self) -> bool:
        return self.stats is not None

    def _save(self, suffix: str, file_filter: str, make) -> None:
        if self.vault is None or self.stats is None:
            return
        path = ask_save_path(self, "Gem statistik", report_file_name(self.stats, suffix), file_filter)
        if path is None:
            return
        try:
            write_private_atomically(path, make(self.vault, self.stats))
        except OSError as exc:
            self.message.show_error(f"Filen kunne ikke gemmes: {exc.strerror or exc}")
            return
        self.message.show_message(f"Gemt som {path.name}.", "info")

    def save_pdf(self) -> None:
        self._save(".pdf", "PDF-dokument (*.pdf)", report_pdf)

    def save_csv(self) -> None:
        self._save(".csv", "CSV-fil (*.csv)", save_csv)


class StatisticsDialog(QDialog):
    def __init__(self, vault: Vault, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Statistik til ledelsen")  # the profile's own title heads the view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        self.view = StatisticsView(vault, today, self)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Luk")
        layout.addWidget(buttons)
        settle_default_button(self, self.view.show_button)  # Enter in the period fields shows the figures
        self.resize(1120, 720)

    def clear(self) -> None:
        self.view.clear()
