"""The team folder in the GUI (issue 19, items 1, 3 and 4): automatic rounds while unlocked with their status and
log, nothing while locked, the Teammappe setting, and adding a colleague from an invitation.

Real vaults of two colleagues in tmp_path that know each other from invitations, a real folder between them, the
real `run_round`; the colleague's laptop runs its rounds directly (as its own program would). Background jobs run at
once (SyncPool) unless a test holds them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from sspdesk.bundles.peers import list_peers
from sspdesk.cases import list_cases
from sspdesk.store import records
from sspdesk.store.vault import Vault
from sspdesk.teamsync import run_round, set_team_folder, team_folder, write_invitation
from sspdesk.ui import worker
from sspdesk.ui.exchange.exchange_page import ExchangePage
from sspdesk.ui.main_window import MainWindow
from sspdesk.ui.settings.settings_page import SettingsPage
from sspdesk.ui.sync.sync_controller import SyncController
from sspdesk.ui.sync.sync_log_dialog import SyncLogDialog
from support.bundles import journal, make_vault
from support.pools import HeldPool
from support.teamsync import delete_record, make_team

SHOTS = Path("/tmp")


@pytest.fixture(autouse=True)
def jobs_run_at_once() -> Iterator[None]:
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def team(tmp_path: Path) -> Iterator[list[Vault]]:
    vaults = make_team(tmp_path / "vaults", "ab")
    yield vaults
    for vault in vaults:
        if vault.is_open:
            vault.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "OneDrive - Kommune" / "SSP-team"
    path.mkdir(parents=True)
    return path


def window_for(qtbot, vault: Vault, **timing: int) -> MainWindow:
    """The main window with `vault` unlocked, its sync controller timed for a test (no round until asked)."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.sync.period.setInterval(timing.get("period_ms", 3_600_000))
    window.sync.debounce.setInterval(timing.get("debounce_ms", 3_600_000))
    window.sync.watch.setInterval(timing.get("watch_ms", 3_600_000))
    window.resize(1280, 760)
    window.show()
    window.set_vault(vault)
    return window


def first_round(qtbot, window: MainWindow) -> None:
    """The round the unlock starts (just after the window has been painted)."""
    qtbot.waitUntil(lambda: len(window.sync.rounds) >= 1, timeout=5000)


def edit_case(vault: Vault, case_id: str, **values: str) -> None:
    with vault.transaction() as conn:
        records.put(conn, "cases", case_id, values, vault.device_id)


