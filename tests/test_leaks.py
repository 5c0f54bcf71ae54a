"""No leaks: logs and crash reports hold no names, CPR numbers or free text, and making a PDF writes no file."""

from __future__ import annotations

import io
import logging
import sys
import tempfile
import threading
from datetime import date
from pathlib import Path

import pytest

from sspdesk import cases, consents, fagsystem, meetings
from sspdesk.cases import NewCase, register_case
from sspdesk.duties import access_request, leaks
from sspdesk.information_duty import information_letter_pdf
from sspdesk.store.vault import Vault
from support.records import CPR, NAME, full_sag

CASE_ID = "0d3c6f0e-5b1a-4c3e-9f7a-2b8e1d4c6a90"


@pytest.fixture
def captured() -> tuple[logging.Logger, io.StringIO]:
    """A logger writing through the redacting filter into a string (the root logger is left alone)."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(leaks.RedactingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("sspdesk.test_leaks")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    leaks.set_sensitive_names([NAME])
    yield logger, buffer
    leaks.set_sensitive_names([])
    logger.removeHandler(handler)


def test_log_arguments_keep_ids_references_and_numbers_but_not_text(captured) -> None:
    logger, buffer = captured
    logger.info(
        "gemt %s (%s) for %s, CPR %s, %d felter, fil %s",
        CASE_ID,
        "S-2026-0017",
        NAME,
        "050310-4321",
        3,
        Path("/home/x/aktindsigt Oskar.pdf"),
    )
    line = buffer.getvalue()
    assert CASE_ID in line and "S-2026-0017" in line and "3 felter" in line and "fil <fil.pdf>" in line
    assert "Oskar" not in line and "050310" not in line and "aktindsigt" not in line


def test_a_message_built_with_an_f_string_loses_the_cpr_the_name_and_quoted_text(captured) -> None:
    logger, buffer = captured
    logger.warning(f"kunne ikke gemme {NAME} {CPR}: 'bor hos mor'")
    line = buffer.getvalue()
    assert NAME not in line and CPR not in line and "bor hos mor" not in line
    assert "<navn>" in line and "<CPR-nr.>" in line


def test_an_exception_is_logged_as_type_and_frames_without_its_message(captured) -> None:
    logger, buffer = captured
    secret = f"{NAME} {CPR}"
    try:
        raise ValueError(secret)
    except ValueError:
        logger.exception("fejl ved %s", "gem")
    text = buffer.getvalue()
    assert "ValueError" in text and "test_leaks.py" in text and "beskeden er udeladt" in text
    assert NAME not in text and CPR not in text


def test_the_names_of_an_unlocked_vault_are_cut_out_until_it_locks(vault: Vault) -> None:
    full_sag(vault, "NAVNE", name="Ida Demosen", cpr="0101114321", closed_on=None)
    leaks.use_vault_names(vault)
    assert leaks.scrub_text("Ida Demosen ringede") == "<navn> ringede"
    leaks.use_vault_names(None)
    assert leaks.scrub_text("Ida Demosen ringede") == "Ida Demosen ringede"


def test_logging_an_exception_object_itself_gives_only_its_type(captured) -> None:
    logger, buffer = captured
    logger.error(KeyError(CPR))
    assert buffer.getvalue().strip() == "ERROR <KeyError>"


def test_install_logging_filters_every_root_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    root = logging.getLogger()
    buffer = io.StringIO()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", root.level)
    leaks.install_logging(logging.INFO, logging.StreamHandler(buffer))
    leaks.install_logging(logging.INFO)  # idempotent: no second filter or handler
    assert len(root.handlers) == 1 and len(root.handlers[0].filters) == 1
    logging.getLogger("sspdesk.anything").warning("søgte efter %s", CPR)
    assert CPR not in buffer.getvalue() and "<tekst>" in buffer.getvalue()


def _raise_with_local() -> None:
    local_secret = f"{NAME} {CPR}"  # a local: must never appear in a crash report
    raise RuntimeError(local_secret)


def test_an_uncaught_exception_gives_a_crash_report_without_message_or_locals(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    told: list[Path | None] = []
    hook = leaks.install_excepthook(tmp_path / "crash", notify=told.append)
    assert sys.excepthook is hook
    try:
        try:
            _raise_with_local()
        except RuntimeError as exc:
            raise OSError(2, CPR) from exc
    except OSError:
        sys.excepthook(*sys.exc_info())
    [report] = (tmp_path / "crash").glob("crash-*.txt")
    text = report.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "FileNotFoundError (errno 2)" in text and "_raise_with_local" in text
    assert "direkte årsag" in text
    assert NAME not in text and CPR not in text and "local_secret" not in text
    assert told == [report] and CPR not in capsys.readouterr().err


def test_an_exception_in_a_thread_is_reported_the_same_way(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    leaks.install_excepthook(tmp_path)
    worker = threading.Thread(target=_raise_with_local)
    worker.start()
    worker.join()
    [report] = tmp_path.glob("crash-*.txt")
    text = report.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "baggrundstråd" in text and CPR not in text
    capsys.readouterr()


# -- temporary files ------------------------------------------------------------------------------------------------


def test_making_every_kind_of_pdf_writes_no_file(vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sag_id = full_sag(vault, "PDF", closed_on=None, registered=date(2024, 1, 10))
    journal = register_case(vault, NewCase(level="I", subject="Uro ved stationen"))
    meeting_id = vault.conn.execute("SELECT id FROM meetings").fetchone()[0]
    consent_id = vault.conn.execute("SELECT id FROM consents").fetchone()[0]
    temp, work = tmp_path / "tmp", tmp_path / "cwd"
    temp.mkdir()
    work.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.chdir(work)
    assert tempfile.gettempdir() == str(temp)
    makers = {
        "sag": lambda: cases.case_pdf(vault, sag_id),
        "journal": lambda: cases.case_pdf(vault, journal.id),
        "agenda": lambda: meetings.agenda_pdf(vault, meeting_id),
        "minutes": lambda: meetings.minutes_pdf(vault, meeting_id),
        "minutes redacted": lambda: meetings.minutes_pdf(vault, meeting_id, redacted=True),
        "consent": lambda: consents.consent_pdf(vault, consent_id),
        "blank consent": lambda: consents.blank_consent_pdf(vault),
        "parent letter": lambda: information_letter_pdf(vault, sag_id),
        "access request": lambda: access_request.access_request_pdf(vault, CPR),
        "fagsystem archive": lambda: fagsystem.build_archive(vault, [journal.id])[0],
    }
    before = sorted(p.name for p in vault.path.parent.iterdir())
    for kind, make in makers.items():
        assert make()[:4] in (b"%PDF", b"PK\x03\x04"), kind
        assert list(temp.iterdir()) == [] and list(work.iterdir()) == [], kind
    assert sorted(p.name for p in vault.path.parent.iterdir()) == before
