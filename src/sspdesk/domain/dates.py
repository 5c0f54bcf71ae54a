"""Dates and times the Danish way: the one place that writes them for people and reads what people type.

The forms, chosen once for every page, PDF, CLI line and letter:

* A date is "03.12.2026" (dd.mm.åååå, always two digits) – what the pages, PDFs and date fields already used.
* A time is "kl. 14.05": Dansk Sprognævn's rule (a full stop between hours and minutes, "kl." in front), and
  what the printed agendas and minutes, the overview, the group dialogs and the minimisation hint
  ("kl. 14.30") already wrote. Before this module the case, meeting and consent pages wrote "kl. 14:05" and
  the exchange and audit pages "14:05"; those now follow the majority. With seconds: "kl. 14.05.09".
* A timestamp is "03.12.2026 kl. 14.05".

One rule for time zones: the vault stores its own timestamps as UTC with a trailing "Z" (`store.clock.utc_now`);
anything with a zone is shown in the local time of this computer. A timestamp *without* a zone is a local wall
clock time already – in this vault that is a meeting's `starts_at`, stored as the user typed it – and is shown
exactly as it is, never shifted.

Pure Python, no Qt: `pdf`, `store`, services, CLI and UI all import it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")  # a date and a time; seconds and zone optional
_TYPED_DATE = (
    re.compile(r"^(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4}|\d{2})$"),  # 12.3.2026, 12-03-26, 12/3 2026
    re.compile(r"^(\d{2})(\d{2})(\d{4})$"),  # 12032026
)


# -- writing ---------------------------------------------------------------------------------------------------


STORED_STAMP = "%Y-%m-%dT%H:%M:%SZ"  # how records and logs store a moment: ISO 8601, UTC, whole seconds


def utc_stamp(moment: datetime | None = None) -> str:
    """`moment` (default: now) as the stored UTC timestamp text, '2026-12-03T13:05:09Z'."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime(STORED_STAMP)


def date_text(day: date | str | None) -> str:
    """A date, or an ISO date text ('2026-12-03'), as '03.12.2026'; '' for nothing, other text unchanged."""
    if not day:
        return ""
    if isinstance(day, str):
        if not _ISO_DATE.match(day):
            return day
        try:
            return f"{date.fromisoformat(day):%d.%m.%Y}"
        except ValueError:
            return day
    return f"{day:%d.%m.%Y}"


def time_text(moment: datetime | time, *, seconds: bool = False) -> str:
    """'kl. 14.05' ('kl. 14.05.09' with seconds) for the wall-clock time of `moment` as it is."""
    return f"kl. {moment:%H.%M.%S}" if seconds else f"kl. {moment:%H.%M}"


def local_moment(stamp: str | datetime) -> datetime:
    """The local wall-clock time of a timestamp: a zoned one (UTC 'Z') converted, a naive one taken as it is.

    Raises ValueError for text that is not an ISO timestamp."""
    if isinstance(stamp, str):
        if not _ISO_STAMP.match(stamp):
            raise ValueError(f"not a timestamp: {stamp!r}")
        stamp = datetime.fromisoformat(stamp)  # Python 3.11 reads a trailing "Z" as UTC
    if stamp.tzinfo is None:
        return stamp  # already local: a meeting's starts_at
    return stamp.astimezone().replace(tzinfo=None)


def stamp_text(stamp: str | datetime | None, *, seconds: bool = False) -> str:
    """'03.12.2026 kl. 14.05' in local time (see the module's rule); an ISO date alone gives '03.12.2026'.

    '' for nothing; any other text is returned unchanged, so a field that holds free text can be passed safely."""
    if not stamp:
        return ""
    if isinstance(stamp, str) and _ISO_DATE.match(stamp):
        return date_text(stamp)
    try:
        moment = local_moment(stamp)
    except ValueError:
        return str(stamp)
    return f"{moment:%d.%m.%Y} {time_text(moment, seconds=seconds)}"


def written_date(day: date) -> str:
    """'3. december 2026', as in a letter."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def long_date(day: date) -> str:
    """'torsdag den 3. december 2026', as on an agenda."""
    return f"{WEEKDAYS[day.weekday()]} den {written_date(day)}"


# -- reading ---------------------------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """Read a date typed the Danish way (12.3.2026, 12-03-26, 12032026) or ISO; None when empty.

    Raises ValueError for text that is not a date."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for pattern in _TYPED_DATE:
        match = pattern.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year + 2000 if year < 100 else year, month, day)
    raise ValueError(text)
