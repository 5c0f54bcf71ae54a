"""Every focusable widget has an accessible name and Tab follows the reading order (issue 21, item 10): on every
page of the main window with the demo data, in every window its buttons and menus open, in the first-run and unlock
dialogs and in Qt's own file dialog. The names come from `sspdesk.ui.accessibility`, installed by the controller
with the main window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.demo.vault import DEMO_PASSPHRASE, ensure_demo_vault
from sspdesk.dispositions import add_disposition
from sspdesk.meetings import get_meeting
from sspdesk.store.vault import Vault
from sspdesk.ui import accessibility, worker
from sspdesk.ui.app import configure_application
from sspdesk.ui.main_window import MainWindow
from sspdesk.ui.meetings.meeting_models import COL_DUE, COL_WHAT, DispositionModel
from sspdesk.ui.vault.first_run import CreateVaultDialog
from sspdesk.ui.vault.unlock_dialog import UnlockDialog
from support.meetings import make_meeting
from support.ui_crawl import Crawl


@pytest.fixture
def named_application(qapp):
    """The namer installed, as the controller does when it builds the main window; removed afterwards."""
    configure_application(qapp)
    accessibility.install(qapp)
    yield qapp
    accessibility.uninstall(qapp)


@pytest.fixture
def unnamed_application(qapp):
    """No namer: what the unlock dialog has at start (the filter comes with the main window)."""
    configure_application(qapp)
    accessibility.uninstall(qapp)
    yield qapp
    accessibility.uninstall(qapp)


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ensure_demo_vault(tmp_path_factory.mktemp("demo") / "demo.sspvault")


def report(findings: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}:\n  " + "\n  ".join(sorted(set(missing))) for where, missing in findings.items())


def test_every_page_and_every_window_it_opens_names_each_focusable_widget(
    named_application, qtbot, demo_copy, monkeypatch
):
    vault = Vault.open(demo_copy, DEMO_PASSPHRASE)
    crawl = Crawl(monkeypatch)
    with worker.use_pool(worker.SyncPool()):
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.set_vault(vault)
        window.show()
        try:
            for index in range(window.nav.count()):
                window.show_page(index)
                page = window.stack.currentWidget()
                crawl.click_everything(window, page, window.nav.item(index).text())
                window.show_page(index)
            crawl.trigger_menus(window, [a.menu() for a in window.menuBar().actions() if a.menu()], "Menu")
        finally:
            window.clear()
            vault.close()
    assert len(crawl.checked) > 40, crawl.checked  # the crawl really opened the pages and their dialogs
    assert not crawl.findings, "Fokuserbare felter uden tilgængeligt navn:\n" + report(crawl.findings)
    assert not crawl.jumps, "Tab går mod læseretningen:\n" + report(crawl.jumps)


def test_the_first_run_and_unlock_dialogs_name_each_focusable_widget_by_themselves(
    unnamed_application, qtbot, tmp_path
):
    create = CreateVaultDialog(tmp_path / "ny.sspvault")
    unlock = UnlockDialog(tmp_path / "ny.sspvault")
    for dialog in (create, unlock):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert accessibility.nameless(dialog) == [], dialog.windowTitle()


def test_qts_own_file_dialog_is_named_and_danish(named_application, qtbot):
    dialog = QFileDialog(None, "Vælg kommunens logo", str(Path.home()), "Billeder (*.png);;Alle filer (*)")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Kig i:", "Filer af &typen:"} <= texts
    assert not any("Look in" in text or "Files of" in text for text in texts)
    assert accessibility.nameless(dialog) == []


def test_names_are_derived_from_labels_placeholders_and_tooltips_where_qt_finds_none(named_application, qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    search = QLineEdit()
    search.setPlaceholderText("Søg i sager")
    caption = QLabel("Sikkerhedskopier (nyeste øverst):")
    backups = QListWidget()
    row = QHBoxLayout()
    form = QFormLayout()
    level = QComboBox()
    form.addRow("&Niveau:", row)
    row.addWidget(level)
    tool = QToolButton()
    tool.setToolTip("Kopiér din offentlige nøgle")
    for widget in (search, caption, backups, tool):
        layout.addWidget(widget)
    layout.addLayout(form)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert [accessibility.qt_name(w) for w in (search, backups, level, tool)] == [
        "Søg i sager",
        "Sikkerhedskopier (nyeste øverst)",
        "Niveau",
        "Kopiér din offentlige nøgle",
    ]
    assert accessibility.nameless(window) == []


def test_a_list_filled_after_the_fields_below_it_is_still_read_first_with_tab(named_application, qtbot):
    # Rows made after the fields under them (a case's registered visits, a consent's persons) went last in Tab.
    window = QWidget()
    outer = QVBoxLayout(window)
    search = QLineEdit()
    search.setPlaceholderText("Søg")
    outer.addWidget(search)
    bar = QWidget()
    outer.addWidget(bar)
    layout = QVBoxLayout(bar)
    rows = QVBoxLayout()
    layout.addLayout(rows)
    field, button = QLineEdit(), QToolButton()
    button.setText("Registrér")
    field.setPlaceholderText("Bemærkning")
    layout.addWidget(field)
    layout.addWidget(button)
    qtbot.addWidget(window)
    window.show()
    late = [QToolButton() for _ in range(2)]
    for number, remove in enumerate(late):
        remove.setText(f"Fjern {number}")
        rows.addWidget(remove)
        remove.show()
    assert accessibility.tab_order_jumps(window)  # as made: the new rows come last
    accessibility.reading_order(bar)
    assert [accessibility.qt_name(w) for w in accessibility.tab_chain(window)] == [
        "Søg",
        "Fjern 0",
        "Fjern 1",
        "Bemærkning",
        "Registrér",
    ]
    assert accessibility.tab_order_jumps(window) == []


def test_an_overdue_deadline_is_marked_with_an_icon_and_the_word_not_only_in_red(qapp, vault):
    setup = make_meeting(vault)
    add_disposition(vault, setup.meeting_id, "SSP", "Kontakt skolen", due=date(2026, 3, 20))
    add_disposition(vault, setup.meeting_id, "Politi", "Tal med klubben", due=date(2026, 5, 20))
    model = DispositionModel(today=lambda: date(2026, 4, 1))
    model.set_rows(get_meeting(vault, setup.meeting_id).dispositions)
    rows = {model.data(model.index(r, COL_WHAT)): r for r in range(model.rowCount())}
    late, early = model.index(rows["Kontakt skolen"], COL_DUE), model.index(rows["Tal med klubben"], COL_DUE)
    assert not model.data(late, Qt.ItemDataRole.DecorationRole).isNull()
    assert model.data(late, Qt.ItemDataRole.AccessibleTextRole).endswith(", overskredet")
    assert model.data(early, Qt.ItemDataRole.DecorationRole) is None
    assert model.data(early, Qt.ItemDataRole.AccessibleTextRole) is None
