"""Overblik shows what is coming (issue 21, item 1) and fills its boxes without holding up the unlock (issue 20).

Issue 21: "'Denne uge (0)' on a Thursday while a sag is due four working days later: show I dag / De næste 10
arbejdsdage / Senere, and never list a withdrawn consent with 'Gyldigt til …'" (the withdrawn consent is held by
tests/ui/test_consent_badge_live.py). Issue 20: unlock to the filled main window at 50,000 cases in ≤ 0.6 s – the
boxes are read on a worker with its own connection after the window is shown, and a lock meanwhile waits for that
connection to close. Real vault, real services, Qt's real thread pool where threads matter; invented data only.
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from sspdesk.cases import NewCase, get_case, register_case
from sspdesk.coming_deadlines import deadline_groups, horizon
from sspdesk.preferences import set_closing_days
from sspdesk.ui import worker
from sspdesk.ui.overview import overview_boxes, overview_page
from sspdesk.ui.overview.overview_page import LOADING_TEXT, OverviewPage

THURSDAY = date(2026, 3, 12)


@pytest.fixture
def page(qtbot):
    widget = OverviewPage(today=lambda: THURSDAY)
    qtbot.addWidget(widget)
    widget.resize(1156, 690)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.on_locked()


def sag_due_four_working_days_later(vault) -> str:
    """A level II sag registered Mon 9 March: the Sagsmøde is called within 7 arbejdsdage → Wed 18 March, four
    working days after Thursday 12 March (Fri 13, Mon 16, Tue 17, Wed 18)."""
    return register_case(
        vault,
        NewCase(level="II", subject="Butikstyveri", person_name="Otto Opdigtet", cpr="120310-4321"),
        today=date(2026, 3, 9),
    ).id


def test_on_a_thursday_a_sag_due_four_working_days_later_is_among_the_next_ten_working_days(page, vault):
    """Issue 21, item 1: the walk-through's Thursday, where "Denne uge (0)" hid it."""
    case_id = sag_due_four_working_days_later(vault)
    number = get_case(vault, case_id).case.number
    page.on_unlocked(vault)

    coming = [(d.due, d.case_number) for d in page.deadlines.rows("next")]
    assert ("2026-03-18", number) in coming
    header = page.deadlines.headers["next"]
    assert header.isVisible() and header.text() == f"De næste 10 arbejdsdage ({len(coming)})"
    titles = [label.text() for label in page.deadlines.headers.values()]
    assert not any("uge" in title.split("(")[0] for title in titles)  # no calendar week anywhere
    assert [title.split(" (")[0] for title in titles] == [
        "Overskredet",
        "I dag",
        "De næste 10 arbejdsdage",
        "Senere",
        "Venter på en hændelse",
    ]


def test_the_next_ten_working_days_skip_holidays_and_the_municipal_closing_days(vault):
    """Working days from `sspdesk.workdays`: Easter 2026 (Skærtorsdag 2 April – 2. påskedag 6 April) and a closing
    day from Indstillinger move the tenth working day; a deadline after it is "Senere"."""
    # From Mon 30 March: 31, 1, (2–6 Easter), 7, 8, 9, 10, 13, 14, 15, 16 April → the 10th is Thu 16 April.
    assert horizon(vault, date(2026, 3, 30)) == date(2026, 4, 16)
    set_closing_days(vault, "04-15")  # a municipal closing day: one working day fewer
    assert horizon(vault, date(2026, 3, 30)) == date(2026, 4, 17)


def test_a_deadline_after_the_tenth_working_day_is_later_and_counted(vault):
    case_id = sag_due_four_working_days_later(vault)
    groups = deadline_groups(vault, date(2026, 3, 2))  # the 10th working day after Mon 2 March is Mon 16 March
    later = [(d.due, d.case_id) for d in groups["later"].rows]
    assert ("2026-03-18", case_id) in later and groups["later"].total == len(later)
    assert not [d for d in groups["next"].rows if d.case_id == case_id]


def test_a_long_consent_list_shows_its_first_rows_and_counts_the_rest(page, vault, monkeypatch):
    person = {"person_name": "Otto Opdigtet", "cpr": "120310-4321"}
    for day in range(2, 7):  # five open sager without a consent
        register_case(vault, NewCase(level="II", subject="Hærværk", **person), today=date(2026, 3, day))
    monkeypatch.setattr(overview_boxes, "SHOWN_ROWS", 2)
    box = overview_boxes.consents_box(lambda: THURSDAY)
    page.add_box("Samtykker", box)
    page.on_unlocked(vault)
    assert len(box.rows()) == 2 and [a.status for a in box.rows()] == ["missing", "missing"]
    assert box.summary_label.text().startswith("5 åbne DKE-Sager uden gyldigt samtykke")
    assert not box.more_label.isHidden() and box.more_label.text() == "og 3 flere …"


