"""The statistics window shows what the sheet shows (issue 18 item 6): the active profile's title, the breakdowns by
area, source, age band and crime type with 1–4 as "<5", and the definition of "Frister overholdt" under its chart.
The new-case dialog takes a sag's crime type. Real vault; every name and number is invented."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from sspdesk.cases import NewCase, register_case
from sspdesk.domain.statistics import DEADLINES_DEFINITION, SUPPRESSED
from sspdesk.store.settings import set_setting
from sspdesk.ui.cases.case_dialogs import NewCaseDialog
from sspdesk.ui.overview.statistics_view import StatisticsView

TODAY = date(2026, 3, 11)


def test_the_statistics_view_shows_the_profile_title_the_breakdowns_and_the_deadline_definition(qtbot, vault):
    with vault.transaction() as conn:
        set_setting(conn, "areas", ["Nordskolen", "Sydskolen"])
    for i in range(7):
        new = NewCase(
            level="II",
            subject="Hærværk på biler",
            registered=date(2026, 2, 2),
            area="Nordskolen" if i < 5 else "Sydskolen",
            person_name=f"Malthe Demosen{i}",
            cpr=f"0404{11}-4{i:03d}",
            source="Skole",
            crime_type="Hærværk" if i < 5 else "Indbrud",
        )
        register_case(vault, new)
    view = StatisticsView(vault, TODAY)
    qtbot.addWidget(view)
    view.resize(1100, 1600)
    assert view.heading.text() == "Statistik til Styregruppen (Lokalrådet) · Albertslund Kommune (DKE)"
    area = {row.key: row.count for row in view.charts["cases_by_area"].rows}
    assert area == {"Nordskolen": 5, "Sydskolen": SUPPRESSED, "": 0}
    crime = {row.key: row.count for row in view.charts["sager_by_crime"].rows}
    assert crime["Hærværk"] == 5 and crime["Indbrud"] == SUPPRESSED
    assert {row.key: row.count for row in view.charts["sager_by_age"].rows}["14_15"] == 7
    assert any(label.text() == DEADLINES_DEFINITION for label in view.findChildren(QLabel))


def test_the_new_case_dialog_records_a_sags_crime_type_and_hides_it_for_a_journal(qtbot, vault):
    dialog = NewCaseDialog(vault, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.level.setCurrentIndex(dialog.level.findData("II"))
    dialog.subject.setText("Hærværk på biler")
    dialog.person_name.setText("Freja Fiktivsen")
    dialog.cpr.setText("040411-4000")
    dialog.crime_type.setCurrentText("Hærværk")
    dialog.ok_button.click()
    assert dialog.created is not None
    assert dialog.created.sections["flow"].fields == {"kriminalitetstype": "Hærværk"}
    journal = NewCaseDialog(vault, today=TODAY)
    qtbot.addWidget(journal)
    journal.level.setCurrentIndex(journal.level.findData("II"))
    journal.crime_type.setCurrentText("Vold")
    journal.level.setCurrentIndex(journal.level.findData("I"))  # a journal has no case flow (Bilag 5)
    assert journal.crime_type.currentText() == "" and journal.new_case().crime_type == ""
    assert not journal.form.isRowVisible(journal.crime_type)
