"""A DKE-Journal holds only the items of Bilag 5 (issue 16, item 5).

The case flow (Sagsforløb) and the focus areas (Fokusområder) are assessments of a person and belong to a DKE-Sag:
the service, the CLI, the database and the editor refuse or leave them out for a journal, and the journal's PDF
prints only Bilag 5. A journal saved before the rule keeps such text readable in its history, flagged, until the
user deletes it (audit-logged) or raises the journal to a sag, which moves it over. Real vaults, invented data.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from sspdesk import cases
from sspdesk.cases import NewCase, change_level, get_case, register_case, save_section, section_history
from sspdesk.cli import main
from sspdesk.domain import forms
from sspdesk.domain.errors import Invalid
from sspdesk.store import audit, cases_repo, migrations
from sspdesk.store.connection import IntegrityError
from sspdesk.store.vault import Vault
from support import PASSPHRASE
from support.schema import undo_later_migrations
from support.templates import new_vault

OLD_FLOW = {
    "forundersoegelse": "Samtale med drengen og forældrene om fraværet",
    "tilknytning_omsorg": "God kontakt til mor",
    "risiko": "middel",
}
OLD_FOCUS = {"fritid_risiko": "Hænger ud ved stationen om aftenen"}
FLOW_LABELS = ("Forundersøgelse", "Følelsesmæssig tilknytning", "God kontakt til mor", "Sagsforløb", "SAGSFORLØB")
CPR = "120310-4321"  # invented; born 12 March 2010


def _journal(vault: Vault, subject: str = "Uro og hærværk ved stationen") -> str:
    return register_case(vault, NewCase(level="I", subject=subject, area="Nord")).id


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _actions(vault: Vault, action: str) -> list[audit.AuditEntry]:
    return audit.entries(vault.conn, action=action)


def _old_vault_with_flagged_journal(path: Path) -> str:
    """A vault as it was before migration 0011, with a journal holding Sagsforløb and Fokusområder text.

    The vault is made with every migration, then taken back to version 10: 0011's triggers are dropped, the old
    rows written through the store as an older sspdesk did, and the vault closed. Opening it again migrates it."""
    vault = new_vault(path, PASSPHRASE, settings={"user_name": "Test Koordinator"})
    try:
        journal_id = _journal(vault)
        save_section(vault, journal_id, "status", {"adfaerd": "Uro i frikvarteret"})
        with vault.transaction() as conn:
            conn.execute("DROP TRIGGER case_sections_journal_bilag5_insert")
            conn.execute("DROP TRIGGER case_sections_journal_bilag5_update")
            first = {"forundersoegelse": "Samtale aftalt"}
            cases_repo.add_section(
                conn, vault.device_id, journal_id, "flow", first, "Gammel Bruger", "2025-01-02T10:00:00Z"
            )
            cases_repo.add_section(
                conn, vault.device_id, journal_id, "flow", OLD_FLOW, "Gammel Bruger", "2025-02-03T10:00:00Z"
            )
            cases_repo.add_section(conn, vault.device_id, journal_id, "focus", OLD_FOCUS, "Gammel Bruger")
        undo_later_migrations(vault.conn, after=10)
    finally:
        vault.close()
    return journal_id


@pytest.fixture
def old_vault(tmp_path: Path):
    path = tmp_path / "old.sspvault"
    journal_id = _old_vault_with_flagged_journal(path)
    opened = Vault.open(path, PASSPHRASE)
    yield opened, journal_id
    opened.close()


# -- the forms and the service ---------------------------------------------------------------------------------


def test_a_journal_form_has_the_four_sections_of_bilag_5_and_no_case_flow() -> None:
    assert [key for key in forms.SECTION_NAMES if forms.journal_allows(key)] == [
        "status",
        "indsats",
        "opfoelgning",
        "opfoelgning2",
        "closing",
    ]
    assert not forms.journal_allows("flow") and not forms.journal_allows("focus")
    for section in ("flow", "focus"):
        with pytest.raises(KeyError):
            forms.section_fields("journal", section, ("fritid",))
    labels = {f.label for key, _ in forms.SECTIONS for f in forms.section_fields("journal", key)}
    assert labels == {
        "Dato",
        "Ansvarlig myndighed",
        "Koordinator",
        "Evt. kontaktperson",
        "Adfærd og trivsel",
        "Risikofaktorer",
        "Beskyttende faktorer",
        "Dispositioner",
        "Andet",
        "Beslutning",
    }
    assert "forundersoegelse" in {f.key for f in forms.section_fields("sag", "flow")}


@pytest.mark.parametrize(("section", "name"), [("flow", "Sagsforløb"), ("focus", "Fokusområder")])
def test_a_journal_refuses_a_sag_section_with_a_message_naming_it_and_saves_nothing(vault, section, name) -> None:
    journal_id = _journal(vault)
    with pytest.raises(Invalid) as info:
        save_section(vault, journal_id, section, {"forundersoegelse": "Samtale med familien"})
    assert f"En DKE-Journal har ikke afsnittet {name}" in info.value.message
    assert info.value.field == "section"
    assert section_history(vault, journal_id, section) == []
    assert _actions(vault, "case.edit") == []


def test_a_sag_still_saves_its_case_flow(vault) -> None:
    sag_id = register_case(vault, NewCase(level="II", subject="Tyveri", person_name="Ida Påfund", cpr=CPR)).id
    save_section(vault, sag_id, "flow", OLD_FLOW)
    assert get_case(vault, sag_id).section_fields("flow") == OLD_FLOW


def test_a_journal_is_registered_without_an_identification_source(vault) -> None:
    with pytest.raises(Invalid) as info:
        register_case(vault, NewCase(level="I", subject="Uro ved hallen", source="Skole"))
    assert info.value.field == "source" and "Identifikation – kilde" in info.value.message
    assert cases.list_cases(vault) == []
    sag = register_case(vault, NewCase(level="II", subject="Tyveri", person_name="Ida Påfund", cpr=CPR, source="Skole"))
    assert sag.section_fields("flow") == {"kilde": "Skole"}


def test_the_database_refuses_a_sag_section_on_a_journal_as_a_last_line(vault) -> None:
    journal_id = _journal(vault)
    refusal = "En DKE-Journal har ikke afsnittene Sagsforløb og Fokusområder"
    with pytest.raises(IntegrityError, match=refusal), vault.transaction() as conn:
        cases_repo.add_section(conn, vault.device_id, journal_id, "flow", OLD_FLOW, "Test")
    assert vault.conn.execute("SELECT count(*) FROM case_sections WHERE section = 'flow'").fetchone()[0] == 0
    with vault.transaction() as conn:  # a status version turned into a flow version is refused too
        status_id = cases_repo.add_section(conn, vault.device_id, journal_id, "status", {"adfaerd": "Uro"}, "Test")
    with pytest.raises(IntegrityError, match=refusal), vault.transaction() as conn:
        conn.execute("UPDATE case_sections SET section = 'focus' WHERE id = ?", (status_id,))
    assert get_case(vault, journal_id).section_fields("status") == {"adfaerd": "Uro"}


# -- a journal saved before the rule ---------------------------------------------------------------------------


def test_migration_keeps_a_journals_old_case_flow_readable_and_flags_the_journal(old_vault) -> None:
    vault, journal_id = old_vault
    assert migrations.current_version(vault.conn) == migrations.latest_version()
    detail = get_case(vault, journal_id)
    assert detail.sag_only_sections == ["flow", "focus"]
    assert detail.to_json()["sag_only_sections"] == ["flow", "focus"]
    history = section_history(vault, journal_id, "flow")
    assert [v.fields for v in history] == [OLD_FLOW, {"forundersoegelse": "Samtale aftalt"}]
    assert history[0].author == "Gammel Bruger"
    assert section_history(vault, journal_id, "focus")[0].fields == OLD_FOCUS
    assert detail.section_fields("status") == {"adfaerd": "Uro i frikvarteret"}


def test_removing_a_journals_old_case_flow_empties_every_version_and_is_audit_logged(old_vault) -> None:
    vault, journal_id = old_vault
    number = get_case(vault, journal_id).number
    assert cases.remove_sag_fields(vault, journal_id) == ["flow", "focus"]

    assert get_case(vault, journal_id).sag_only_sections == []
    assert section_history(vault, journal_id, "flow") == []
    rows = vault.conn.execute(
        "SELECT fields, deleted FROM case_sections WHERE case_id = ? AND section IN ('flow', 'focus')", (journal_id,)
    ).fetchall()
    assert len(rows) == 3 and all(row == ("{}", 1) for row in rows)  # tombstones without the text
    assert get_case(vault, journal_id).section_fields("status") == {"adfaerd": "Uro i frikvarteret"}
    [entry] = _actions(vault, "case.sag_fields_removed")
    assert entry.record_id == journal_id and entry.subject_ref == number
    assert entry.detail == "Sagsforløb, Fokusområder (3 versioner slettet)"
    assert "Samtale" not in entry.detail
    assert audit.verify(vault.conn).ok
    with pytest.raises(Invalid, match="ingen oplysninger i felter"):
        cases.remove_sag_fields(vault, journal_id)


def test_only_a_journal_has_sag_fields_to_remove(vault) -> None:
    sag_id = register_case(vault, NewCase(level="II", subject="Tyveri", person_name="Ida Påfund", cpr=CPR)).id
    save_section(vault, sag_id, "flow", OLD_FLOW)
    with pytest.raises(Invalid):
        cases.remove_sag_fields(vault, sag_id)
    assert get_case(vault, sag_id).section_fields("flow") == OLD_FLOW


def test_raising_a_flagged_journal_moves_its_old_case_flow_into_the_new_sag(old_vault) -> None:
    vault, journal_id = old_vault
    sag = change_level(vault, journal_id, "II", person_name="Ida Påfund", cpr=CPR, today=date(2026, 4, 1))

    assert sag.section_fields("flow") == OLD_FLOW and sag.section_fields("focus") == OLD_FOCUS
    moved = section_history(vault, sag.id, "flow")
    assert [(v.fields, v.author, v.created_at) for v in moved][1] == (
        {"forundersoegelse": "Samtale aftalt"},
        "Gammel Bruger",
        "2025-01-02T10:00:00Z",
    )
    journal = get_case(vault, journal_id)
    assert journal.case.status == "raised" and journal.sag_only_sections == []
    [entry] = _actions(vault, "case.sag_fields_moved")
    assert entry.record_id == journal_id and entry.detail.endswith(f"-> {sag.number}")


# -- the PDF ---------------------------------------------------------------------------------------------------


def test_the_journal_pdf_prints_only_bilag_5_even_for_an_old_flagged_journal(old_vault) -> None:
    vault, journal_id = old_vault
    text = _pdf_text(cases.case_pdf(vault, journal_id))
    for heading in ("Mødeforum", "Sagens genstand", "Klassifikation", "STATUS", "INDSATSFORLØB", "Dispositioner"):
        assert heading in text
    assert "Uro i frikvarteret" in text
    for label in (*FLOW_LABELS, "FOKUSOMRÅDER", "Samtale med drengen", "stationen om aftenen"):
        assert label not in text


def test_the_sag_pdf_still_prints_its_case_flow(vault) -> None:
    sag_id = register_case(vault, NewCase(level="II", subject="Tyveri", person_name="Ida Påfund", cpr=CPR)).id
    save_section(vault, sag_id, "flow", OLD_FLOW)
    text = _pdf_text(cases.case_pdf(vault, sag_id))
    assert "SAGSFORLØB" in text and "Forundersøgelse" in text and "Samtale med drengen" in text


# -- the CLI ---------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_old_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    path = tmp_path / "old.sspvault"
    journal_id = _old_vault_with_flagged_journal(path)
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    return path, journal_id


def test_the_cli_refuses_a_flow_field_on_a_journal_and_shows_and_removes_old_text(capsys, cli_old_vault) -> None:
    path, journal_id = cli_old_vault
    correct = ["correct", journal_id, "--section", "flow", "--field", "risiko", "--value", "høj", "--reason", "Rettet"]
    assert main(correct) == 4
    assert "En DKE-Journal har ikke afsnittet Sagsforløb" in capsys.readouterr().err

    assert main(["cases", "show", journal_id]) == 0
    assert "kun hører til en DKE-Sag (Sagsforløb, Fokusområder)" in capsys.readouterr().out
    assert main(["cases", "remove-sag-fields", journal_id]) == 2
    capsys.readouterr()
    assert main(["--json", "cases", "remove-sag-fields", journal_id, "--yes"]) == 0
    assert json.loads(capsys.readouterr().out) == {"removed": ["flow", "focus"]}
    with Vault.open(path, PASSPHRASE) as vault:
        assert get_case(vault, journal_id).sag_only_sections == []
        assert len(_actions(vault, "case.sag_fields_removed")) == 1
        assert section_history(vault, journal_id, "flow") == []


# -- the editor ------------------------------------------------------------------------------------------------


def _editor(qtbot, vault: Vault, case_id: str):
    from sspdesk.ui.cases.case_editor import CaseEditor

    editor = CaseEditor(today=lambda: date(2026, 4, 1))
    qtbot.addWidget(editor)
    editor.set_vault(vault)
    editor.load(case_id)
    return editor


def _tab_titles(editor) -> list[str]:
    return [editor.tabs.tabText(i) for i in range(editor.tabs.count())]


def test_the_editor_of_a_journal_has_no_sagsforloeb_tab_and_a_sag_has(qtbot, vault) -> None:
    journal = _editor(qtbot, vault, _journal(vault))
    assert _tab_titles(journal) == ["STATUS", "INDSATSFORLØB", "OPFØLGNING", "EVT. 2. OPFØLGNING"]
    assert journal.sag_fields_box is None
    sag_id = register_case(vault, NewCase(level="II", subject="Tyveri", person_name="Ida Påfund", cpr=CPR)).id
    assert "Sagsforløb" in _tab_titles(_editor(qtbot, vault, sag_id))


def test_the_editor_of_a_flagged_journal_shows_the_notice_the_old_text_and_removes_it(qtbot, old_vault) -> None:
    vault, journal_id = old_vault
    editor = _editor(qtbot, vault, journal_id)
    assert "Sagsforløb" not in _tab_titles(editor)
    assert editor.sag_fields_box is not None
    notice = " ".join(label.text() for label in editor.sag_fields_box.findChildren(type(editor.placeholder)))
    assert "Denne DKE-Journal har oplysninger i felter, som kun hører til en DKE-Sag (Sagsforløb, Fokusområder)" in (
        notice
    )

    editor.sag_fields_history_button.click()
    history = editor.dialog
    assert history is not None and history.list.count() == 3
    texts = []
    for row in range(history.list.count()):
        history.list.setCurrentRow(row)
        texts.append(history.text.toPlainText())
    assert any("Forundersøgelse:\nSamtale med drengen og forældrene om fraværet" in t for t in texts)
    assert any("Fritid – risikofaktorer:\nHænger ud ved stationen om aftenen" in t for t in texts)
    editor.close_dialog()

    asked: list[str] = []
    editor.remove_sag_fields(confirm=lambda title, text: asked.append(text) is None and False)  # Annuller
    assert asked and get_case(vault, journal_id).sag_only_sections == ["flow", "focus"]
    editor.remove_sag_fields(confirm=lambda title, text: True)
    assert editor.sag_fields_box is None
    assert editor.message.text() == f"Den gamle tekst er slettet fra {editor.detail.number}."
    assert get_case(vault, journal_id).sag_only_sections == []
    assert len(_actions(vault, "case.sag_fields_removed")) == 1


def test_a_bundle_leaves_a_flagged_journals_old_case_flow_at_home_and_the_colleague_imports_it(
    old_vault, tmp_path: Path
) -> None:
    from sspdesk.bundles.importer import import_bundle
    from support.bundles import export_to, make_vault

    vault, journal_id = old_vault
    colleague = make_vault(tmp_path, "kollega")
    try:
        data = export_to(vault, colleague, tmp_path / "til-kollega.sspbundle")
        report = import_bundle(colleague, data, trust_new_sender=True)
        assert report.added > 0
        arrived = get_case(colleague, journal_id)
        assert arrived.sag_only_sections == []
        assert arrived.sections["status"].fields["adfaerd"] == "Uro i frikvarteret"
    finally:
        colleague.close()
    assert get_case(vault, journal_id).sag_only_sections  # still flagged at home, for the user to clean up
