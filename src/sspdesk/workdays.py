"""Danish working days ("arbejdsdage") and deadline arithmetic.

A working day is Monday–Friday that is neither a Danish public holiday nor one of the profile's
closing days. Public holidays come from the `holidays` package (`country_holidays("DK")`, default
category "public"). Checked against the installed version (holidays 0.109):

* Store Bededag is a public holiday up to and including 2023 and not from 2024 on (abolished by law).
* 1 May (Arbejdernes kampdag), Grundlovsdag (5 June), juleaftensdag (24 Dec) and nytårsaften (31 Dec)
  are only in the package's "optional" category, so they are NOT public holidays here. Municipal
  offices close on 5 June, 24 Dec and 31 Dec, which is why these are the default closing days; a
  profile may list others (e.g. 1 May, or the Friday after Kristi Himmelfartsdag as a fixed date).
* Easter Sunday and Whit Sunday are listed too; they fall on Sundays and change nothing.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

import holidays

PeriodUnit = Literal["working_days", "days", "weeks", "months"]
PERIOD_UNITS: tuple[str, ...] = ("working_days", "days", "weeks", "months")

# (month, day): Grundlovsdag, juleaftensdag, nytårsaftensdag.
DEFAULT_CLOSING_DAYS: tuple[tuple[int, int], ...] = ((6, 5), (12, 24), (12, 31))

_SATURDAY = 5


@functools.cache
def _public_holidays(year: int) -> dict[date, str]:
    # Cached per year and shared by all calendars: the set of public holidays does not depend on the
    # profile, and building it is the only costly step in working-day arithmetic.
    return dict(holidays.country_holidays("DK", years=year, language="da").items())


def public_holiday_name(day: date) -> str | None:
    """The Danish name of the public holiday on `day` (e.g. "Skærtorsdag"), or None."""
    return _public_holidays(day.year).get(day)


def add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the last day of a shorter month (31 Aug + 6 = 28/29 Feb)."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def parse_closing_day(value: str) -> tuple[int, int]:
    """'06-05' -> (6, 5); ValueError with a Danish message for anything else."""
    text = value.strip()
    parts = text.split("-")
    if len(text) != 5 or len(parts) != 2 or not all(part.isdigit() for part in parts):
        raise ValueError(f"Ugyldig lukkedag: {value!r} (skriv MM-DD, fx 06-05)")
    month, day = int(parts[0]), int(parts[1])
    _check_closing_day(month, day)
    return month, day


NO_CLOSING_DAYS = "ingen"  # what the setting holds when the municipality keeps every weekday open


def parse_closing_days(text: str) -> list[tuple[int, int]]:
    """'06-05, 12-24 12-31' -> sorted (month, day) without repeats; 'ingen' -> []. ValueError (Danish) if bad."""
    items = text.replace(",", " ").replace(";", " ").split()
    if [item.casefold() for item in items] == [NO_CLOSING_DAYS]:
        return []
    return sorted({parse_closing_day(item) for item in items})


def _check_closing_day(month: int, day: int) -> None:
    # Year 2000 is a leap year, so 29 Feb is accepted as a closing day (it then applies in leap years).
    try:
        date(2000, month, day)
    except ValueError as exc:
        raise ValueError(f"Ugyldig lukkedag: {month:02d}-{day:02d}") from exc


class WorkCalendar:
    """Working-day arithmetic for one profile's set of closing days."""

    def __init__(self, closing_days: Sequence[tuple[int, int]] = DEFAULT_CLOSING_DAYS) -> None:
        for month, day in closing_days:
            _check_closing_day(month, day)
        self.closing_days: frozenset[tuple[int, int]] = frozenset(closing_days)

    def __repr__(self) -> str:
        days = ", ".join(f"{m:02d}-{d:02d}" for m, d in sorted(self.closing_days))
        return f"WorkCalendar(closing_days=[{days}])"

    def is_closing_day(self, day: date) -> bool:
        return (day.month, day.day) in self.closing_days

    def non_working_reason(self, day: date) -> str | None:
        """Why `day` is not a working day, in Danish (for tooltips), or None for a working day."""
        holiday = public_holiday_name(day)
        if holiday:
            return holiday
        if self.is_closing_day(day):
            return "Lukkedag"
        if day.weekday() >= _SATURDAY:
            return "Weekend"
        return None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < _SATURDAY and not self.is_closing_day(day) and public_holiday_name(day) is None

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` ("inden n arbejdsdage").

        Counting starts the day after `start`, so the registration day itself never counts, even when
        it is a working day. n=0 returns `start` unchanged ("omgående"); negative n counts backwards.
        """
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        day = start
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b (negative when b is before a).

        The inverse of `add_working_days`: working_days_between(a, add_working_days(a, n)) == n.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a
        while day < b:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_period(self, start: date, amount: int, unit: str) -> date:
        """Add a deadline period. `working_days` counts working days ("inden 7 arbejdsdage"). A calendar period
        ("7 dage", "3 uger", "6 mdr.") is calendar time, but a deadline that ends on a day the offices are closed
        (weekend, public holiday, closing day) moves to the next working day: nobody can hand in a handleplan on
        2. påskedag, so it is due the day the office opens again (issue 18; DOMAIN.md, "Arbejdsdage")."""
        if unit == "working_days":
            return self.add_working_days(start, amount)
        if unit == "days":
            end = start + timedelta(days=amount)
        elif unit == "weeks":
            end = start + timedelta(weeks=amount)
        elif unit == "months":
            end = add_months(start, amount)
        else:
            raise ValueError(f"Ukendt tidsenhed: {unit!r} (tilladt: {', '.join(PERIOD_UNITS)})")
        return self.next_working_day(end)
