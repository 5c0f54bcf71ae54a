"""Overblik: Mine frister shows exactly the overdue, today's, the next 10 working days' and the later open deadlines
of a constructed vault (the page's clock is fixed), opens a case on double-click or Enter, marks a deadline done, and
forgets everything when the vault locks. Real vault, real services; all names and numbers are invented."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from sspdesk.case_events import record_event
from sspdesk.cases import NewCase, close_case, get_case, mark_deadline_done, register_case
from sspdesk.ui.overview import overview_page
from sspdesk.ui.overview.overview_page import COL_DONE, COL_NUMBER, EMPTY_TEXT, OverviewPage

TODAY = date(2026, 3, 11)  # a Wednesday in ISO week 11; the week ends Sunday 15 March


@pytest.fixture
def page(qtbot, vault):
    widget = OverviewPage(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1156, 690)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.on_locked()


@pytest.fixture
def cases(vault) -> dict[str, str]:
    """Cases whose deadlines fall before, on and within the next 10 working days (Albertslund model)."""

    def add(level: str, subject: str, registered: date, **person) -> str:
        return register_case(vault, NewCase(level=level, subject=subject, **person), today=registered).id

    sag = add("II", "Butikstyveri", date(2026, 3, 2), person_name="Otto Opdigtet", cpr="120310-4321")
    record_event(vault, sag, "home_visit", date(2026, 3, 2), today=date(2026, 3, 2))  # the handleplans count from it
    return {
        # Level II from Mon 2 March, home visit the same day: handleplan 7 dage → 9 March (overdue); Sagsmøde and
        # contact 7 arbejdsdage → 11 March (today); final handleplan 3 uger → Mon 23 March (8th working day).
        "sag": sag,
        # Level I from Fri 27 Feb: contact 10 arbejdsdage → Fri 13 March (2nd working day after today).
        "week": add("I", "Uro ved stationen", date(2026, 2, 27)),
        # Level I from Sun 8 March: contact → Fri 20 March (7th working day).
        "later": add("I", "Graffiti på skolen", date(2026, 3, 8)),
        # Level I from 20 Feb, then closed: its deadlines are no longer anyone's to do.
        "closed": add("I", "Konflikter i klubben", date(2026, 2, 20)),
    }


def shown(page: OverviewPage, key: str) -> list[tuple[str, str, str]]:
    return [(row.due, row.case_number, row.label) for row in page.deadlines.rows(key)]


def expected(vault, case_ids, first: date, last: date) -> list[tuple[str, str, str]]:
    """Open dated deadlines of open cases due from `first` to `last`, computed from the cases themselves."""
    found = []
    for case_id in case_ids:
        detail = get_case(vault, case_id)
        if detail.case.status != "open":
            continue
        found += [
            (d.due, detail.case.number, d.label)
            for d in detail.deadlines
            if d.status == "open" and d.due and first.isoformat() <= d.due <= last.isoformat()
        ]
    return sorted(found)


def cell_centre(table, row: int, column: int):
    return table.visualRect(table.model().index(row, column)).center()


def test_a_backlog_is_listed_up_to_a_limit_and_counted_in_full(page, vault, cases, monkeypatch):
    backlog = [
        register_case(vault, NewCase(level="I", subject="Uro i parken"), today=registered).id
        for registered in (date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 16))
    ]  # three more overdue
    monkeypatch.setattr(overview_page, "SHOWN_PER_GROUP", 2)
    page.on_unlocked(vault)
    all_overdue = expected(vault, [*cases.values(), *backlog], date.min, TODAY - timedelta(days=1))
    assert len(all_overdue) == 5
    assert shown(page, "overdue") == all_overdue[:2]  # the oldest two
    assert page.deadlines.headers["overdue"].text() == "Overskredet (2 af 5)"
    assert page.deadlines.headers["today"].text() == "I dag (2)"  # the other groups are not cut by the backlog
    assert page.deadlines.headers["next"].text() == "De næste 10 arbejdsdage (2 af 3)"


def test_the_groups_hold_exactly_the_overdue_today_next_ten_working_days_and_later_deadlines(page, vault, cases):
    close_case(vault, cases["closed"], "Bekymringen er drøftet og afsluttet.", today=date(2026, 3, 1))
    # Registered tomorrow (the clock of the page is fixed): contact 10 arbejdsdage → Thu 26 March, the 11th.
    new = register_case(vault, NewCase(level="I", subject="Knallertkørsel"), today=date(2026, 3, 12)).id
    page.on_unlocked(vault)
    ids = [*cases.values(), new]
    tenth = date(2026, 3, 25)  # Wed 11 March + 10 working days (12, 13, 16–20, 23, 24, 25)

    assert sorted(shown(page, "overdue")) == expected(vault, ids, date.min, TODAY - timedelta(days=1))
    assert sorted(shown(page, "today")) == expected(vault, ids, TODAY, TODAY)
    assert sorted(shown(page, "next")) == expected(vault, ids, TODAY + timedelta(days=1), tenth)
    assert sorted(shown(page, "later")) == expected(vault, ids, tenth + timedelta(days=1), date.max)
    number = {key: get_case(vault, case_id).case.number for key, case_id in [*cases.items(), ("new", new)]}
    assert [(due, n) for due, n, _label in shown(page, "overdue")] == [("2026-03-09", number["sag"])]
    assert [(due, n) for due, n, _label in shown(page, "today")] == [("2026-03-11", number["sag"])] * 2
    assert [(due, n) for due, n, _label in shown(page, "next")] == [
        ("2026-03-13", number["week"]),
        ("2026-03-20", number["later"]),
        ("2026-03-23", number["sag"]),
    ]
    assert [(due, n) for due, n, _label in shown(page, "later")] == [("2026-03-26", number["new"])]

    headers = {key: label.text() for key, label in page.deadlines.headers.items()}
    assert headers == {
        "overdue": "Overskredet (1)",
        "today": "I dag (2)",
        "next": "De næste 10 arbejdsdage (3)",
        "later": "Senere (1)",
        # The three open journals: each waits for its first Koordinationsmøde and for the talk (issue 18).
        "waiting": "Venter på en hændelse (6)",
    }
    assert page.date_label.text() == "Onsdag 11. marts 2026 · uge 11"
    table = page.deadlines.tables["next"]
    assert table.model().index(0, COL_NUMBER).data() == number["week"]
    assert table.model().index(0, 0).data() == "fre. 13.03.2026"
    assert not page.deadlines.empty_label.isVisible()


def test_double_click_and_enter_open_the_case(qtbot, page, vault, cases):
    page.on_unlocked(vault)
    table = page.deadlines.tables["next"]
    where = cell_centre(table, 0, COL_NUMBER)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # QTest's double-click alone only
    with qtbot.waitSignal(page.open_case_requested) as opened:  # presses (Qt 6.12): the first click, then it
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened.args == [cases["week"]]

    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    table = page.deadlines.tables["overdue"]
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, COL_NUMBER))
    with qtbot.waitSignal(page.open_case_requested) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [cases["closed"]]  # not closed in this test: its contact deadline (6 March) is overdue


def test_udfoert_marks_the_deadline_done_and_removes_it(qtbot, page, vault, cases):
    page.on_unlocked(vault)
    table = page.deadlines.tables["today"]
    first = page.deadlines.rows("today")[0]
    with qtbot.waitSignal(page.deadline_done) as done:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell_centre(table, 0, COL_DONE))
    assert done.args == [cases["sag"]]
    assert first.id not in [row.id for row in page.deadlines.rows("today")]
    assert page.deadlines.headers["today"].text() == "I dag (1)"
    statuses = {d.id: d.status for d in get_case(vault, cases["sag"]).deadlines}
    assert statuses[first.id] == "done"

    # The keyboard: Ctrl+D on the current row; the last one leaves "Ingen." under the header.
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert page.deadlines.rows("today") == []
    assert page.deadlines.headers["today"].text() == "I dag (0)"
    assert table.isHidden() and page.deadlines.none_labels["today"].isVisible()


def test_udfoert_takes_the_row_away_at_once_and_leaves_the_reading_to_the_page_fill(qtbot, page, vault, cases):
    # Issue 20: "Udført" reloaded every box on the GUI thread (1–2 s at 50,000 cases). The row goes at once and the
    # count drops; the rest is read by the page's fill (on the worker in the main window), asked for once.
    page.on_unlocked(vault)
    fills = []
    page.deadlines.reload = lambda: fills.append(True)
    table = page.deadlines.tables["today"]
    first = page.deadlines.rows("today")[0]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell_centre(table, 0, COL_DONE))
    assert fills == [True]
    assert first.id not in [row.id for row in page.deadlines.rows("today")]
    assert page.deadlines.headers["today"].text() == "I dag (1)"
    assert {d.id: d.status for d in get_case(vault, cases["sag"]).deadlines}[first.id] == "done"


def test_an_overview_without_open_deadlines_says_so(page, vault):
    page.on_unlocked(vault)
    assert page.deadlines.empty_label.isVisible()
    assert page.deadlines.empty_label.text() == EMPTY_TEXT == "Ingen åbne frister."
    assert not any(label.isVisible() for label in page.deadlines.headers.values())


def test_locking_clears_everything(page, vault, cases):
    page.on_unlocked(vault)
    assert page.shows_data()
    page.on_locked()
    assert not page.shows_data()
    assert page.date_label.text() == ""
    assert all(model.rowCount() == 0 for model in page.deadlines.models.values())
    texts = [label.text() for label in page.findChildren(QLabel) if label.isVisible()]
    assert not any("2026" in text or "(" in text for text in texts)


class CountingBox(QLabel):
    """A box of a later feature: the page loads and clears it with the others."""

    def fetch(self, vault, _today) -> int:
        return len(vault.conn.execute("SELECT id FROM cases").fetchall())

    def display(self, _vault, count: int) -> None:
        self.setText(f"Sager i alt: {count}")

    def load(self, vault) -> None:
        self.display(vault, self.fetch(vault, None))

    def clear(self) -> None:
        super().clear()

    def shows_data(self) -> bool:
        return bool(self.text())


def test_more_boxes_can_be_added(page, vault, cases):
    box = CountingBox()
    frame = page.add_box("Sager", box)
    page.on_unlocked(vault)
    assert box.text() == "Sager i alt: 4"
    QApplication.processEvents()  # a widget added to a shown layout is shown on the next turn of the event loop
    assert frame.isVisible()
    page.on_locked()
    assert box.text() == "" and not page.shows_data()


@pytest.mark.demo_data(TODAY)
def test_the_demo_overview_fits_a_small_laptop_screen(qtbot, page, vault, tmp_path):
    page.on_unlocked(vault)
    QApplication.processEvents()
    assert page.deadlines.rows("overdue")
    assert page.findChild(QScrollArea).horizontalScrollBar().maximum() == 0
    table = page.deadlines.tables["overdue"]
    assert table.height() < 400  # a long group scrolls inside its table
    shot = page.grab()
    assert not shot.isNull()
    shot.save(str(tmp_path / "overblik.png"))


def test_showing_the_page_again_reloads_only_when_the_data_or_the_day_changed(page, vault, cases, monkeypatch):
    loads = []
    real = overview_page.deadline_groups
    monkeypatch.setattr(overview_page, "deadline_groups", lambda *args, **kw: loads.append(1) or real(*args, **kw))
    page.on_unlocked(vault)
    page.hide()
    page.show()
    assert len(loads) == 1  # nothing changed: the boxes are current
    before = page.deadlines.rows("overdue")
    mark_deadline_done(vault, before[0].id, today=TODAY)  # e.g. from the case editor
    page.hide()
    page.show()
    assert len(loads) == 2 and page.deadlines.rows("overdue") == before[1:]
    page.today = lambda: TODAY + timedelta(days=1)
    page.hide()
    page.show()
    assert len(loads) == 3 and page.date_label.text().startswith("Torsdag 12. marts")
