"""Indstillinger: the new boxes save through the preferences services, show refusals inline in Danish, ask before the
classification model changes, and leave nothing behind when the vault locks. Real vault, real files, real keys."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pyrage import x25519
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea

from sspdesk import preferences as prefs
from sspdesk.cases import active_profile
from sspdesk.resources import resource
from sspdesk.store import audit
from sspdesk.ui.settings.settings_page import SettingsPage


@pytest.fixture
def page(qtbot, vault):
    widget = SettingsPage()
    widget.questions = []
    qtbot.addWidget(widget)
    widget.resize(1156, 690)  # the page's share of a 1366×768 screen
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_unlocked(vault)
    yield widget
    widget.on_locked()


def answer(page: SettingsPage, yes: bool) -> None:
    """Answer the model question with `yes`, and remember what was asked."""

    def confirm(title: str, text: str) -> bool:
        page.questions.append(text)
        return yes

    page.profile_box.confirm = confirm


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def profile_file(tmp_path: Path, **changed) -> Path:
    data = json.loads(resource("profiles", "albertslund.json").read_text(encoding="utf-8"))
    data.update({"id": "testkommune", "name": "Testkommune (SSP)", **changed})
    path = tmp_path / "testkommune.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_user_and_municipality_are_saved_with_enter_and_logged(qtbot, page, vault):
    box = page.user_box
    assert box.edits["user_name"].text() == "Test Koordinator"
    assert not box.save_button.isEnabled()  # nothing to save yet
    type_into(qtbot, box.edits["user_role"], "  SSP-konsulent ")
    assert box.save_button.isEnabled()
    with qtbot.waitSignal(page.user_changed) as changed:
        qtbot.keyClick(box.edits["user_role"], Qt.Key.Key_Return)
    assert changed.args == ["Test Koordinator"]
    assert vault.setting("user_role") == "SSP-konsulent"
    assert box.edits["user_role"].text() == "SSP-konsulent"  # shown as saved: trimmed
    assert box.message.text() == "Gemt."

    mun = page.municipality_box
    type_into(qtbot, mun.edits["municipality"], "Testkommune")
    type_into(qtbot, mun.edits["municipality_phone"], "40 00 00 00")
    mun.save_button.click()
    assert (vault.setting("municipality"), vault.setting("municipality_phone")) == ("Testkommune", "40 00 00 00")
    keys = [e.detail for e in audit.entries(vault.conn, action="settings.change")]
    assert sorted(keys) == ["municipality", "municipality_phone", "user_role"]


def test_a_refused_value_is_shown_inline_and_nothing_is_saved(qtbot, page, vault):
    mun = page.municipality_box
    type_into(qtbot, mun.edits["municipality"], "Testkommune")
    type_into(qtbot, mun.edits["municipality_phone"], "ring til rådhuset")
    mun.save_button.click()
    assert mun.message.isVisible()
    assert mun.message.text() == "Telefonnummeret må kun indeholde tal, mellemrum og + ( ) -."
    assert QApplication.focusWidget() is mun.edits["municipality_phone"]
    assert vault.setting("municipality") == ""
    qtbot.keyClicks(mun.edits["municipality_phone"], "x")  # editing again hides the old message
    assert not mun.message.isVisible()

    type_into(qtbot, page.user_box.edits["user_name"], " ")
    page.user_box.save_button.click()
    assert page.user_box.message.text() == "Skriv dit navn."
    assert vault.setting("user_name") == "Test Koordinator"


def test_fagsystem_key_must_be_an_age_public_key(qtbot, page, vault):
    box = page.fagsystem_box
    edit = box.edits["fagsystem_recipient"]
    type_into(qtbot, edit, "age1forkert")
    box.save_button.click()
    assert box.message.text().startswith("Nøglen er ikke en gyldig offentlig age-nøgle")
    assert prefs.text_setting(vault, "fagsystem_recipient") == ""
    key = str(x25519.Identity.generate().to_public())
    type_into(qtbot, edit, key)
    box.save_button.click()
    assert vault.setting("fagsystem_recipient") == key


def test_changing_the_model_asks_first_and_can_be_declined(qtbot, page, vault):
    combo = page.profile_box.combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["albertslund", "koebenhavn"]
    assert combo.currentData() == "albertslund"
    assert "DKE-Journal" in page.profile_box.description.text()
    levels = "Niveauer: I Risikoadfærd · II Kriminalitet · III Kvalificeret kriminalitet"
    assert page.profile_box.levels.text() == levels

    answer(page, False)
    combo.setCurrentIndex(1)
    combo.activated.emit(1)  # what a user's choice sends
    assert "Eksisterende sager og deres frister ændres ikke" in page.questions[0]
    assert vault.setting("profile") == "albertslund"
    assert combo.currentData() == "albertslund"  # the choice is undone on screen too

    answer(page, True)
    combo.setCurrentIndex(1)
    with qtbot.waitSignal(page.profile_changed) as changed:
        combo.activated.emit(1)
    assert vault.setting("profile") == "koebenhavn"
    assert changed.args == ["Københavns Kommune (SSP København)"]
    assert page.profile_box.levels.text().startswith("Niveauer: 1 Tidlig bekymring")
    assert page.profile_box.message.text() == "Modellen er skiftet til Københavns Kommune (SSP København)."


def test_importing_a_profile_file_makes_it_the_model(qtbot, page, vault, tmp_path):
    answer(page, True)
    with qtbot.waitSignal(page.profile_changed):
        page.profile_box.import_file(str(profile_file(tmp_path)))
    assert "Indlæs „Testkommune (SSP)“" in page.questions[0]
    assert vault.setting("profile") == "testkommune"
    assert active_profile(vault).name == "Testkommune (SSP)"
    combo = page.profile_box.combo
    assert combo.currentData() == "testkommune"
    assert combo.currentText() == "Testkommune (SSP) – indlæst profilfil"


def test_an_invalid_profile_file_is_refused_inline_naming_the_field(qtbot, page, vault, tmp_path):
    answer(page, True)
    data = json.loads(resource("profiles", "albertslund.json").read_text(encoding="utf-8"))
    data["levels"][0]["deadlines"][0]["unit"] = "fortnights"
    bad = tmp_path / "forkert.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page.profile_box.import_file(str(bad))
    message = page.profile_box.message
    assert message.isVisible() and "levels.0.deadlines.0.unit" in message.text()
    assert "ugyldig værdi 'fortnights'" in message.text()
    assert page.questions == []  # nothing to ask about a file that cannot be used
    assert vault.setting("profile") == "albertslund"


def test_replacing_a_builtin_profile_says_so_in_the_question(qtbot, page, vault, tmp_path):
    answer(page, False)
    page.profile_box.import_file(str(profile_file(tmp_path, id="albertslund")))
    assert "samme id (albertslund) som „Albertslund Kommune (DKE)“ og erstatter den" in page.questions[0]
    assert prefs.profile_source("albertslund") == "builtin"  # declined: nothing copied


def test_areas_are_added_renamed_and_removed_with_the_keyboard(qtbot, page, vault):
    box = page.areas_box
    for name in ("Nordskolen", "Sydskolen", "Midtbyen"):
        qtbot.keyClicks(box.new_area, name)
        qtbot.keyClick(box.new_area, Qt.Key.Key_Return)
    assert prefs.areas(vault) == ["Nordskolen", "Sydskolen", "Midtbyen"]
    assert box.new_area.text() == ""

    qtbot.keyClicks(box.new_area, "nordskolen")
    qtbot.keyClick(box.new_area, Qt.Key.Key_Return)
    assert box.message.text() == "Området „nordskolen“ står der allerede."
    assert box.new_area.text() == "nordskolen"  # kept, so it can be corrected
    assert prefs.areas(vault) == ["Nordskolen", "Sydskolen", "Midtbyen"]

    box.list.item(1).setText("Sydskolen og Vestskolen")  # what the in-place editor (F2) commits
    assert prefs.areas(vault) == ["Nordskolen", "Sydskolen og Vestskolen", "Midtbyen"]
    box.list.item(2).setText("  ")
    assert box.message.text() == "Et område skal have et navn."
    assert box.names() == prefs.areas(vault)  # the list shows what is saved

    box.list.setFocus()
    box.list.setCurrentRow(0)
    qtbot.keyClick(box.list, Qt.Key.Key_Delete)
    assert prefs.areas(vault) == ["Sydskolen og Vestskolen", "Midtbyen"]
    assert box.list.currentRow() == 0


def test_autolock_and_backup_settings_go_through_the_services(qtbot, page, vault, tmp_path):
    assert (page.autolock.minimum(), page.autolock.maximum()) == prefs.AUTOLOCK_RANGE
    with qtbot.waitSignal(page.autolock_changed):
        page.autolock.setValue(30)
    page.backup_count.setValue(4)
    assert (vault.setting("autolock_minutes"), vault.setting("backup_count")) == (30, 4)
    page.set_backup_folder(str(tmp_path / "findes-ikke"))
    assert page.backup_message.text().startswith("Mappen findes ikke:")
    page.set_backup_folder(str(tmp_path))
    assert not page.backup_message.isVisible()
    assert page.backup_folder.text() == str(tmp_path.resolve())
    keys = {e.detail for e in audit.entries(vault.conn, action="settings.change")}
    assert keys == {"autolock_minutes", "backup_count", "backup_dir"}


def test_locking_clears_every_box(qtbot, page, vault, tmp_path):
    prefs.set_areas(vault, ["Nordskolen"])
    prefs.set_municipality(vault, "Testkommune", "Rådhuset 1", "40 00 00 00")
    page.on_unlocked(vault)
    page.areas_box.new_area.setText("Halvskrevet")
    assert page.shows_data()
    page.on_locked()
    assert not page.shows_data()
    assert all(
        edit.text() == "" for edit in page.findChildren(QLineEdit) if not edit.parent().inherits("QAbstractSpinBox")
    )
    assert page.profile_box.combo.count() == 0 and page.areas_box.list.count() == 0
    assert not page.profile_box.combo.isEnabled() and not page.user_box.save_button.isEnabled()


@pytest.mark.demo_data(date.today())  # as fill_demo(vault)
def test_the_page_fits_the_width_of_a_small_laptop_screen(qtbot, page, vault, tmp_path):
    prefs.set_areas(vault, ["Nordskolen", "Sydskolen", "Vestskolen", "Midtbyen"])
    page.on_unlocked(vault)
    QApplication.processEvents()
    scroll = page.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0  # only vertical scrolling
    shot = page.grab()
    assert not shot.isNull() and shot.width() == 1156
    shot.save(str(tmp_path / "indstillinger.png"))


def test_tab_goes_down_the_left_column_then_the_right_one(qtbot, page):
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.municipality_box.edits["municipality"].setFocus()
    visited = []
    for _ in range(12):
        visited.append(QApplication.focusWidget())
        qtbot.keyClick(visited[-1], Qt.Key.Key_Tab)
    mun, user = page.municipality_box.edits, page.user_box.edits
    assert visited == [
        mun["municipality"],
        mun["municipality_address"],
        mun["municipality_phone"],
        page.profile_box.combo,
        page.profile_box.import_button,
        page.leader_box.edits["leader_name"],
        page.closing_days_box.edits["closing_days"],
        page.areas_box.list,
        page.areas_box.new_area,
        user["user_name"],
        user["user_role"],
        page.autolock,
    ]
