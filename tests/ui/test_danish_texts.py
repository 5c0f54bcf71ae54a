"""Danish everywhere (issue 21, item 9): Qt's own texts, the logbook in words, the export dialog without jargon."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit

from sspdesk import preferences
from sspdesk.bundles.peers import add_peer
from sspdesk.dispositions import add_disposition
from sspdesk.duties import audit_words
from sspdesk.duties.audit_words import SETTING_LABELS
from sspdesk.store.audit import AuditEntry
from sspdesk.store.settings import DEFAULTS
from sspdesk.ui import translations, worker
from sspdesk.ui.app import configure_application
from sspdesk.ui.duties.audit_page import AuditLogView
from sspdesk.ui.exchange.export_dialog import ExportDialog
from support.meetings import make_meeting

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(autouse=True)
def danish(qapp):
    configure_application(qapp)


def test_every_supplement_string_is_one_qts_danish_catalogue_still_lacks():
    # When Qt's catalogue catches up, the supplement entry is dead weight: this test says so.
    assert translations.missing_from_catalogue() == list(translations.SUPPLEMENT)
    assert QApplication.translate("QFileDialog", "&Look in:") == "&Kig i:"
    assert QApplication.translate("QFileDialog", "File &name:") == "&Filnavn:"  # from Qt's own catalogue


def test_every_setting_has_a_name_in_the_logbook():
    assert set(DEFAULTS) <= set(SETTING_LABELS)


def test_the_logbook_shows_what_happened_in_words_never_ids_or_setting_keys(qtbot, pair):
    # The walk-through: the logbook showed `autolock_minutes` and record ids.
    vault, other = pair
    preferences.set_autolock_minutes(vault, 10)
    setup = make_meeting(vault)
    add_disposition(vault, setup.meeting_id, "SSP", "Kontakt skolen", item_id=setup.topic_item)
    add_peer(vault, "Kollega Test", other.identity.recipient, other.identity.fingerprint)  # no number: a kind
    view = AuditLogView()
    qtbot.addWidget(view)
    view.show_vault(vault)
    model = view.model
    rows = [[model.data(model.index(r, c)) or "" for c in range(model.columnCount())] for r in range(model.rowCount())]
    shown = "\n".join(" | ".join(row) for row in rows)
    assert not UUID.search(shown), shown
    assert "autolock_minutes" not in shown and "Automatisk lås" in shown
    assert any(row[3] == "Kollega tilføjet" and row[4] == "Kollega" for row in rows), shown
    assert any(row[3] == "Disposition tilføjet" and row[5] == "" for row in rows), shown
    assert "(emne)" in shown and "(topic)" not in shown
    view.clear()


def test_the_detail_of_codes_is_named():
    codes = (
        ("information_duty.record", "not_informed"),
        ("case.edit", "opfoelgning2"),
        ("case.level", "I -> II (S-2026-0019)"),
        ("settings.change", "audit_retention_years"),
    )
    made = [AuditEntry(1, "", "", action, "sag", "", "S-2026-0001", detail) for action, detail in codes]
    assert [audit_words.detail_text(e) for e in made] == [
        "Ikke orienteret (undtagelse fra oplysningspligten)",
        "Evt. 2. opfølgning",
        "I → II (S-2026-0019)",
        "Logbogens opbevaringstid",
    ]


def test_the_export_dialog_says_what_the_user_does_without_jargon(qtbot, vault):
    with worker.use_pool(worker.SyncPool()):
        dialog = ExportDialog(vault, lambda fn, done, failed: done(fn()), None)
        qtbot.addWidget(dialog)
        dialog.show()
        texts = [w.text() for w in dialog.findChildren(QAbstractButton)]
        texts += [w.text() for w in dialog.findChildren(QLabel)]
        texts += [w.placeholderText() for w in dialog.findChildren(QLineEdit)]
        shown = "\n".join(texts).replace("&", "")
        assert "Kryptér til kollegaen" in shown
        assert "modtagernøgle" not in shown.lower()
        assert not re.search(r"(^|\s)age(\s|$)", shown), shown
        dialog.grab().save("/tmp/a21-export-dialog.png")