def own_files(vault: Vault, folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{vault.device_id}-*.sspsync"))


def test_after_the_unlock_the_status_bar_says_what_the_round_brought_and_the_conflict_waits_on_udveksling(
    qtbot, team: list[Vault], folder: Path
) -> None:
    a, b = team
    set_team_folder(b, folder)
    shared = journal(a, "Uro ved stationen")
    journal(a, "Graffiti ved skolen")
    run_round(a, folder)  # the colleague's laptop writes its file for B
    run_round(b, folder)
    run_round(a, folder)
    edit_case(a, shared.id, subject="Uro ved stationen – aften")  # both edit the same journal
    edit_case(b, shared.id, subject="Uro ved stationen – weekend")
    journal(a, "Knallertkørsel på stien")
    run_round(a, folder)

    window = window_for(qtbot, b)
    first_round(qtbot, window)

    entry = window.sync.last
    assert entry is not None and entry.error == "" and entry.report is not None
    assert entry.report.conflicts == 1 and entry.report.added >= 1  # a journal is several records
    text = window.sync_status.text()
    assert re.fullmatch(r"Synkroniseret \d\d\.\d\d · \d+ nye · 1 konflikt", text), text
    assert window.sync_status.isVisible()
    # The round changed the vault: the pages were reloaded as after a manual import; the conflict waits there.
    exchange = window.page(ExchangePage)
    assert exchange is not None and exchange.conflict_model.rowCount() == 1
    assert exchange.conflicts_title.text() == "Konflikter (1)"
    dialog = exchange.open_conflict(0)
    assert dialog is not None and "Uro ved stationen – aften" in json.dumps(dialog.detail.incoming, ensure_ascii=False)
    assert re.fullmatch(r"Den modtagne version er ændret af Kollega a \(enheden [0-9a-f]{8}\)\.", dialog.origin.text())
    assert a.device_id.startswith(dialog.origin.text().split("enheden ")[1][:8])
    dialog.grab().save(str(SHOTS / "sync_conflict_dialog.png"))
    dialog.reject()
    window.statusBar().grab().save(str(SHOTS / "sync_status_bar.png"))
    window.grab().save(str(SHOTS / "sync_window.png"))
    window.clear()


def test_nothing_syncs_while_locked(qtbot, team: list[Vault], folder: Path) -> None:
    a, b = team
    set_team_folder(b, folder)
    window = window_for(qtbot, b, period_ms=20, debounce_ms=20, watch_ms=20)
    first_round(qtbot, window)
    rounds = len(window.sync.rounds)
    written = own_files(b, folder)
    window.clear()  # the lock: the controller lets go of the vault before it closes
    b.close()
    journal(a)
    run_round(a, folder)  # news arrives while B is locked

    assert not any(t.isActive() for t in (window.sync.period, window.sync.debounce, window.sync.watch))
    assert window.sync.sync_now() is False
    window.sync.look_for_changes()
    window.sync.local_change()
    qtbot.wait(150)  # several periods of every timer
    assert window.sync.vault is None and window.sync.rounds == [] and not window.sync.running
    assert rounds >= 1 and not window.sync_status.isVisible()
    assert own_files(b, folder) == written  # B wrote nothing more


def test_a_round_not_yet_begun_when_the_user_locks_opens_nothing(qtbot, team: list[Vault], folder: Path) -> None:
    _a, b = team
    set_team_folder(b, folder)
    journal(b)
    held = HeldPool()
    with worker.use_pool(held):
        window = window_for(qtbot, b)
        qtbot.waitUntil(lambda: window.sync.running, timeout=5000)  # the unlock's round, held on the "worker"
        window.clear()
        b.close()  # no round holds a connection: the vault closes at once
        held.run_all()  # the job runs after the lock: it sees the cancel
    assert window.sync.rounds == [] and own_files(b, folder) == []


def test_a_local_change_is_followed_by_one_round_after_a_pause(qtbot, team: list[Vault], folder: Path) -> None:
    a, b = team
    set_team_folder(b, folder)
    window = window_for(qtbot, b, debounce_ms=200, watch_ms=20)
    first_round(qtbot, window)
    before = own_files(b, folder)
    qtbot.wait(100)
    assert len(window.sync.rounds) == 1  # no change, no round
    journal(b, "Uro ved stationen")
    qtbot.wait(60)
    journal(b, "Graffiti ved skolen")  # a second save within the pause: still one round

    qtbot.waitUntil(lambda: len(window.sync.rounds) == 2, timeout=5000)
    entry = window.sync.rounds[-1]
    assert entry.reason == "lokal ændring" and entry.report is not None
    assert [s["to"] for s in entry.report.sent] == [list_peers(b)[0].name]
    assert len(own_files(b, folder)) == len(before) + 1
    qtbot.wait(400)
    assert len(window.sync.rounds) == 2  # the round's own bookkeeping is no local change
    run_round(a, folder)
    assert {"Uro ved stationen", "Graffiti ved skolen"} <= {row.subject for row in list_cases(a)}
    window.clear()


def test_the_round_log_lists_skipped_files_with_their_reasons(qtbot, team: list[Vault], folder: Path) -> None:
    a, b = team
    set_team_folder(b, folder)
    journal(a)
    run_round(a, folder)
    (folder / "~syncthing~notat.docx.tmp").write_bytes(b"halvt")
    (folder / "Referat fra SSP-mødet.docx").write_bytes(b"ikke vores")
    window = window_for(qtbot, b)
    first_round(qtbot, window)

    qtbot.mouseClick(window.sync_status, Qt.MouseButton.LeftButton)
    dialog = window.sync_status.dialog
    assert isinstance(dialog, SyncLogDialog) and dialog.isVisible()
    details = dialog.details.toPlainText()
    assert "Sprunget over: ~syncthing~notat.docx.tmp – Midlertidig fil (en synkronisering er i gang)" in details
    assert "Sprunget over: Referat fra SSP-mødet.docx – Ikke en sspdesk-synkroniseringsfil" in details
    assert re.search(r"Modtaget fra .+: \d+ nye", details)
    assert (
        dialog.rounds.count() == 1 and "1 fil modtaget · 1 fil sendt · 2 sprunget over" in dialog.rounds.item(0).text()
    )
    assert str(folder) in dialog.folder.text()
    dialog.grab().save(str(SHOTS / "sync_log_dialog.png"))

    dialog.sync_button.click()  # "Synkronisér nu"
    assert dialog.rounds.count() == 2 and "Intet nyt modtaget." in dialog.details.toPlainText()
    window.clear()
    assert window.sync_status.dialog is None or not window.sync_status.dialog.isVisible()


def test_a_missing_team_folder_is_said_in_the_status_and_changes_nothing(
    qtbot, team: list[Vault], folder: Path
) -> None:
    _a, b = team
    set_team_folder(b, folder)
    folder.rmdir()  # a disconnected share
    window = window_for(qtbot, b)
    first_round(qtbot, window)
    entry = window.sync.last
    assert entry is not None and "Teammappen findes ikke" in entry.error
    assert window.sync_status.text().startswith("Ikke synkroniseret ")
    assert window.page(ExchangePage).conflict_model.rowCount() == 0  # type: ignore[union-attr]
    window.clear()


def test_settings_refuse_a_team_folder_that_holds_the_vault_and_keep_a_good_one(
    qtbot, team: list[Vault], folder: Path
) -> None:
    _a, b = team
    page = SettingsPage()
    qtbot.addWidget(page)
    page.resize(1280, 1500)
    page.show()
    page.on_unlocked(b)
    box = page.team_folder_box
    assert box.folder.text().startswith("Ingen teammappe")

    assert box.set_folder(str(b.path.parent.parent)) is False  # the folder that holds the vault's folder
    assert "Datafilen ligger i teammappen" in box.message.text() and box.message.isVisible()
    assert team_folder(b) is None

    chosen: list[str] = []
    box.choose = lambda parent, start, done: (chosen.append(start), done(str(folder)))
    box.choose_button.click()
    assert team_folder(b) == folder.resolve() and box.folder.text() == str(folder.resolve())
    assert box.message.text() == "Teammappen er gemt." and box.clear_button.isEnabled()
    box.grab().save(str(SHOTS / "sync_settings_box.png"))

    box.clear_button.click()
    assert team_folder(b) is None and box.folder.text().startswith("Ingen teammappe")
    page.on_locked()
    assert box.folder.text() == "" and not box.choose_button.isEnabled()


def test_choosing_the_team_folder_in_settings_starts_a_round(qtbot, team: list[Vault], folder: Path) -> None:
    a, b = team
    journal(a)
    run_round(a, folder)
    window = window_for(qtbot, b)
    qtbot.wait(20)
    assert window.sync.rounds == [] and window.sync_status.text() == "Ingen teammappe"
    settings = window.page(SettingsPage)
    assert settings is not None and settings.team_folder_box.set_folder(str(folder))
    assert len(window.sync.rounds) == 1 and window.sync.last.reason == "ny teammappe"  # type: ignore[union-attr]
    assert window.sync_status.text().startswith("Synkroniseret ")
    window.clear()


def test_a_colleague_is_added_from_an_invitation_once_the_fingerprint_read_aloud_matches(qtbot, tmp_path: Path) -> None:
    mine, theirs = make_vault(tmp_path, "mine"), make_vault(tmp_path, "theirs")
    try:
        page = ExchangePage()
        page.set_job_runner(worker.run_in_background)
        qtbot.addWidget(page)
        page.resize(1156, 690)
        page.show()
        page.on_unlocked(mine)
        invite = tmp_path / "bo.sspinvite"
        write_invitation(theirs, invite, authority="SSP Albertslund", party_type="ssp")
        actions = page.invitations
        actions.choose_in = lambda parent: invite
        actions.add_button.click()

        dialog = page.dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.fingerprint.text() == theirs.identity.fingerprint
        assert dialog.words.text().count("\n") == 7  # eight groups, one a line, each character spelled
        assert not dialog.ok_button.isEnabled()  # not before the fingerprint has been compared aloud
        dialog.grab().save(str(SHOTS / "sync_invitation_dialog.png"))
        dialog.matches.setChecked(True)
        dialog.party.setCurrentIndex(dialog.party.findData("ssp"))
        dialog.ok_button.click()

        peers = list_peers(mine)
        assert [(p.fingerprint, p.authority, p.party_type) for p in peers] == [
            (theirs.identity.fingerprint, "SSP Albertslund", "ssp")
        ]
        assert peers[0].device_id == theirs.device_id
        assert page.peer_model.rowCount() == 1

        # My own invitation, written through the button, names me and my fingerprint.
        out = tmp_path / "min.sspinvite"
        actions.choose_out = lambda parent, suggested: out
        actions.invite_button.click()
        assert json.loads(out.read_text())["fingerprint"] == mine.identity.fingerprint
        assert actions.last_message is not None and mine.identity.fingerprint in actions.last_message.text()
        actions.last_message.done(0)

        # An invitation edited to name another fingerprint is refused, and nobody is added.
        data = json.loads(invite.read_text())
        data["fingerprint"] = mine.identity.fingerprint
        invite.write_text(json.dumps(data))
        assert actions.add_from_file(invite) is None
        assert "Filen er ændret" in actions.last_message.text()
        assert len(list_peers(mine)) == 1
    finally:
        mine.close()
        theirs.close()


def test_the_controller_alone_syncs_a_vault_with_its_team_folder(qtbot, team: list[Vault], folder: Path) -> None:
    a, b = team
    set_team_folder(b, folder)
    journal(a)
    run_round(a, folder)
    controller = SyncController()
    controller.set_vault(b)
    qtbot.waitUntil(lambda: controller.last is not None, timeout=5000)
    assert controller.last.report is not None and controller.last.report.added >= 1  # type: ignore[union-attr]
    controller.set_vault(None)
    assert controller.rounds == []


def test_a_lock_during_a_round_on_the_worker_waits_for_it_and_the_vault_then_closes(
    qtbot, team: list[Vault], folder: Path
) -> None:
    a, b = team
    set_team_folder(b, folder)
    for number in range(3):
        journal(a, f"Uro ved stationen {number}")
    run_round(a, folder)
    with worker.use_pool(None):  # Qt's thread pool: the round runs on a real worker with its own connection
        window = window_for(qtbot, b)
        qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
        window.clear()  # locking while the round may still run: it is let finish first
        assert not window.sync.running and window.sync.wait(0)
        b.close()  # no job connection is left: the vault closes
        worker.wait_for_all(5000)
        qtbot.wait(50)  # the round's result arrives after the lock and is dropped
    assert window.sync.rounds == [] and not window.sync_status.isVisible()


def test_a_deletion_from_a_colleague_waits_until_the_user_confirms_it_in_the_round_log(
    qtbot, team: list[Vault], folder: Path
) -> None:
    a, b = team
    set_team_folder(b, folder)
    gone = journal(a, "Uro ved stationen")
    run_round(a, folder)
    run_round(b, folder)
    run_round(a, folder)
    delete_record(a, "cases", gone.id)
    run_round(a, folder)
    window = window_for(qtbot, b)
    first_round(qtbot, window)
    assert window.sync.last is not None and window.sync.last.report is not None
    assert len(window.sync.last.report.waiting) == 1
    assert "1 venter på bekræftelse" in window.sync_status.text()
    assert gone.id in {row.id for row in list_cases(b)}

    dialog = window.sync_status.open_log()
    assert dialog.confirm_button.isVisible() and "Venter på bekræftelse:" in dialog.details.toPlainText()
    asked: list[str] = []
    dialog.confirm = lambda title, text: asked.append(text) or True
    dialog.confirm_button.click()
    assert asked and window.sync.last.reason == "bekræftet" and window.sync.last.report.waiting == []
    assert gone.id not in {row.id for row in list_cases(b)}
    assert not dialog.confirm_button.isVisible()
    window.clear()
