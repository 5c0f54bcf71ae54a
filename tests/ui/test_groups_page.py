"""Grupper: list and editor on a real vault. A group with a DKE-Journal member never shows the journal's number in
any widget (list, editor, member table, labels); the sag-aware view shows names only when asked; text is saved with
history and refused with the journal rule; dialogs add and remove members; lock clears everything."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTableWidget, QWidget

from sspdesk import groups
from sspdesk.cases import NewCase, register_case
from sspdesk.groups import NewGroup
from sspdesk.meetings import create_meeting, get_meeting
from sspdesk.ui.groups.groups_page import COL_MEMBERS, GroupsPage

TODAY = date(2026, 3, 11)


@pytest.fixture
def world(vault) -> dict:
    def add(level: str, subject: str, **person) -> object:
        return register_case(
            vault, NewCase(level=level, subject=subject, registered=TODAY, area="Nordskolen", **person)
        )

    journal, other = add("I", "Sten mod busser"), add("I", "Uro i skolegården")
    sag = add("II", "Røveri", person_name="Oskar Opdigtet", cpr="120310-4321")
    group = groups.create_group(vault, NewGroup("Gruppe ved stationen", "Nordskolen"), today=TODAY)
    groups.add_member(vault, group.id, journal.id, today=TODAY)
    groups.add_member(vault, group.id, sag.id, "toneangivende", today=TODAY)
    groups.save_section(vault, group.id, "screening", {"adfaerd": "Sten mod busser fredag aften."})
    calm = groups.create_group(vault, NewGroup("Unge ved centret", "Midtbyen"), today=date(2026, 1, 5))
    return {"journal": journal, "other": other, "sag": sag, "group": group, "calm": calm}


@pytest.fixture
def page(qtbot, vault, world):
    widget = GroupsPage(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_unlocked(vault)
    widget.ask_discard = lambda: True
    yield widget
    widget.on_locked()


def every_text(root: QWidget, visible_only: bool = True) -> str:
    """All text the page shows (or holds, with visible_only=False): labels, fields, combos, tables, list models."""
    parts = []
    for widget in root.findChildren(QWidget):
        if visible_only and not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QLineEdit):
            parts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            parts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            parts += [
                str(model.index(r, c).data() or "")
                for r in range(model.rowCount(QModelIndex()))
                for c in range(model.columnCount(QModelIndex()))
            ]
    return "\n".join(parts)


def open_group(page: GroupsPage, group_id: str) -> None:
    page.select_group(group_id)
    assert page.editor.group_id() == group_id


def test_list_shows_counts_and_the_editor_never_the_journal(page, world):
    assert page.count_label.text() == "2 grupper"
    assert page.model.index(0, 1).data() == "Gruppe ved stationen"
    assert page.model.index(0, COL_MEMBERS).data() == "1 sag · 1 journal"
    open_group(page, world["group"].id)
    editor = page.editor
    assert editor.heading.text() == f"{world['group'].group.number} – Gruppe ved stationen"
    table: QTableWidget = editor.members
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [world["sag"].case.number]
    assert table.item(0, 3).text() == "Toneangivende"
    assert editor.journal_label.text().startswith("1 medlem fra DKE-Journaler")
    assert editor.texts["screening.adfaerd"].toPlainText() == "Sten mod busser fredag aften."
    shown = every_text(page)
    assert world["journal"].case.number not in shown and world["journal"].id not in shown
    assert "Oskar" not in shown  # no names until asked


def test_vis_navne_is_the_sag_aware_view(page, world):
    open_group(page, world["group"].id)
    page.editor.names.setChecked(True)
    assert page.editor.members.item(0, 4).text() == "Oskar Opdigtet"
    assert not page.editor.members.isColumnHidden(4)
    assert world["journal"].case.number not in every_text(page)
    open_group(page, world["calm"].id)  # another group starts without names
    assert not page.editor.names.isChecked() and page.editor.members.isColumnHidden(4)


def test_save_keeps_history_and_refuses_a_name_with_journal_members(vault, page, world):
    open_group(page, world["group"].id)
    editor = page.editor
    editor.texts["screening.dynamik"].setPlainText("Oskar Opdigtet er toneangivende.")
    assert editor.has_unsaved()
    assert not editor.save()
    assert "Oskar Opdigtet" in editor.message.text()
    assert groups.get_group(vault, world["group"].id).text("screening", "dynamik") == ""
    editor.texts["screening.dynamik"].setPlainText("Den ældste er toneangivende.")
    editor.name.setText("Gruppe ved banegården")
    assert editor.save() and not editor.has_unsaved()
    assert page.model.index(page.model.row_of(world["group"].id), 1).data() == "Gruppe ved banegården"
    assert len(groups.section_history(vault, world["group"].id, "screening")) == 2


def test_members_are_added_given_roles_and_removed(qtbot, vault, page, world):
    open_group(page, world["group"].id)
    editor = page.editor
    editor.open_add_member()
    dialog = editor.dialog
    dialog.search.setText(world["other"].case.number)
    dialog.choose(world["other"].case.number)
    assert not dialog.role.isEnabled()  # no roles for a journal
    dialog.submit()
    assert editor.journal_label.text().startswith("2 medlemmer fra DKE-Journaler")
    assert world["other"].case.number not in every_text(page)

    editor.members.setCurrentCell(0, 0)
    editor.role.setCurrentIndex(editor.role.findData("medløber"))
    editor.set_role()
    assert editor.members.item(0, 3).text() == "Medløber"

    editor.open_remove_journal()
    editor.dialog.number.setText(world["other"].case.number)
    editor.dialog.submit()
    assert editor.journal_label.text().startswith("1 medlem fra DKE-Journaler")
    editor.members.setCurrentCell(0, 0)
    editor.remove_selected()
    assert editor.members.rowCount() == 0
    assert page.model.index(page.model.row_of(world["group"].id), COL_MEMBERS).data() == "1 journal"


def test_new_group_and_agenda(qtbot, vault, page, world):
    page.open_new_group()
    dialog = page.new_dialog
    dialog.name.setText("Oskar Opdigtets venner")
    dialog.submit()
    assert "navn" in dialog.message.text() and dialog.isVisible()
    dialog.name.setText("Gruppe i Klub Syd")
    dialog.submit()
    assert page.count_label.text() == "3 grupper"
    assert page.editor.heading.text().endswith("Gruppe i Klub Syd")

    meeting = create_meeting(
        vault, "Koordinationsmøde", "2026-03-20T14:00", area="Nordskolen", accept_agenda=False
    ).detail
    open_group(page, world["group"].id)
    page.editor.open_agenda()
    page.editor.dialog.submit()
    [item] = get_meeting(vault, meeting.id).items
    assert item.kind == "group" and item.heading.endswith("Gruppe ved stationen")
    assert "Sat på dagsordenen" in page.editor.message.text()


def test_lock_clears_everything(page, world):
    open_group(page, world["group"].id)
    page.editor.names.setChecked(True)
    page.on_locked()
    assert not page.shows_data()
    shown = every_text(page, visible_only=False)
    for secret in ("Oskar", "Gruppe ved stationen", world["sag"].case.number, "Sten mod busser"):
        assert secret not in shown
