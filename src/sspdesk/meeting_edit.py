"""Changing a meeting that exists: its date, time, place and forum (Redigér møde…, `meetings edit`).

Shared by the GUI and the CLI. The agenda, participants and minutes are kept as they are; the meeting keeps its
number. The rules are the meeting rules elsewhere: approved minutes lock the whole meeting (withdraw the approval
first – the date and forum are part of what was approved), and a cancelled meeting cannot be changed. A forum must
be one of the classification model's. Moving a meeting moves the deadlines that count from it, so they are recounted
for the cases on its agenda. Every change is audited ("Møde ændret") with what it was and what it became.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from sspdesk.cases import active_profile
from sspdesk.dispositions import meeting_row, parse_starts_at, require_editable
from sspdesk.domain.dates import parse_date
from sspdesk.domain.errors import Invalid
from sspdesk.domain.meetings import MeetingDetail
from sspdesk.meetings import _refresh_deadlines, _resolve, get_meeting
from sspdesk.store import meetings_repo as repo
from sspdesk.store.vault import Vault

_FIELD_NAMES = {"starts_at": "tidspunkt", "place": "sted", "forum": "mødeforum"}


@dataclass(frozen=True)
class MeetingChange:
    """What to change; None leaves a value as it is."""

    day: date | str | None = None
    at: time | str | None = None
    place: str | None = None
    forum: str | None = None

    def is_empty(self) -> bool:
        return self.day is None and self.at is None and self.place is None and self.forum is None


def _day(value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        raise Invalid(f"Ugyldig dato: {value!r} (brug fx 10.3.2026 eller 2026-03-10).", "date")
    return day


def _time(value: time | str) -> time:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?", value.strip())  # 14:00, 9.30, 9
    try:
        if match is None:
            raise ValueError(value)
        return time(int(match.group(1)), int(match.group(2) or 0))
    except ValueError:
        raise Invalid(f"Ugyldigt klokkeslæt: {value!r} (brug TT:MM, fx 14:00).", "time") from None


def edit_meeting(vault: Vault, ref: str, change: MeetingChange) -> MeetingDetail:
    """Change the date, time, place and/or forum of the meeting `ref` (id or number); the agenda is kept.

    Raises Invalid when nothing is asked, when the minutes are approved or the meeting is cancelled, or for an
    unknown forum or a date or time that cannot be read. A change to the values they already have is no change
    and writes nothing."""
    if change.is_empty():
        raise Invalid("Angiv, hvad der skal ændres: dato, klokkeslæt, sted eller mødeforum.")
    meeting_id = _resolve(vault, ref)
    meeting = meeting_row(vault, meeting_id)
    require_editable(meeting)
    old_start = parse_starts_at(meeting["starts_at"])
    day = _day(change.day) if change.day is not None else old_start.date()
    at = _time(change.at) if change.at is not None else old_start.time()
    values: dict[str, str] = {"starts_at": datetime.combine(day, at).strftime("%Y-%m-%dT%H:%M")}
    if change.place is not None:
        values["place"] = change.place.strip()
    if change.forum is not None:
        forum = change.forum.strip()
        profile = active_profile(vault)
        if profile.forum(forum) is None:
            raise Invalid(f"Mødeforummet {forum!r} findes ikke i {profile.name}.", "forum")
        values["forum"] = forum
    changed = {key: value for key, value in values.items() if value != (meeting[key] or "")}
    if not changed:
        return get_meeting(vault, meeting_id, log_view=False)
    detail = "; ".join(
        f"{_FIELD_NAMES[key]}: {(meeting[key] or '–').replace('T', ' ')} → {(value or '–').replace('T', ' ')}"
        for key, value in changed.items()
    )
    with vault.transaction() as conn:
        repo.put(conn, vault.device_id, "meetings", meeting_id, changed)
        if "starts_at" in changed or "forum" in changed:
            _refresh_deadlines(conn, vault, [row["case_id"] for row in repo.items(conn, meeting_id)])
        vault.log(
            "meeting.edit", record_kind="meeting", record_id=meeting_id, subject_ref=meeting["number"], detail=detail
        )
    return get_meeting(vault, meeting_id, log_view=False)


def meeting_has_started(starts_at: str, now: datetime | None = None) -> bool:
    """Whether a meeting starting at `starts_at` (local time, as stored) has begun – the minutes can be approved
    only then (`approve_minutes` holds the same rule)."""
    return (now or datetime.now()) >= parse_starts_at(starts_at)
