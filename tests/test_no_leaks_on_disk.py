"""Nothing personal in plain text outside the vault: every file the program writes is scanned for markers.

Marked fictional data goes through every feature – cases, a journal, minutes, a consent, a bundle export,
PDFs kept in memory, a backup, program logging and a crash report – and then every file under the test's own
folders (user data, config, cache, temp, the vault's folder with its backups, logs, crash reports, the export)
is read byte for byte. The markers must not occur in any of them, in UTF-8 or UTF-16.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

from sspdesk.bundles.export import Selection, export_bundle
from sspdesk.cases import NewCase, case_pdf, register_case, save_section
from sspdesk.consents import ConsentContact, consent_pdf, create_consent, new_consent_input
from sspdesk.duties import leaks
from sspdesk.meetings import add_item, agenda_pdf, create_meeting, minutes_pdf, save_item_minutes
from sspdesk.store.vault import Vault
from support import PASSPHRASE
from support.bundles import CONFIRMED, colleague

NAME = "Markus Lækagesen"
CPR = "0503104321"
JOURNAL_TEXT = "LÆKAGEMARKØR-journal ses ved hallen"
MINUTES_TEXT = "LÆKAGEMARKØR-referat om Markus Lækagesen"
MARKERS = [NAME, CPR, "050310-4321", "0101804321", "LÆKAGEMARKØR", "Lækagesen"]


def _encodings(marker: str) -> list[bytes]:
    return [marker.encode("utf-8"), marker.encode("utf-16-le")]


def _scan(folders: list[Path]) -> list[tuple[Path, str]]:
    hits = []
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            data = path.read_bytes()
            hits += [(path, m) for m in MARKERS if any(e in data for e in _encodings(m))]
    return hits


def test_marked_data_through_every_feature_leaves_no_plain_text_on_disk(
    tmp_path: Path, isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    logs = tmp_path / "logs"
    logs.mkdir()
    handler = logging.FileHandler(logs / "sspdesk.log", encoding="utf-8")
    leaks.install_logging(handler=handler)
    vault = Vault.create(tmp_path / "vault" / "v.sspvault", PASSPHRASE, settings={"user_name": "Test Koordinator"})
    try:
        leaks.use_vault_names(vault)
        sag = register_case(
            vault, NewCase(level="II", subject="Indbrud", person_name=NAME, cpr=CPR), today=date(2026, 11, 2)
        )
        leaks.use_vault_names(vault)
        save_section(vault, sag.id, "status", {"familie": f"{NAME} bor hos sin mor"})
        journal = register_case(vault, NewCase(level="I", subject="Uro ved hallen"), today=date(2026, 11, 2))
        save_section(vault, journal.id, "status", {"adfaerd": JOURNAL_TEXT})
        meeting = create_meeting(vault, "Sagsmøde", "2026-11-03T09:30", accept_agenda=False).detail
        item = add_item(vault, meeting.id, "case", case_ref=sag.id)
        item_id = item.id if hasattr(item, "id") else item
        save_item_minutes(vault, item_id, MINUTES_TEXT, "Videre til Social & Familie")
        form = new_consent_input(vault, sag.id, today=date(2026, 11, 2))
        consent = create_consent(
            vault,
            dataclasses.replace(
                form,
                giver_name="Mette Lækagesen",
                giver_cpr="0101804321",
                giver_role="custody_holder",
                contacts=(ConsentContact("primary", "Kasper Prøvesen", "SSP, Demo Kommune", "40 00 00 02", "ssp"),),
                exchange_text=MINUTES_TEXT,
            ),
        )
        for pdf in (
            case_pdf(vault, sag.id),
            agenda_pdf(vault, meeting.id),
            minutes_pdf(vault, meeting.id),
            consent_pdf(vault, consent.id),
        ):
            assert pdf.startswith(b"%PDF")  # made in memory; never written
        export_bundle(
            vault,
            tmp_path / "out" / "til-kollega.sspbundle",
            Selection(all_records=True),
            recipients=[vault.identity.recipient],
            recipient=colleague(vault),
            confirmation=CONFIRMED,
        )
        vault.backup("manual")
        logging.getLogger("sspdesk.test").warning("gemte %s for %s (%s)", MINUTES_TEXT, NAME, CPR)
        logging.getLogger("sspdesk.test").warning(f"fejl i sagen om {NAME} {CPR}")
        try:
            raise RuntimeError(f"uventet: {NAME} {CPR} {JOURNAL_TEXT}")
        except RuntimeError:
            report = leaks.crash_report(*sys.exc_info())
        leaks.write_crash_report(report, tmp_path / "crash")
    finally:
        leaks.use_vault_names(None)
        vault.close()
        handler.close()
        logging.getLogger().removeHandler(handler)
    written = [tmp_path, isolated_user_dirs, temp]
    assert (logs / "sspdesk.log").stat().st_size > 0 and any((tmp_path / "crash").iterdir())
    assert _scan(written) == []
    control = tmp_path.parent / f"{tmp_path.name}-control"
    control.mkdir()
    (control / "plain.txt").write_text(f"{NAME} {CPR}", encoding="utf-16-le")
    assert len(_scan([control])) >= 2  # the scan does find the markers where they are
