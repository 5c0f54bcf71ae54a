"""The import dialog and issue 17's guards: deleting cases through a bundle is confirmed in a panel that lists
them, a bundle changing a closed case is refused with the check named, a colleague's new device id is confirmed in
the trust panel, and a wrong device binding is forgotten from the peers list. Real vaults, real bundles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from sspdesk import cases
from sspdesk.bundles.export import Selection
from sspdesk.bundles.importer import import_bundle
from sspdesk.case_events import reopen_case
from sspdesk.cases import close_case
from sspdesk.store import records
from sspdesk.ui import worker
from sspdesk.ui.exchange.exchange_page import ExchangePage
from support.bundles import bindings, claiming, decrypt_for, dump, export_to, journal, sag, seal


@pytest.fixture(autouse=True)
def sync_jobs():
    with worker.use_pool(worker.SyncPool()):
        yield


def page_for(qtbot, vault) -> ExchangePage:
    page = ExchangePage()
    page.set_job_runner(worker.run_in_background)
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    page.on_unlocked(vault)
    return page


def export(a, b, path: Path) -> Path:
    export_to(a, b, path, Selection(all_records=True))  # as a real user would: to a colleague, on § 115
    return path


def test_deleting_cases_through_a_bundle_asks_and_lists_them(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    made = [journal(a, f"Emne {n}") for n in range(3)]
    import_bundle(b, export(a, b, tmp_path / "all.sspbundle").read_bytes(), trust_new_sender=True)
    with a.transaction() as conn:
        for case in made[:2]:
            records.delete(conn, "cases", case.id, a.device_id)
    bundle = export(a, b, tmp_path / "slet.sspbundle")
    page = page_for(qtbot, b)
    before = dump(b)

    flow = page.import_file(bundle)
    assert flow.stage == "large" and flow.large_panel.isVisible()
    assert flow.large_title.text() == "Bekræft sletning"
    assert "2 sager" in flow.large_label.text()
    listed = flow.deleted_list.text()
    assert made[0].number in listed and made[1].number in listed and made[2].number not in listed
    assert flow.ok_button.text() == "Slet og importér"
    assert dump(b) == before  # nothing happens before the user answers
    qtbot.wait(20)  # let the button box lay out its new text before the picture is taken
    flow.grab().save(str(tmp_path / "bekraeft-sletning.png"))

    qtbot.mouseClick(flow.ok_button, Qt.MouseButton.LeftButton)
    assert flow.stage == "done"
    assert "Heraf slettet: 2 sager." in flow.report_text.text()
    assert [c.id for c in cases.list_cases(b)] == [made[2].id]


def test_a_bundle_changing_a_closed_case_is_refused_naming_the_check(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    s = sag(a)
    close_case(a, s.id, "Afsluttet", "nej", today=date(2026, 4, 1))
    import_bundle(b, export(a, b, tmp_path / "closed.sspbundle").read_bytes(), trust_new_sender=True)
    container = decrypt_for(b, export(a, b, tmp_path / "x.sspbundle").read_bytes())
    rec = next(r for r in container["payload"]["records"] if r["table"] == "cases")
    rec["data"].update(status="open", closed_on="")
    rec["vv"][a.device_id] += 1
    hostile = tmp_path / "genaabnet.sspbundle"
    hostile.write_bytes(seal(container, a, b.identity.recipient))
    page = page_for(qtbot, b)
    before = dump(b)

    flow = page.import_file(hostile)
    assert flow.stage == "failed" and flow.failed_check == "settled_record"
    assert flow.failure_check.text() == "Kontrol, der fejlede: Afsluttet post"
    assert s.case.number in flow.failure_text.text() and "genåbner" in flow.failure_text.text()
    assert "Datafilen er uændret" in " ".join(
        w.text() for w in flow.failure_panel.findChildren(QWidget) if hasattr(w, "text")
    )
    assert dump(b) == before


def test_a_colleagues_new_device_id_is_explained_and_confirmed_in_the_trust_panel(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    journal(a)
    import_bundle(b, export(a, b, tmp_path / "first.sspbundle").read_bytes(), trust_new_sender=True)
    journal(a, "Efter gendannelsen")
    new_id = records.new_id()  # what a restore from a backup gives A's vault
    moved = tmp_path / "ny-enhed.sspbundle"
    moved.write_bytes(claiming(a, b, tmp_path / "x.sspbundle", new_id))
    page = page_for(qtbot, b)
    before = dump(b)

    flow = page.import_file(moved)
    assert flow.stage == "trust" and flow.trust_panel.isVisible()
    assert flow.trust_title.text() == "Bekræft kollegaens nye enhed?"
    assert "Kollega a" in flow.sender_name.text() and new_id in flow.sender_name.text()
    assert a.device_id in flow.sender_name.text()
    assert flow.sender_fingerprint.text() == a.identity.fingerprint
    assert "gendannet fra en sikkerhedskopi" in flow.trust_text.text()
    assert flow.ok_button.text() == "Bekræft den nye enhed og importér"
    assert dump(b) == before and new_id not in bindings(b)
    qtbot.wait(20)
    flow.grab().save(str(tmp_path / "ny-enhed.png"))

    qtbot.mouseClick(flow.ok_button, Qt.MouseButton.LeftButton)
    assert flow.stage == "done"
    assert bindings(b)[new_id] == a.identity.fingerprint and a.device_id not in bindings(b)


def test_a_wrong_device_binding_is_forgotten_from_the_peers_list(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    journal(a)
    import_bundle(b, export(a, b, tmp_path / "first.sspbundle").read_bytes(), trust_new_sender=True)
    page = page_for(qtbot, b)
    assert not page.forget_device_button.isEnabled()
    page.peer_table.selectRow(0)
    assert page.forget_device_button.isEnabled()
    asked: list[str] = []
    page.confirm = lambda title, text: asked.append(text) or False
    qtbot.mouseClick(page.forget_device_button, Qt.MouseButton.LeftButton)
    assert a.device_id in asked[0] and a.device_id in bindings(b)  # "Annuller": nothing forgotten

    page.confirm = lambda title, text: True
    page.peer_table.selectRow(0)
    qtbot.mouseClick(page.forget_device_button, Qt.MouseButton.LeftButton)
    assert a.device_id not in bindings(b)
    assert a.device_id in page.peers_note.text() and page.peers_note.isVisible()
    assert not page.forget_device_button.isEnabled()
    logged = b.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'peer.forget_device'").fetchone()[0]
    assert logged == 1


def test_a_reopening_is_shown_in_the_import_report(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    s = sag(a)
    close_case(a, s.id, "Afsluttet", "nej", today=date(2026, 4, 1))
    import_bundle(b, export(a, b, tmp_path / "closed.sspbundle").read_bytes(), trust_new_sender=True)
    reopen_case(a, s.id, "Ny henvendelse fra skolen")
    page = page_for(qtbot, b)

    flow = page.import_file(export(a, b, tmp_path / "genaabnet.sspbundle"))
    assert flow.stage == "done"
    assert f"Sagen {s.case.number} er genåbnet af Kollega a" in flow.report_text.text()
    assert "Begrundelse: Ny henvendelse fra skolen" in flow.report_text.text()
    assert cases.get_case(b, s.id).case.status == "open"


def test_the_conflict_dialog_refuses_to_reopen_a_closed_case_and_keeps_the_local_version(
    qtbot, pair, tmp_path: Path
) -> None:
    a, b = pair
    s = sag(a)
    import_bundle(b, export(a, b, tmp_path / "first.sspbundle").read_bytes(), trust_new_sender=True)
    close_case(b, s.id, "Afsluttet", "Overdrages ikke", today=date(2026, 4, 1))
    with a.transaction() as conn:
        records.put(conn, "cases", s.id, {"subject": "Indbrud i kiosk og på skolen"}, a.device_id)
    assert import_bundle(b, export(a, b, tmp_path / "edit.sspbundle").read_bytes()).conflicts == 1
    page = page_for(qtbot, b)
    qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    before = dump(b)

    qtbot.mouseClick(dialog.incoming_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dump(b) == before
    assert s.case.number in dialog.message.text() and "lukket" in dialog.message.text()
    assert "Behold din version" in dialog.message.text() and dialog.keep_button.isDefault()
    qtbot.wait(20)
    dialog.grab().save(str(tmp_path / "konflikt-lukket-sag.png"))

    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert page.conflict_model.rowCount() == 0
    case = cases.get_case(b, s.id).case
    assert case.status == "closed" and case.subject == s.case.subject
