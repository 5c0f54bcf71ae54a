"""The Udveksling page: export through the dialog, the import flow with trust on first use, a tampered bundle, a
conflict resolved field by field, the fagsystem dialog, adding a colleague, and locking.

Two real vaults in tmp_path, real age encryption, the real services; background jobs run at once (SyncPool). All
names and numbers are invented.
"""

from __future__ import annotations

from pathlib import Path

import pyrage
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from sspdesk import legal_basis
from sspdesk.bundles.export import Selection, export_bundle
from sspdesk.bundles.importer import import_bundle
from sspdesk.bundles.merge import list_conflicts
from sspdesk.bundles.peers import add_peer, edit_peer, list_peers
from sspdesk.cases import save_section
from sspdesk.legal_basis import STATUTORY_BASES
from sspdesk.store import records
from sspdesk.ui import worker
from sspdesk.ui.exchange.exchange_dialogs import set_checked
from sspdesk.ui.exchange.exchange_models import inner_field_label, value_label
from sspdesk.ui.exchange.exchange_page import ExchangePage
from support.bundles import CONFIRMED, SSP_AUTHORITY, colleague, dump, journal, sag, signed_consent


@pytest.fixture(autouse=True)
def sync_jobs():
    with worker.use_pool(worker.SyncPool()):
        yield


def page_for(qtbot, vault) -> ExchangePage:
    page = ExchangePage()
    page.set_job_runner(worker.run_in_background)  # jobs run at once (SyncPool)
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    page.on_unlocked(vault)
    return page


