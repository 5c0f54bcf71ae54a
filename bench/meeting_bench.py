"""A meeting in a large vault: opening it (`get_meeting`) and the autosave round trip (`save_item_minutes`).

The vault is the generated one (`bench.generate`) plus one Sagsmøde with 60 agenda items – 50 cases and 10
topics – minutes on every item, 20 dispositions and 8 participants. Baselines on a second, raw sqlcipher3
connection: for opening, the bare SQL reads of the same rows (meeting, items joined with cases and minutes,
participants, dispositions, addenda); for a keystroke, a bare single-row UPDATE + COMMIT with the vault's
`synchronous=FULL`.

Opening a meeting that concerns a DKE-Sag writes an audit entry (one committed transaction, fsync), so its
figure includes a durable write that the read-only baseline does not have.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.generate import PASSPHRASE, cached, generate
from bench.timing import median_ms
from sspdesk.dispositions import add_disposition
from sspdesk.meetings import add_item, add_participant, create_meeting, get_meeting, save_item_minutes
from sspdesk.store.connection import configure_for_writing, connect
from sspdesk.store.vault import Vault

ITEMS = 60
CASE_ITEMS = 50
FORUM = "Sagsmøde"


def add_meeting(vault: Vault, *, items: int = ITEMS, case_items: int = CASE_ITEMS) -> tuple[str, list[str]]:
    """Add the benchmark's meeting to an open vault; (meeting id, item ids)."""
    case_ids = [
        r[0]
        for r in vault.conn.execute(
            "SELECT id FROM cases WHERE kind = 'sag' AND status = 'open' AND deleted = 0 ORDER BY seq LIMIT ?",
            (case_items,),
        )
    ]
    meeting = create_meeting(vault, FORUM, "2026-12-01T09:00", accept_agenda=False).detail
    item_ids = [add_item(vault, meeting.id, "case", case_ref=case_id).id for case_id in case_ids]
    item_ids += [
        add_item(vault, meeting.id, "topic", title=f"Fælles emne {n}: tryghed i området").id
        for n in range(items - len(item_ids))
    ]
    for n, item_id in enumerate(item_ids):
        save_item_minutes(
            vault,
            item_id,
            f"Drøftelse af punkt {n}: skole, fritid og familie (fiktiv). " * 4,
            f"Beslutning {n}: opfølgning på næste møde.",
        )
        if n % 3 == 0:
            add_disposition(
                vault,
                meeting.id,
                "Koordinator Fiktiv",
                f"Kontakt skolen om punkt {n}",
                item_id=item_id,
                due="2026-12-15",
            )
    for role in (
        "Lokalbetjent",
        "SSP-konsulent",
        "Skoleleder",
        "Klubleder",
        "Sagsbehandler",
        "UU-vejleder",
        "Sundhedsplejerske",
        "Koordinator",
    ):
        add_participant(vault, meeting.id, name=f"{role} Fiktiv", role=role)
    return meeting.id, item_ids


def prepare(path: Path, scale: int) -> tuple[str, list[str]]:
    """A vault of `scale` cases at `path` with the benchmark meeting, closed (generated once, then cached)."""

    def make(target: Path) -> tuple[str, list[str]]:
        vault = generate(target, scale)
        try:
            return add_meeting(vault)
        finally:
            vault.close()

    (meeting_id, item_ids), _ = cached(path, f"meeting-{scale}", make)
    return meeting_id, list(item_ids)


def _raw_open(raw, meeting_id: str) -> None:
    raw.execute(
        "SELECT id, number, forum, area, starts_at, place, status, approved_by, approved_at FROM meetings WHERE id = ?",
        (meeting_id,),
    ).fetchone()
    raw.execute(
        "SELECT i.id, i.position, i.kind, i.case_id, i.title, i.reason, i.followups, c.number, c.subject, c.kind, "
        "c.level, n.discussion, n.decision, n.author, n.updated_at FROM agenda_items i "
        "LEFT JOIN cases c ON c.id = i.case_id LEFT JOIN minutes n ON n.item_id = i.id AND n.deleted = 0 "
        "WHERE i.meeting_id = ? AND i.deleted = 0 ORDER BY i.position",
        (meeting_id,),
    ).fetchall()
    raw.execute(
        "SELECT id, name, role, status, contact_id, position FROM meeting_participants "
        "WHERE meeting_id = ? AND deleted = 0 ORDER BY position",
        (meeting_id,),
    ).fetchall()
    raw.execute(
        "SELECT d.id, d.item_id, d.owner, d.what, d.due, d.status, m.number, c.number FROM dispositions d "
        "JOIN meetings m ON m.id = d.meeting_id LEFT JOIN cases c ON c.id = d.case_id "
        "WHERE d.meeting_id = ? AND d.deleted = 0",
        (meeting_id,),
    ).fetchall()
    raw.execute(
        "SELECT id, kind, text, author, created_at FROM meeting_addenda WHERE meeting_id = ? AND deleted = 0",
        (meeting_id,),
    ).fetchall()


def measure(path: Path, meeting_id: str, item_ids: list[str], repeat: int = 15) -> dict[str, dict[str, float]]:
    """Open the vault at `path` and time the meeting figures against their raw baselines."""
    vault = Vault.open(path, PASSPHRASE)
    raw = connect(path, PASSPHRASE)
    configure_for_writing(raw)
    try:
        detail = get_meeting(vault, meeting_id)
        if len(detail.items) != len(item_ids):
            raise RuntimeError(f"meeting bench: {len(detail.items)} items, expected {len(item_ids)}")
        app_open = median_ms(lambda: get_meeting(vault, meeting_id), repeat=repeat)
        raw_open = median_ms(lambda: _raw_open(raw, meeting_id), repeat=repeat)

        item_id = item_ids[0]  # a case item: the minutes are also the case's minutes section (and its search text)
        typed = {"text": get_meeting(vault, meeting_id, log_view=False).items[0].minutes.discussion}

        def keystroke() -> None:
            typed["text"] += "x"
            save_item_minutes(vault, item_id, typed["text"], "Beslutning: opfølgning.")

        minutes_id = raw.execute("SELECT id FROM minutes WHERE item_id = ?", (item_ids[-1],)).fetchone()[0]
        counter = {"n": 0}

        def raw_keystroke() -> None:
            counter["n"] += 1
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("UPDATE minutes SET discussion = ? WHERE id = ?", (f"tekst {counter['n']}", minutes_id))
            raw.execute("COMMIT")

        app_key = median_ms(keystroke, repeat=repeat * 2)
        raw_key = median_ms(raw_keystroke, repeat=repeat * 2)
    finally:
        raw.close()
        vault.close()
    return {
        f"open meeting ({ITEMS} items)": {"ms": app_open, "baseline_ms": raw_open, "ratio": app_open / raw_open},
        "keystroke to saved (autosave)": {"ms": app_key, "baseline_ms": raw_key, "ratio": app_key / raw_key},
    }


def run(scale: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "meeting.sspvault"
        meeting_id, item_ids = prepare(path, scale)
        return measure(path, meeting_id, item_ids)


if __name__ == "__main__":
    import sys

    for key, value in run(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000).items():
        print(key, {k: round(v, 2) for k, v in value.items()})