# -- filled on the worker (issue 20) ----------------------------------------------------------------------------


@pytest.fixture
def real_threads():
    with worker.use_pool(None):  # Qt's global QThreadPool: jobs run on real worker threads
        yield
    worker.wait_for_all()


def test_in_the_main_window_the_boxes_are_read_on_a_worker_after_the_page_is_shown(
    qtbot, page, vault, real_threads, monkeypatch
):
    sag_due_four_working_days_later(vault)
    expected = [(d.due, d.case_number) for d in deadline_groups(vault, THURSDAY)["next"].rows]
    threads = []
    real = overview_page.deadline_groups
    monkeypatch.setattr(
        overview_page, "deadline_groups", lambda *a, **kw: threads.append(threading.get_ident()) or real(*a, **kw)
    )
    page.fill_on_worker = True
    page.on_unlocked(vault)
    # The unlock is over: nothing read yet, the page says it is on its way.
    assert threads == [] and page.deadlines.rows("next") == []
    assert page.fill_label.isVisible() and page.fill_label.text() == LOADING_TEXT
    qtbot.waitUntil(lambda: not page.filler.filling, timeout=10_000)
    assert threads and threads[0] != threading.get_ident()  # read on a worker thread, with its own connection
    assert [(d.due, d.case_number) for d in page.deadlines.rows("next")] == expected
    assert not page.fill_label.isVisible()


def test_locking_while_the_boxes_are_read_waits_for_the_job_and_shows_nothing(
    qtbot, page, vault, real_threads, monkeypatch
):
    sag_due_four_working_days_later(vault)
    started, release = threading.Event(), threading.Event()
    real = overview_page.deadline_groups

    def slow(*args, **kwargs):
        started.set()
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(overview_page, "deadline_groups", slow)
    page.fill_on_worker = True
    page.on_unlocked(vault)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    threading.Timer(0.3, release.set).start()
    began = time.monotonic()
    page.on_locked()  # waits until the job's connection is closed
    assert time.monotonic() - began >= 0.2
    vault.close()  # no job holds a connection: the vault closes (it refuses while one does)
    for _ in range(20):
        QApplication.processEvents()  # the job's late result arrives and is dropped
        time.sleep(0.01)
    assert not page.shows_data() and not page.fill_label.isVisible()


def test_a_lock_before_the_job_began_opens_no_connection(qtbot, page, vault, real_threads, monkeypatch):
    calls = []
    monkeypatch.setattr(overview_page, "deadline_groups", lambda *a, **kw: calls.append(1))
    page.fill_on_worker = True
    page.on_unlocked(vault)  # the job is started on the next turn of the event loop
    page.on_locked()
    vault.close()
    for _ in range(20):
        QApplication.processEvents()
        time.sleep(0.01)
    assert calls == [] and not page.shows_data()


def test_a_lock_interrupts_a_query_that_would_run_for_ever(qtbot, page, vault, real_threads, monkeypatch):
    """A lock must not wait for a count over a huge vault: the job's query is interrupted, its result dropped."""
    running = threading.Event()

    def endless(vault, *args, **kwargs):
        running.set()
        endless_count = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r"
        return vault.conn.execute(endless_count).fetchone()

    monkeypatch.setattr(overview_page, "deadline_groups", endless)
    page.fill_on_worker = True
    page.on_unlocked(vault)
    qtbot.waitUntil(running.is_set, timeout=10_000)
    began = time.monotonic()
    page.on_locked()
    assert time.monotonic() - began < 5
    vault.close()
    for _ in range(20):
        QApplication.processEvents()
        time.sleep(0.01)
    assert not page.shows_data() and not page.fill_label.isVisible()


def test_a_lock_also_interrupts_a_query_that_begins_just_after_the_interrupt(
    qtbot, page, vault, real_threads, monkeypatch
):
    """SQLite's interrupt reaches only a running statement: a query the job begins just after the lock's interrupt
    (between two of its queries) must be interrupted as well, not waited for (this one would count for minutes)."""
    running, go = threading.Event(), threading.Event()

    def late_long_count(vault, *args, **kwargs):
        running.set()
        go.wait(10)  # the lock's first interrupt comes while no statement runs
        long_count = (
            "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 500000000) SELECT count(*) FROM r"
        )
        return vault.conn.execute(long_count).fetchone()

    monkeypatch.setattr(overview_page, "deadline_groups", late_long_count)
    page.fill_on_worker = True
    page.on_unlocked(vault)
    qtbot.waitUntil(running.is_set, timeout=10_000)
    threading.Timer(0.2, go.set).start()
    began = time.monotonic()
    page.on_locked()
    assert time.monotonic() - began < 5
    vault.close()
    assert not page.shows_data()