def click(qtbot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def edit(vault, case_id: str, **values: str) -> None:
    with vault.transaction() as conn:
        records.put(conn, "cases", case_id, values, vault.device_id)


def concurrent_edits(pair, tmp_path: Path, mine: dict[str, str], theirs: dict[str, str]):
    """A sag from A known to both, then edited on each; B's bundle for A is left in tmp_path/b.sspbundle."""
    a, b = pair
    s = sag(a)
    to_b = {"recipient": colleague(b), "confirmation": CONFIRMED}
    export_bundle(a, tmp_path / "a.sspbundle", Selection(all_records=True), recipients=[b.identity.recipient], **to_b)
    import_bundle(b, (tmp_path / "a.sspbundle").read_bytes(), trust_new_sender=True)
    edit(a, s.id, **mine)
    edit(b, s.id, **theirs)
    edit_peer(b, list_peers(b)[0].id, authority=SSP_AUTHORITY, party_type="ssp")  # B describes A, trusted on first use
    to_a = {"recipients": [a.identity.recipient], "confirmation": CONFIRMED}
    export_bundle(b, tmp_path / "b.sspbundle", Selection(all_records=True), **to_a)
    return s


def test_export_through_the_dialog_then_import_with_trust_on_first_use(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    j, s = journal(a), sag(a)
    add_peer(a, "Bo fra B", b.identity.recipient, b.identity.fingerprint, authority=SSP_AUTHORITY, party_type="ssp")
    page_a = page_for(qtbot, a)
    dialog = page_a.open_export()
    assert dialog.case_list.count() == 2 and dialog.to_peers.isChecked()
    set_checked(dialog.case_list, [j.id, s.id])
    set_checked(dialog.peer_list, [b.identity.recipient])
    for box in dialog.ticks.values():  # the necessity test for Retsplejelovens § 115, as the exporter ticks it
        box.setChecked(True)
    out = tmp_path / "til-b"
    dialog.path_edit.setText(str(out))
    click(qtbot, dialog.ok_button)

    result = dialog.result_value
    assert result is not None and result.path == tmp_path / "til-b.sspbundle" and result.path.exists()
    summary = dialog.message.label.text()
    assert "Pakken er gemt" in summary and "2 sager" in summary and "Krypteret til: Bo fra B" in summary
    assert "DKE-Sager sendt: 1" in summary
    assert dialog.plan_view.toPlainText() == f"Sendes: {s.case.number} – Retsplejelovens § 115"
    assert dialog.ok_button.text() == "Luk"
    assert page_a.history_model.rowCount() == 1
    assert page_a.history_model.record(0)["cells"][1:3] == ("Sendt", "Bo fra B")
    click(qtbot, dialog.ok_button)
    assert page_a.dialog is None

    page_b = page_for(qtbot, b)
    flow = page_b.import_file(result.path)
    assert flow.stage == "trust"
    assert flow.sender_fingerprint.text() == a.identity.fingerprint
    assert "Kollega a" in flow.sender_name.text()
    assert list_peers(b) == []  # nothing is remembered before the user answers
    click(qtbot, flow.ok_button)  # "Stol på afsenderen og importér"

    assert flow.stage == "done"
    expected = sum(result.counts.values())
    assert flow.report.added == expected and result.counts["information_exchanges"] == 1
    assert flow.report_values["Tilføjet"].text() == str(expected)
    assert [flow.report_values[k].text() for k in ("Opdateret", "Uændret", "Konflikter")] == ["0", "0", "0"]
    assert [p.fingerprint for p in list_peers(b)] == [a.identity.fingerprint]
    assert page_b.peer_model.rowCount() == 1 and page_b.history_model.rowCount() == 1
    assert page_b.history_model.record(0)["cells"][1] == "Modtaget"


def test_a_passphrase_bundle_asks_for_the_passphrase_and_allows_a_retry(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    journal(a)
    dialog = page_for(qtbot, a).open_export()
    dialog.what_all.setChecked(True)
    dialog.to_passphrase.setChecked(True)
    dialog.passphrase_rows.passphrase.setText("rød bil kører langsomt forbi")
    dialog.passphrase_rows.repeated.setText("rød bil kører langsomt forbi!")
    dialog.path_edit.setText(str(tmp_path / "kode.sspbundle"))
    click(qtbot, dialog.ok_button)
    assert dialog.result_value is None and "ens to gange" in dialog.message.label.text()
    dialog.passphrase_rows.repeated.setText("rød bil kører langsomt forbi")
    click(qtbot, dialog.ok_button)
    assert dialog.result_value.recipients == ["passphrase"]
    assert "adgangskode" in dialog.message.label.text()

    flow = page_for(qtbot, b).import_file(tmp_path / "kode.sspbundle")
    assert flow.stage == "passphrase" and flow.passphrase_panel.isVisible()
    flow.passphrase.setText("forkert kode")
    click(qtbot, flow.ok_button)
    assert flow.stage == "passphrase" and "Forkert adgangskode" in flow.message.label.text()
    flow.passphrase.setText("rød bil kører langsomt forbi")
    click(qtbot, flow.ok_button)
    assert flow.stage == "trust"
    click(qtbot, flow.ok_button)
    assert flow.stage == "done" and flow.report.added > 0


def test_a_tampered_bundle_shows_the_failed_check_and_leaves_the_vault_unchanged(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    journal(a)
    good = tmp_path / "ok.sspbundle"
    export_bundle(a, good, Selection(all_records=True), recipients=[b.identity.recipient])
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "ændret.sspbundle"
    bad.write_bytes(bytes(data))
    page = page_for(qtbot, b)
    before = dump(b)

    flow = page.import_file(bad)
    assert flow.stage == "failed" and flow.failed_check == "tampered"
    assert flow.failure_panel.isVisible()
    assert flow.failure_check.text() == "Kontrol, der fejlede: Ændret pakke"
    assert "kontrolsum" in flow.failure_text.text()
    assert "Datafilen er uændret" in " ".join(
        label.text() for label in flow.failure_panel.findChildren(QWidget) if hasattr(label, "text")
    )
    assert dump(b) == before
    assert page.history_model.rowCount() == 0

    cut = tmp_path / "afkortet.sspbundle"
    cut.write_bytes(good.read_bytes()[:40])
    flow = page.import_file(cut)
    assert flow.failed_check == "truncated" and dump(b) == before


def test_a_concurrent_edit_is_listed_and_resolved_with_a_combination(qtbot, pair, tmp_path: Path) -> None:
    a = pair[0]
    s = concurrent_edits(pair, tmp_path, {"coordinator": "Anna fra A"}, {"coordinator": "Bo fra B", "area": "Nord"})
    page = page_for(qtbot, a)
    flow = page.import_file(tmp_path / "b.sspbundle")
    click(qtbot, flow.ok_button)  # trust B
    assert flow.report.conflicts == 1 and flow.report_values["Konflikter"].text() == "1"
    click(qtbot, flow.ok_button)

    assert page.conflict_model.rowCount() == 1
    kind, label, fields, _when = page.conflict_model.record(0)["cells"]
    assert kind == "Sag" and s.case.number in label and fields == "Område, Koordinator"
    assert page.conflicts_title.text() == "Konflikter (1)" and page.resolve_button.isEnabled()
    click(qtbot, page.resolve_button)
    dialog = page.dialog
    assert set(dialog.choices) == {"coordinator", "area"}
    assert dialog.choices["coordinator"].editor.text() == "Anna fra A"  # starts as "Din version"
    dialog.choices["area"].choose("incoming")
    assert dialog.choices["area"].editor.text() == "Nord"
    dialog.choices["coordinator"].set_text("Anna og Bo")
    click(qtbot, dialog.merge_button)

    row = records.get_row(a.conn, "cases", s.id)
    assert (row["coordinator"], row["area"]) == ("Anna og Bo", "Nord")
    assert list_conflicts(a) == [] and page.conflict_model.rowCount() == 0
    assert page.conflicts_empty.isVisibleTo(page) and page.dialog is None


def test_a_conflict_on_a_coded_column_shows_danish_words_and_is_chosen_not_typed(qtbot, pair, tmp_path: Path) -> None:
    a = pair[0]
    s = concurrent_edits(pair, tmp_path, {"area": "Syd"}, {"status": "closed", "closed_on": "2026-11-20"})
    import_bundle(a, (tmp_path / "b.sspbundle").read_bytes(), trust_new_sender=True)
    page = page_for(qtbot, a)
    click(qtbot, page.resolve_button)
    dialog = page.dialog
    shown = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"Åben", "Lukket", "Status", "Type", "DKE-Sag", "20.11.2026"} <= shown
    assert not shown & {"open", "closed", "sag"}
    assert dialog.choices["status"].editor is None  # a code is chosen from a side, never typed
    dialog.choices["status"].choose("incoming")
    dialog.choices["closed_on"].choose("incoming")
    click(qtbot, dialog.merge_button)
    row = records.get_row(a.conn, "cases", s.id)
    assert (row["status"], row["closed_on"], row["area"]) == ("closed", "2026-11-20", "Syd")


def test_coded_values_and_inner_fields_have_danish_labels() -> None:
    assert value_label("meetings", "status", "approved") == "Godkendt"
    assert value_label("consents", "cosign_required", 1) == "Ja"
    assert value_label("consents", "giver_role", "custody_holder") == "Forældremyndighedsindehaver"
    assert value_label("cases", "subject", "open") == "open"  # free text is never translated
    assert value_label("concern_groups", "status", "followup") == "Opfølgning"
    assert value_label("cases", "profile", "albertslund").startswith("Albertslund")
    assert value_label("cases", "closed_on", "2026-11-20") == "20.11.2026"
    assert value_label("meetings", "starts_at", "2026-03-20T14:00") == "20.03.2026 kl. 14.00"  # local already
    assert value_label("cases", "closed_on", "") == ""
    assert inner_field_label("case_sections", "risikofaktorer") == "Risikofaktorer"
    assert inner_field_label("case_sections", "sociale_foranstaltninger") == "Sociale foranstaltninger"
    assert inner_field_label("case_sections", "social_kontrol_risiko") == "Social kontrol – risikofaktorer"
    assert inner_field_label("minutes", "decision") == "Beslutning"
    assert inner_field_label("group_sections", "dynamik") == "Gruppens interne dynamik"


def test_the_fagsystem_dialog_needs_the_key_and_a_basis_for_a_sag_without_consent(qtbot, vault, tmp_path: Path) -> None:
    s, j = sag(vault), journal(vault)
    page = page_for(qtbot, vault)
    dialog = page.open_fagsystem()
    assert "Indstillinger" in dialog.key_bar.label.text() and not dialog.ok_button.isEnabled()
    dialog.reject()

    vault.set_setting("fagsystem_recipient", str(pyrage.x25519.Identity.generate().to_public()))
    dialog = page.open_fagsystem()
    assert dialog.key_bar.isHidden() and dialog.ok_button.isEnabled()
    set_checked(dialog.case_list, [j.id])
    assert dialog.basis_combo.isHidden()  # a journal holds no personal data
    set_checked(dialog.case_list, [j.id, s.id])
    assert not dialog.basis_combo.isHidden() and s.case.number in dialog.basis_note.text()
    out = tmp_path / "til-fagsystem.zip.age"
    dialog.path_edit.setText(str(out))
    click(qtbot, dialog.ok_button)
    assert "hjemmel" in dialog.message.label.text() and not out.exists()
    dialog.basis_combo.setCurrentIndex(dialog.basis_combo.findData(STATUTORY_BASES[0]))
    assert set(dialog.ticks) == {"necessary", "relevant", "least", "sensitive", "not_investigation"}
    click(qtbot, dialog.ok_button)
    assert "nødvendighedsvurderingen mangler" in dialog.message.label.text() and not out.exists()
    for box in dialog.ticks.values():
        box.setChecked(True)
    click(qtbot, dialog.ok_button)
    assert out.exists() and sorted(dialog.result_value.numbers) == [j.case.number, s.case.number]
    assert "Filen til fagsystemet er gemt" in dialog.message.label.text()


def test_adding_a_colleague_shows_refusals_inline(qtbot, pair) -> None:
    a, b = pair
    page = page_for(qtbot, a)
    dialog = page.open_add_peer()
    dialog.name.setText("Bo fra B")
    dialog.recipient.setText("ikke-en-nøgle")
    dialog.key.setText(b.identity.fingerprint)
    click(qtbot, dialog.ok_button)
    assert "age-nøgle" in dialog.message.label.text() and dialog.peer is None
    dialog.recipient.setText(b.identity.recipient)
    click(qtbot, dialog.ok_button)
    assert dialog.peer is not None and page.dialog is None
    assert page.peer_model.record(0)["cells"][:2] == ("Bo fra B", b.identity.fingerprint)


def test_locking_clears_every_table_and_closes_the_dialog(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    journal(a)
    add_peer(a, "Bo fra B", b.identity.recipient, b.identity.fingerprint)
    export_bundle(a, tmp_path / "x.sspbundle", Selection(all_records=True), recipients=[b.identity.recipient])
    page = page_for(qtbot, a)
    dialog = page.open_export()
    assert page.shows_data() and page.peer_model.rowCount() == 1 and page.history_model.rowCount() == 1
    assert a.identity.fingerprint in page.own_key.text()
    page.on_locked()
    assert not page.shows_data()
    assert not dialog.isVisible() and page.dialog is None
    assert page.own_key.text() == "" and page.peer_model.rowCount() == page.history_model.rowCount() == 0
    assert page.open_export() is None and page.import_file(tmp_path / "x.sspbundle") is None


def test_the_export_dialog_shows_what_is_sent_and_what_is_left_out_before_writing(qtbot, pair, tmp_path: Path) -> None:
    a, b = pair
    s1, s2 = sag(a, "Indbrud i kiosk", "0503104321"), sag(a, "Hærværk", "0101104321")
    save_section(a, s2.id, "flow", {"sundhed": "Diabetes"})
    signed_consent(a, s1.id, ("strafbare_forhold",), person=("Oskar Opdigtet", "0503104321"))
    signed_consent(a, s2.id, ("strafbare_forhold",), person=("Oskar Opdigtet", "0101104321"))
    add_peer(a, "Hanne", b.identity.recipient, b.identity.fingerprint, authority="Sundhedsplejen", party_type="sundhed")
    page = page_for(qtbot, a)
    dialog = page.open_export()
    set_checked(dialog.case_list, [s1.id, s2.id])
    set_checked(dialog.peer_list, [b.identity.recipient])
    dialog.refresh_plan()
    preview = dialog.plan_view.toPlainText().splitlines()
    assert preview[0].startswith(f"Sendes: {s1.case.number} – Samtykke SAM-")
    assert preview[1].startswith(f"Udeladt: {s2.case.number} – Ingen hjemmel til Hanne")
    assert "dækker ikke Sundhedsoplysninger" in preview[1]
    assert legal_basis.list_exchanges(a, s1.id) == []  # the preview stores nothing
    dialog.path_edit.setText(str(tmp_path / "til-hanne.sspbundle"))
    dialog.grab().save(str(tmp_path / "export-dialog.png"))
    click(qtbot, dialog.ok_button)
    assert "DKE-Sager sendt: 1 · udeladt uden hjemmel: 1" in dialog.message.label.text()
    assert dialog.plan_view.toPlainText().splitlines()[1] == preview[1]
    [sent] = legal_basis.list_exchanges(a, s1.id)
    assert sent.bundle_id == dialog.result_value.bundle_id and legal_basis.list_exchanges(a, s2.id) == []


def test_a_passphrase_export_with_a_sag_asks_for_the_recipient(qtbot, pair, tmp_path: Path) -> None:
    a, _ = pair
    s = sag(a)
    dialog = page_for(qtbot, a).open_export()
    set_checked(dialog.case_list, [s.id])
    dialog.to_passphrase.setChecked(True)
    assert dialog.recipient_host.isEnabled()
    dialog.refresh_plan()
    assert "modtageren er ukendt" in dialog.plan_view.toPlainText()
    dialog.passphrase_rows.passphrase.setText("rød bil kører langsomt forbi")
    dialog.passphrase_rows.repeated.setText("rød bil kører langsomt forbi")
    out = tmp_path / "kode.sspbundle"
    dialog.path_edit.setText(str(out))
    click(qtbot, dialog.ok_button)
    assert "modtageren er ukendt" in dialog.message.label.text() and not out.exists()
    dialog.recipient_name.setText("Bo Nielsen")
    dialog.recipient_authority.setText(SSP_AUTHORITY)
    dialog.recipient_party.setCurrentIndex(dialog.recipient_party.findData("ssp"))
    for box in dialog.ticks.values():
        box.setChecked(True)
    dialog.refresh_plan()
    assert dialog.plan_view.toPlainText() == f"Sendes: {s.case.number} – Retsplejelovens § 115"
    click(qtbot, dialog.ok_button)
    assert out.exists() and dialog.result_value.recipients == ["passphrase"]


def test_a_colleague_is_given_an_authority_and_a_party_type_in_the_peer_dialog(qtbot, pair) -> None:
    a, b = pair
    add_peer(a, "Bo fra B", b.identity.recipient, b.identity.fingerprint)
    page = page_for(qtbot, a)
    assert "mangler" in page.peer_model.record(0)["cells"][2]
    page.peer_table.selectRow(0)
    dialog = page.open_edit_peer()
    assert dialog.name.text() == "Bo fra B" and dialog.party.currentData() == ""
    dialog.authority.setText(SSP_AUTHORITY)
    dialog.party.setCurrentIndex(dialog.party.findData("ssp"))
    click(qtbot, dialog.ok_button)
    assert (list_peers(a)[0].authority, list_peers(a)[0].party_type) == (SSP_AUTHORITY, "ssp")
    assert page.peer_model.record(0)["cells"][2] == f"{SSP_AUTHORITY}, SSP-konsulent"
