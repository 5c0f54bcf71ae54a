"""Every dialog class under sspdesk.ui, and a way to build each on the demo data: for the checks that must cover all
dialogs (default buttons, Alt-letters). A new dialog class must be added to `factories` (or, with a reason, to
`NOT_BUILT`); `all_dialog_classes` finds the ones that are missing."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog

import sspdesk.ui
from sspdesk.bundles.merge import ConflictDetail
from sspdesk.cases import get_case, list_cases, section_history
from sspdesk.consents import list_consents
from sspdesk.domain.forms import Field
from sspdesk.groups import list_groups
from sspdesk.meetings import get_meeting, list_meetings
from sspdesk.store.vault import Vault
from sspdesk.teamsync.invitations import Invitation, read_invitation, write_invitation
from sspdesk.ui.main_window import MainWindow
from sspdesk.ui.vault.first_run import CreateVaultDialog
from sspdesk.ui.widgets.pages import Page

TODAY = date.today()


class PlainPage(Page):
    title = "Side"


def all_dialog_classes() -> list[type[QDialog]]:
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


def runner(fn: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
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
        "ExchangesDialog": lambda d: ExchangesDialog(d.vault, d.sag.id, number(d), runner, TODAY, None),
        "InformationDutyDialog": lambda d: InformationDutyDialog(d.vault, d.sag.id, number(d), runner, TODAY, None),
        "InformationEntryDialog": lambda d: InformationEntryDialog(d.vault, d.sag.id, runner, TODAY, None),
        "ExchangeDialog": lambda d: ExchangeDialog(d.vault, d.sag.id, runner, TODAY, None),
        "NewConsentDialog": lambda d: NewConsentDialog([(d.sag.id, number(d))], d.sag.id, None),
        "SignDialog": lambda d: SignDialog(d.vault, d.consent, runner, TODAY, None),
        "WithdrawDialog": lambda d: WithdrawDialog(d.vault, d.consent, runner, TODAY, lambda *_a: True, None),
        "ScanViewer": lambda d: ScanViewer(d.consent.reference, [], runner, lambda _id: None, None),  # type: ignore[arg-type,return-value]
    }


def _case_dialogs() -> dict[str, Callable[[Demo], QDialog]]:
    from sspdesk.ui.cases.case_dialogs import (
        ChangeLevelDialog,
        CloseCaseDialog,
        HistoryDialog,
        NewCaseDialog,
        ReopenCaseDialog,
    )
    from sspdesk.ui.cases.case_routing import AttestationDialog
    from sspdesk.ui.cases.handleplan_editor import HandleplanEditor
    from sspdesk.ui.cases.ssp_plus_dialog import SspPlusHandoverDialog
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
        "AttestationDialog": lambda d: AttestationDialog(d.vault, d.sag.case, today),
        "SspPlusHandoverDialog": lambda d: SspPlusHandoverDialog(d.vault, d.sag.case, today),
    }


def _invitation(d: Demo) -> Invitation:
    """This laptop's own invitation read back: the dialog shows any colleague's the same way."""
    path = d.tmp_path / "invitation.sspinvite"
    write_invitation(d.vault, path)
    return read_invitation(path)


def _other_dialogs() -> dict[str, Callable[[Demo], QDialog]]:
    from sspdesk.ui.duties.duties_dialogs import AccessRequestDialog, RetentionDialog
    from sspdesk.ui.duties.duties_menu import LogDialog
    from sspdesk.ui.duties.duties_requests import CorrectionDialog, ErasePersonDialog
    from sspdesk.ui.exchange.conflict_dialog import ConflictDialog
    from sspdesk.ui.exchange.export_dialog import ExportDialog
    from sspdesk.ui.exchange.fagsystem_dialog import FagsystemDialog
    from sspdesk.ui.exchange.invitation_dialog import AddFromInvitationDialog
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
    from sspdesk.ui.meetings.meeting_edit_dialog import EditMeetingDialog
    from sspdesk.ui.overview.statistics_view import StatisticsDialog
    from sspdesk.ui.sync.sync_log_dialog import SyncLogDialog
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
        "ConflictDialog": lambda d: ConflictDialog(d.vault, conflict, runner=runner),
        "ExportDialog": lambda d: ExportDialog(d.vault, runner),
        "FagsystemDialog": lambda d: FagsystemDialog(d.vault, runner),
        "PeerDialog": lambda d: PeerDialog(d.vault),
        "AddFromInvitationDialog": lambda d: AddFromInvitationDialog(d.vault, _invitation(d)),
        "SyncLogDialog": lambda d: SyncLogDialog(d.window.sync),
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
        "EditMeetingDialog": lambda d: EditMeetingDialog(d.vault, d.meeting.meeting),
        "ParticipantDialog": lambda d: ParticipantDialog(d.vault, d.meeting.id),
        "StatisticsDialog": lambda d: StatisticsDialog(d.vault, TODAY),
        "UnlockDialog": lambda d: UnlockDialog(d.tmp_path / "andet.sspvault", runner=runner),
        "ChangePassphraseDialog": lambda d: ChangePassphraseDialog(d.vault, runner=runner),
        "CreateVaultDialog": lambda d: CreateVaultDialog(d.tmp_path / "ny.sspvault", runner=runner),
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


def dialog_key(cls: type) -> str:
    short = cls.__name__
    if short == "HistoryDialog":
        return f"{cls.__module__.split('.')[2]}.{short}"
    return short


def factories() -> dict[str, Callable[[Demo], QDialog]]:
    return {**_consent_dialogs(), **_case_dialogs(), **_other_dialogs()}
