"""Meeting mode's session marker: which meetings have minutes being typed, and which items' minutes were saved since
meeting mode opened them.

The marker lives in the vault's settings (encrypted like everything else) under `SESSION_KEY`: `{meeting id: [item
ids]}`. It is written when meeting mode opens a meeting, when an item's minutes are first saved in that session, and
removed when meeting mode closes normally (leaving, locking, quitting). Found when the meeting is opened again, it
means the program ended without closing – a crash, `kill -9`, a dead battery – while minutes were typed; they are in
the vault up to the last autosave, and meeting mode names the items that were restored so, so the user knows what
to check. Only ids are kept: no text, no names.
"""

from __future__ import annotations

from typing import Any

from sspdesk.store.vault import Vault

SESSION_KEY = "meeting_mode_session"


def _sessions(vault: Vault) -> dict[str, list[str]]:
    value: Any = vault.setting(SESSION_KEY)
    if not isinstance(value, dict):
        return {}
    return {str(k): [str(i) for i in v] for k, v in value.items() if isinstance(v, list)}


def _write(vault: Vault, sessions: dict[str, list[str]]) -> None:
    vault.set_setting(SESSION_KEY, sessions)


def begin_session(vault: Vault, meeting_id: str) -> list[str]:
    """Meeting mode opens `meeting_id`: start its session. Returns the ids of the items whose minutes an earlier
    session saved without closing – the minutes restored after a crash – in the order they were first saved."""
    sessions = _sessions(vault)
    left = sessions.pop(meeting_id, [])
    sessions[meeting_id] = []
    _write(vault, sessions)
    return left


def note_saved(vault: Vault, meeting_id: str, item_id: str) -> None:
    """An item's minutes were saved in the open session (written once per item and session)."""
    sessions = _sessions(vault)
    items = sessions.get(meeting_id)
    if items is None or item_id in items:
        return
    items.append(item_id)
    _write(vault, sessions)


def end_session(vault: Vault, meeting_id: str) -> None:
    """Meeting mode closed normally: everything typed was saved, nothing to tell next time."""
    sessions = _sessions(vault)
    if sessions.pop(meeting_id, None) is not None:
        _write(vault, sessions)
