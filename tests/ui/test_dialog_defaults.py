"""Enter presses a dialog's primary action and nothing else (issue 21, item 2).

Every QDialog class under sspdesk.ui is found by walking the package; each is built on the demo data, shown, and must
have exactly one default button – its primary action – while every other button has auto-default off (an auto-default
button takes Enter as soon as it has been focused). A new dialog class must be added to FACTORIES (or, with a reason,
to NOT_BUILT), so none escapes the check."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton

import sspdesk.ui
from sspdesk.bundles.merge import ConflictDetail
from sspdesk.cases import get_case, list_cases, section_history
from sspdesk.consents import list_consents
from sspdesk.demo.data import fill_demo
from sspdesk.domain.forms import Field
from sspdesk.groups import list_groups
from sspdesk.meetings import get_meeting, list_meetings
from sspdesk.store.vault import Vault
from sspdesk.ui import worker
from sspdesk.ui.main_window import MainWindow
from sspdesk.ui.vault.first_run import CreateVaultDialog
from sspdesk.ui.widgets.pages import Page
from support import PASSPHRASE

TODAY = date.today()


class PlainPage(Page):
    title = "Side"


def _all_dialog_classes() -> list[type[QDialog]]:
    for info in pkgutil.walk_packages(sspdesk.ui.__path__, "sspdesk.ui."):
        importlib.import_module(info.name)
    found: list[type[QDialog]] = []
    todo: list[type] = [QDialog]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("sspdesk.ui.") and sub not in found:
                found.append(sub)
    return found


def _runner(fn: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
    try:
        result = fn()
    except Exception as exc:
        failed(exc)
        return
    done(result)


class Demo:
    """The demo records the dialogs are opened on."""

    def __init__(self, vault: Vault, window: MainWindow, tmp_path: Path) -> None:
        self.vault, self.window, self.tmp_path = vault, window, tmp_path
        rows = list_cases(vault)
        self.sag = get_case(vault, next(r.id for r in rows if r.kind == "sag" and r.status == "open"))
        self.journal = get_case(vault, next(r.id for r in rows if r.kind == "journal" and r.status == "open"))
        self.meeting = get_meeting(vault, list_meetings(vault, status="open")[0].id, log_view=False)
        self.consent = list_consents(vault)[0]
        self.group_id = list_groups(vault)[0].id
        self.history = section_history(vault, self.sag.id, "status")


def _consent_dialogs() -> dict[str, Callable[[Demo], QDialog]]:
    from sspdesk.ui.consents.case_exchanges import ExchangesDialog
    from sspdesk.ui.consents.consent_case_dialogs import InformationDutyDialog, InformationEntryDialog
    from sspdesk.ui.consents.consent_dialogs import NewConsentDialog, ScanViewer, SignDialog, WithdrawDialog
    from sspdesk.ui.consents.exchange_dialog import ExchangeDialog

    def number(d: Demo) -> str:
        return d.sag.number

    return {
        "ExchangesDialog": lambda d: ExchangesDialog(d.vault, d.sag.id, number(d), _runner, TODAY, None),
        "InformationDutyDialog": lambda d: InformationDutyDialog(d.vault, d.sag.id, number(d), _runner, TODAY, None),
        "InformationEntryDialog": lambda d: InformationEntryDialog(d.vault, d.sag.id, _runner, TODAY, None),
        "ExchangeDialog": lambda d: ExchangeDialog(d.vault, d.sag.id, _runner, TODAY, None),
        "NewConsentDialog": lambda d: NewConsentDialog([(d.sag.id, number(d))], d.sag.id, None),
        "SignDialog": lambda d: SignDialog(d.vault, d.consent, _runner, TODAY, None),
        "WithdrawDialog": lambda d: WithdrawDialog(d.vault, d.consent, _runner, TODAY, lambda *_a: True, None),
        "ScanViewer": lambda d: ScanViewer(d.consent.reference, [], _runner, lambda _id: None, None),  # type: ignore[arg-type,return-value]
    }


def _case_dialogs() -> dict[str, Callable[[Demo], QDialog]]:
    from sspdesk.ui.cases.case_dialogs import (
        ChangeLevelDialog,
        CloseCaseDialog,
        HistoryDialog,
        NewCaseDialog,
        ReopenCaseDialog,
    )
    from sspdesk.ui.cases.handleplan_editor import HandleplanEditor
    from sspdesk.ui.cases.underretning_dialogs import OutcomeDialog, UnderretningDialog

    def today() -> date:
        return TODAY

    return {
        "NewCaseDialog": lambda d: NewCaseDialog(d.vault),
        "ChangeLevelDialog": lambda d: ChangeLevelDialog(d.vault, d.journal),
        "CloseCaseDialog": lambda d: CloseCaseDialog(d.vault, d.sag),
        "ReopenCaseDialog": lambda d: ReopenCaseDialog(d.vault, d.sag),
        "cases.HistoryDialog": lambda d: HistoryDialog("Status", d.history, (Field("dato", "Dato", kind="date"),)),
        "HandleplanEditor": lambda d: HandleplanEditor(d.vault, d.sag.id),
        "UnderretningDialog": lambda d: UnderretningDialog(d.vault, d.sag.case, today),
        "OutcomeDialog": lambda d: OutcomeDialog(d.vault, d.sag.case, today),
    }


def _other_dialogs() -> dict[str, Callable[[Demo], QDialog]]:
    from sspdesk.ui.duties.duties_dialogs import AccessRequestDialog, RetentionDialog
    from sspdesk.ui.duties.duties_menu import LogDialog
    from sspdesk.ui.duties.duties_requests import CorrectionDialog, ErasePersonDialog
    from sspdesk.ui.exchange.conflict_dialog import ConflictDialog
    from sspdesk.ui.exchange.export_dialog import ExportDialog
    from sspdesk.ui.exchange.fagsystem_dialog import FagsystemDialog
    from sspdesk.ui.exchange.peer_dialog import PeerDialog
    from sspdesk.ui.groups.group_dialogs import (
        AddMemberDialog,
        AgendaDialog,
        HistoryDialog,
        NewGroupDialog,
        RemoveJournalDialog,
    )
    from sspdesk.ui.main_window import ShortcutsDialog
    from sspdesk.ui.meetings.contacts_dialog import ContactEditDialog, ContactsDialog
    from sspdesk.ui.meetings.meeting_dialogs import (
        ActionDialog,
        AddItemDialog,
        DispositionDialog,
        NewMeetingDialog,
        ParticipantDialog,
    )
    from sspdesk.ui.overview.statistics_view import StatisticsDialog
    from sspdesk.ui.vault.unlock_dialog import UnlockDialog
    from sspdesk.ui.vault.vault_dialogs import ChangePassphraseDialog

    conflict = ConflictDetail(
        "c1",
        "cases",
        "r1",
        "2026-03-02T10:00:00Z",
        {"subject": "A"},
        {"subject": "B"},
        False,
        False,
        {},
        {},
        ["subject"],
    )
    return {
        "AccessRequestDialog": lambda d: AccessRequestDialog(d.window),
        "RetentionDialog": lambda d: RetentionDialog(d.window),
        "LogDialog": lambda d: LogDialog(d.window),
        "CorrectionDialog": lambda d: CorrectionDialog(d.window),
        "ErasePersonDialog": lambda d: ErasePersonDialog(d.window),
        "ConflictDialog": lambda d: ConflictDialog(d.vault, conflict, runner=_runner),
        "ExportDialog": lambda d: ExportDialog(d.vault, _runner),
        "FagsystemDialog": lambda d: FagsystemDialog(d.vault, _runner),
        "PeerDialog": lambda d: PeerDialog(d.vault),
        "NewGroupDialog": lambda d: NewGroupDialog(d.vault, TODAY),
        "AddMemberDialog": lambda d: AddMemberDialog(d.vault, d.group_id, set(), TODAY),
        "RemoveJournalDialog": lambda d: RemoveJournalDialog(d.vault, d.group_id),
        "AgendaDialog": lambda d: AgendaDialog(d.vault, d.group_id, TODAY),
        "groups.HistoryDialog": lambda d: HistoryDialog(d.vault, d.group_id, "screening"),
        "ShortcutsDialog": lambda d: ShortcutsDialog(),
        "ContactEditDialog": lambda d: ContactEditDialog(d.vault),
        "ContactsDialog": lambda d: ContactsDialog(d.vault),
        "ActionDialog": lambda d: ActionDialog("Godkend referat", "Godkend?", "Godkend", lambda _t: None),
        "AddItemDialog": lambda d: AddItemDialog(d.vault, d.meeting, "topic"),
        "DispositionDialog": lambda d: DispositionDialog(
            d.vault, d.meeting.id, d.meeting.items[0] if d.meeting.items else None, d.meeting.participants
        ),
        "NewMeetingDialog": lambda d: NewMeetingDialog(d.vault),
        "ParticipantDialog": lambda d: ParticipantDialog(d.vault, d.meeting.id),
        "StatisticsDialog": lambda d: StatisticsDialog(d.vault, TODAY),
        "UnlockDialog": lambda d: UnlockDialog(d.tmp_path / "andet.sspvault", runner=_runner),
        "ChangePassphraseDialog": lambda d: ChangePassphraseDialog(d.vault, runner=_runner),
        "CreateVaultDialog": lambda d: CreateVaultDialog(d.tmp_path / "ny.sspvault", runner=_runner),
    }


# Dialogs not built here, with the reason. Base classes are checked through every subclass that is built.
NOT_BUILT = {
    "FormDialog": "base class",
    "JobDialog": "base class",
    "WorkDialog": "base class",
    "ServiceDialog": "base class",
    "DutyDialog": "base class",
    "GroupDialog": "base class",
    "ImportDialog": "needs a received bundle file; its buttons come from WorkDialog, checked through ExportDialog",
    "ReceiptDialog": "needs a recorded underretning; its buttons come from FormDialog, checked through OutcomeDialog",
}


def _key(cls: type) -> str:
    short = cls.__name__
    if short == "HistoryDialog":
        return f"{cls.__module__.split('.')[2]}.{short}"
    return short


def _factories() -> dict[str, Callable[[Demo], QDialog]]:
    return {**_consent_dialogs(), **_case_dialogs(), **_other_dialogs()}


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def demo(qtbot, vault: Vault, tmp_path: Path) -> Demo:
    fill_demo(vault, TODAY)
    window = MainWindow(page_factories=[PlainPage])
    qtbot.addWidget(window)
    window.set_vault(vault)
    return Demo(vault, window, tmp_path)


def test_every_dialog_class_is_built_by_the_default_button_check():
    keys = {_key(cls) for cls in _all_dialog_classes()}
    unchecked = keys - set(_factories()) - set(NOT_BUILT)
    assert not unchecked, f"add these dialogs to FACTORIES in this test: {sorted(unchecked)}"


def test_every_dialog_has_one_default_button_and_no_other_button_takes_enter(qtbot, demo: Demo):
    problems = []
    for name, make in sorted(_factories().items()):
        dialog = make(demo)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        buttons = [b for b in dialog.findChildren(QPushButton) if b.window() is dialog]
        defaults = [b.text() for b in buttons if b.isDefault()]
        grabbing = [b.text() for b in buttons if b.autoDefault() and not b.isDefault()]
        if len(defaults) != 1:
            problems.append(f"{name}: default buttons {defaults}")
        if grabbing:
            problems.append(f"{name}: auto-default buttons besides the default {grabbing}")
        dialog.hide()
        dialog.deleteLater()
    assert not problems, "\n".join(problems)


def test_enter_in_the_filled_in_welcome_dialog_creates_the_vault_and_opens_no_file_picker(qtbot, tmp_path, monkeypatch):
    pickers: list[QFileDialog] = []
    dialog = CreateVaultDialog(tmp_path / "egen.sspvault", runner=_runner)
    qtbot.addWidget(dialog)
    made: list[object] = []
    dialog.vault_ready.connect(made.append)
    dialog.show()
    qtbot.waitExposed(dialog)
    # As a new user would: name, role, municipality, address, then the passphrase twice, then Enter.
    for field, text in (
        (dialog.name, "Anne Jensen"),
        (dialog.role, "SSP-konsulent"),
        (dialog.municipality, "Københavns Kommune"),
        (dialog.address, "Rådhuspladsen 1, 1550 København V"),
        (dialog.passphrase, PASSPHRASE + " med kanelsnegle"),
        (dialog.repeated, PASSPHRASE + " med kanelsnegle"),
    ):
        field.setFocus()
        qtbot.keyClicks(field, text)
    monkeypatch.setattr(QFileDialog, "open", lambda self: pickers.append(self))
    qtbot.keyClick(dialog.repeated, Qt.Key.Key_Return)
    assert not pickers, "Enter opened a file picker"
    assert made, "Enter did not create the vault"
    assert (tmp_path / "egen.sspvault").is_file()
    made[0].close()  # type: ignore[attr-defined]
