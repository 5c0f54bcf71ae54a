"""Overblik's extra boxes list exactly the due items of a constructed vault – meetings in the next 14 days, open
dispositions (overdue in red), sager whose consent is missing, unsigned or expiring, sager past retention, import
conflicts – each row opens its record through the page's signals, and everything is forgotten on lock. The
Statistik… button opens the statistics dialog. Real vault, real services; all names and numbers are invented."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from sspdesk.bundles.merge import Version, merge_versions
from sspdesk.cases import NewCase, close_case, register_case
from sspdesk.consents import ConsentContact, create_consent, mark_signed, new_consent_input
from sspdesk.dispositions import add_disposition, set_disposition_done
from sspdesk.meetings import cancel_meeting, create_meeting
from sspdesk.store import records
from sspdesk.ui.overview.overview_page import OVERDUE_COLOUR, OverviewPage
from support.templates import new_vault

TODAY = date(2026, 3, 11)


def sag(vault, subject: str, name: str, cpr: str, registered: date = date(2026, 2, 2)) -> str:
    return register_case(
        vault, NewCase(level="II", subject=subject, registered=registered, person_name=name, cpr=cpr)
    ).id


def consent(vault, case_id: str, *, signed: bool, until: date | None = None) -> str:
    form = replace(
        new_consent_input(vault, case_id, today=date(2026, 2, 3)),
        giver_name="Hanne Opdigtet",
        giver_cpr="020375-1234",
        exchange_text="Skolegang.",
        categories=("skole",),
        valid_until=until,
        contacts=(ConsentContact("primary", "Birte Demoholm", "Politiet", party_type="politi"),),
    )
    made = create_consent(vault, form)
    if signed:
        mark_signed(
            vault, made.id, made.cosign_required, None, "Originalen ligger i papirsagen.", today=date(2026, 2, 3)
        )
    return made.id


@pytest.fixture
def world(vault) -> dict:
    def meeting(forum: str, when: str) -> str:
        return create_meeting(vault, forum, when, area="Nordskolen", accept_agenda=False).detail.id

    ids = {
        "soon": meeting("Koordinationsmøde", "2026-03-13T14:00"),
        "last_day": meeting("Sagsmøde", "2026-03-25T09:30"),
        "too_late": meeting("Sagsmøde", "2026-03-26T09:30"),
        "past": meeting("Koordinationsmøde", "2026-03-10T14:00"),
        "cancelled": meeting("Koordinationsmøde", "2026-03-12T14:00"),
    }
    ids["overdue"] = add_disposition(vault, ids["past"], "Lokalbetjent", "Kører forbi stationen", due="2026-03-09").id
    ids["later"] = add_disposition(vault, ids["past"], "Skolen", "Holder forældremøde", due="2026-03-20").id
    done = add_disposition(vault, ids["past"], "Klubben", "Inviterer til fodbold", due="2026-03-01")
    set_disposition_done(vault, done.id, today=TODAY)
    add_disposition(vault, ids["cancelled"], "Klubben", "Aflyst møde", due="2026-03-01")
    cancel_meeting(vault, ids["cancelled"])

    ids["missing"] = sag(vault, "Butikstyveri", "Oskar Opdigtet", "120310-4321")
    ids["valid"] = sag(vault, "Indbrud", "Ida Påfundsen", "050409-5122")
    consent(vault, ids["valid"], signed=True)
    ids["unsigned"] = sag(vault, "Hærværk", "Malthe Demosen", "230808-4127")
    ids["unsigned_consent"] = consent(vault, ids["unsigned"], signed=False)
    ids["expiring"] = sag(vault, "Røveri", "Freja Fiktivsen", "170209-4322")
    ids["expiring_consent"] = consent(vault, ids["expiring"], signed=True, until=TODAY + timedelta(days=10))
    closed = sag(vault, "Trusler", "Noah Testrup", "011109-4123")
    close_case(vault, closed, "Afsluttet.", "Overdrages ikke", today=TODAY)
    register_case(vault, NewCase(level="I", subject="Uro ved stationen", registered=TODAY))
    ids["retention"] = sag(vault, "Indbrud i kiosk", "Alma Eksempelsen", "120203-4121", date(2019, 5, 6))
    close_case(vault, ids["retention"], "Afsluttet.", "Overdrages ikke", today=date(2020, 1, 15))
    close_case(
        vault,
        sag(vault, "Hash", "Viggo Digtesen", "120204-4122", date(2022, 5, 6)),
        "Afsluttet.",
        "Overdrages ikke",
        today=date(2023, 1, 15),
    )  # retention runs out in 2028
    # A colleague's concurrent edit of one sag waits as an import conflict.
    row = records.get_row(vault.conn, "cases", ids["missing"])
    theirs = replace(Version.from_row("cases", row), vv={"kollegaens-enhed": 1})
    theirs = replace(theirs, data={**theirs.data, "coordinator": "Bo fra B"})
    with vault.transaction() as conn:
        merge_versions(conn, vault.device_id, [theirs])
    return ids


@pytest.fixture
def page(qtbot, vault, world):
    widget = OverviewPage(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_unlocked(vault)
    yield widget
    widget.on_locked()


def box(page: OverviewPage, title: str):
    return page.extra[title]


def test_the_boxes_list_exactly_the_due_items(page, world):
    meetings = box(page, "Kommende møder")
    assert [m.id for m in meetings.rows()] == [world["soon"], world["last_day"]]
    assert meetings.summary_label.text() == "2 møder de næste 14 dage."

    dispositions = box(page, "Åbne dispositioner")
    assert [d.id for d in dispositions.rows()] == [world["overdue"], world["later"]]
    assert dispositions.summary_label.text() == "2 åbne dispositioner, 1 overskredet."
    model = dispositions.model
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None

    consents = box(page, "Samtykker, der mangler eller udløber")
    assert [(a.case_id, a.status) for a in consents.rows()] == [
        (world["expiring"], "expiring"),
        (world["unsigned"], "unsigned"),
        (world["missing"], "missing"),
    ]
    assert consents.model.index(0, 0).data() == "Samtykket udløber snart"

    retention = box(page, "Sager til sletning")
    assert [c.id for c in retention.rows()] == [world["retention"]]

    conflicts = box(page, "Importkonflikter")
    assert [(c.table, c.record_id) for c in conflicts.rows()] == [("cases", world["missing"])]
    assert conflicts.model.index(0, 1).data() == "Sag"
    # No box shows the person data of the sager it lists.
    texts = [
        box(page, title).model.index(r, c).data()
        for title in page.extra
        for r in range(box(page, title).model.rowCount())
        for c in range(box(page, title).model.columnCount())
    ]
    assert not any(name in str(text) for text in texts for name in ("Oskar", "Opdigtet", "120310", "Bo fra B"))


def test_each_row_opens_its_record(qtbot, page, world):
    cases = [
        ("Kommende møder", 0, page.open_meeting_requested, [world["soon"]]),
        ("Åbne dispositioner", 0, page.open_meeting_requested, [world["past"]]),
        ("Samtykker, der mangler eller udløber", 0, page.open_consent_requested, [world["expiring_consent"]]),
        ("Samtykker, der mangler eller udløber", 1, page.open_consent_requested, [world["unsigned_consent"]]),
        ("Samtykker, der mangler eller udløber", 2, page.open_case_requested, [world["missing"]]),
        ("Sager til sletning", 0, page.open_case_requested, [world["retention"]]),
        ("Importkonflikter", 0, page.open_exchange_requested, []),
    ]
    for title, row, signal, args in cases:
        with qtbot.waitSignal(signal) as opened:
            box(page, title).open_row(row)
        assert opened.args == args, title
    table = box(page, "Kommende møder").table
    table.setFocus()
    table.setCurrentIndex(table.model().index(1, 1))
    with qtbot.waitSignal(page.open_meeting_requested) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [world["last_day"]]


def test_empty_boxes_say_so_and_lock_forgets_everything(qtbot, vault, page):
    page.on_locked()
    assert not page.shows_data()
    assert all(not b.summary_label.text() and b.model.rowCount() == 0 for b in page.extra.values())
    assert not page.statistics_button.isEnabled()


def test_empty_vault_shows_the_empty_lines(qtbot, tmp_path):
    empty = new_vault(tmp_path / "tom.sspvault", "en anden kode æøå")
    widget = OverviewPage(today=lambda: TODAY)
    qtbot.addWidget(widget)
    try:
        widget.on_unlocked(empty)
        assert box(widget, "Kommende møder").summary_label.text() == "Ingen møder de næste 14 dage."
        assert box(widget, "Importkonflikter").summary_label.text() == "Ingen importkonflikter venter."
        assert not box(widget, "Åbne dispositioner").table.isVisibleTo(widget)
    finally:
        widget.on_locked()
        empty.close()


def test_statistics_opens_in_a_dialog_and_closes_on_lock(qtbot, page):
    assert page.statistics_button.isEnabled()
    qtbot.mouseClick(page.statistics_button, Qt.MouseButton.LeftButton)
    dialog = page.statistics_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.view.stats is not None and dialog.view.charts["cases_by_level"].rows
    page.on_locked()
    assert page.statistics_dialog is None and not dialog.isVisible()
    assert not dialog.view.shows_data()
