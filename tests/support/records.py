"""A sag with a marker in every kind of record that belongs to it, and ways to find the marker again: in the rows of
an open vault, or in every cell of a vault or backup file. Shared by the retention, erasure, access-request, leak
and audit tests."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from sspdesk.cases import NewCase, close_case, register_case, save_section
from sspdesk.consents import create_consent, mark_signed
from sspdesk.dispositions import add_disposition
from sspdesk.domain.consent import ConsentContact, ConsentInput
from sspdesk.domain.disclosure import Recipient
from sspdesk.information_duty import record_information
from sspdesk.legal_basis import ExchangeRequest, record_exchange
from sspdesk.meetings import add_item, create_meeting, save_item_minutes
from sspdesk.store.vault import Vault
from support import PASSPHRASE

NAME, CPR = "Oskar Opdigtet", "0503104321"
PARENT_NAME, PARENT_CPR = "Mette Opdigtet", "1207781230"
CLOSED = date(2019, 6, 3)
PDF_SCAN = b"%PDF-1.4\n"


def full_sag(
    vault: Vault,
    marker: str,
    *,
    name: str = NAME,
    cpr: str = CPR,
    closed_on: date | None = CLOSED,
    registered: date = date(2018, 1, 10),
) -> str:
    """A sag with the marker in every kind of record that belongs to it; closed on `closed_on` (None: open)."""
    sag = register_case(
        vault,
        NewCase(
            level="II", subject="Indbrud i kiosk", person_name=name, cpr=cpr, registered=registered, source="Skole"
        ),
    )
    save_section(vault, sag.id, "status", {"familie": f"{marker} bor hos mor", "skole": "7. klasse"})
    save_section(vault, sag.id, "status", {"familie": f"{marker} bor hos far", "skole": "7. klasse"})
    meeting = create_meeting(vault, "Sagsmøde", datetime(2018, 2, 1, 10, 0), accept_agenda=False).detail.meeting
    item = add_item(vault, meeting.id, "case", case_ref=sag.id)
    save_item_minutes(vault, item.id, f"{marker} drøftet på mødet", "Mentorforløb")
    add_disposition(vault, meeting.id, "Skolen", f"{marker} følger op", item_id=item.id)
    consent = create_consent(
        vault,
        ConsentInput(
            case_refs=(sag.id,),
            consent_date=date(2018, 1, 15),
            giver_name=PARENT_NAME if cpr == CPR else f"Mor {name}",
            giver_cpr=PARENT_CPR if cpr == CPR else "0101801230",
            giver_role="custody_holder",
            person_name=name,
            person_cpr=cpr,
            contacts=(ConsentContact("primary", "Kasper Prøvesen", "Nordskolen"),),
            exchange_text=f"{marker} skolegang",
        ),
    )
    mark_signed(
        vault, consent.id, False, PDF_SCAN + marker.encode(), signed_on=date(2018, 1, 16), today=date(2018, 1, 16)
    )
    record_information(
        vault, sag.id, "not_informed", date(2018, 1, 20), reason=f"{marker} begrundelse", today=date(2018, 1, 21)
    )
    record_exchange(
        vault,
        ExchangeRequest(
            sag.id,
            Recipient("", "Social & Familie", "familieafdeling"),
            ("skole",),
            "Retsplejelovens § 115",
            date(2018, 1, 20),
            what=f"{marker} fravær",
            necessity=("necessary", "relevant", "least"),
            conditions=("not_investigation",),
        ),
        today=date(2018, 1, 21),
    )
    if closed_on:
        close_case(vault, sag.id, f"{marker} lukkenotat", "Overdrages ikke", today=closed_on)
    return sag.id


def marker_rows(vault: Vault, marker: str) -> list[tuple[str, str]]:
    """(table, column) of every text or blob cell in the vault that holds the marker."""
    conn, found = vault.conn, []
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for column in [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]:
            for (value,) in conn.execute(f'SELECT "{column}" FROM "{table}"'):
                data = value.encode() if isinstance(value, str) else bytes(value) if isinstance(value, bytes) else b""
                if marker.encode() in data:
                    found.append((table, column))
    return found


def dump_text(path: Path) -> str:
    """Every cell of every table of a vault or backup, opened with plain sqlcipher3 (it has no iterdump)."""
    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE.replace(chr(39), chr(39) * 2)}'")
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        cells = [value for table in tables for row in conn.execute(f'SELECT * FROM "{table}"') for value in row]
        return "\n".join(bytes(v).decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in cells)
    finally:
        conn.close()
