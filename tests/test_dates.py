"""The one Danish way to write and read dates and times (sspdesk.domain.dates)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from sspdesk.domain.dates import date_text, local_moment, long_date, parse_date, stamp_text, time_text, written_date


@pytest.fixture
def copenhagen() -> Iterator[None]:
    """Run in Danish local time (CET/CEST), whatever the machine's zone, and restore it afterwards."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Copenhagen"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_a_date_is_written_day_month_year_with_two_digits() -> None:
    assert date_text(date(2026, 12, 3)) == "03.12.2026"
    assert date_text("2026-03-05") == "05.03.2026"


def test_an_empty_date_is_empty_and_other_text_is_kept_as_it_is() -> None:
    assert date_text(None) == "" and date_text("") == ""
    assert date_text("næste møde") == "næste møde"
    assert date_text("2026-02-30") == "2026-02-30"  # not a real day: shown as stored, never lost
    assert date_text("12345678") == "12345678"  # digits that Python could read as a basic ISO date stay text


def test_a_time_is_written_with_kl_and_a_full_stop() -> None:
    assert time_text(datetime(2026, 3, 10, 14, 5)) == "kl. 14.05"
    assert time_text(datetime(2026, 3, 10, 9, 5, 7), seconds=True) == "kl. 09.05.07"


def test_a_stored_utc_stamp_is_shown_in_danish_winter_time(copenhagen: None) -> None:
    assert stamp_text("2026-03-12T13:05:09Z") == "12.03.2026 kl. 14.05"
    assert stamp_text("2026-03-12T13:05:09Z", seconds=True) == "12.03.2026 kl. 14.05.09"


def test_a_stored_utc_stamp_is_shown_in_danish_summer_time(copenhagen: None) -> None:
    assert stamp_text("2026-07-01T08:30:00Z") == "01.07.2026 kl. 10.30"


def test_a_utc_stamp_late_in_the_evening_is_shown_on_the_next_local_day(copenhagen: None) -> None:
    assert stamp_text("2026-12-31T23:30:00Z") == "01.01.2027 kl. 00.30"
    assert local_moment("2026-12-31T23:00:00Z") == datetime(2027, 1, 1, 0, 0)  # midnight itself


def test_the_switch_to_summer_time_skips_an_hour_on_the_clock(copenhagen: None) -> None:
    # 29 March 2026: at 01:00 UTC Danish clocks jump from 02.00 to 03.00
    assert stamp_text("2026-03-29T00:59:00Z") == "29.03.2026 kl. 01.59"
    assert stamp_text("2026-03-29T01:00:00Z") == "29.03.2026 kl. 03.00"


def test_a_naive_stamp_is_local_already_and_never_shifted(copenhagen: None) -> None:
    assert stamp_text("2026-03-10T14:00") == "10.03.2026 kl. 14.00"  # a meeting's starts_at
    assert stamp_text(datetime(2026, 7, 1, 8, 30)) == "01.07.2026 kl. 08.30"


def test_an_aware_datetime_is_converted_like_its_text(copenhagen: None) -> None:
    assert stamp_text(datetime(2026, 7, 1, 8, 30, tzinfo=UTC)) == stamp_text("2026-07-01T08:30:00Z")


def test_a_stamp_field_that_holds_a_date_or_free_text_is_shown_sensibly() -> None:
    assert stamp_text("2026-11-20") == "20.11.2026"
    assert stamp_text("ikke en tid") == "ikke en tid"
    assert stamp_text("") == "" and stamp_text(None) == ""


def test_local_moment_refuses_text_that_is_not_a_timestamp() -> None:
    with pytest.raises(ValueError):
        local_moment("12.03.2026 14:05")


def test_dates_are_written_out_for_letters_and_agendas() -> None:
    assert written_date(date(2026, 12, 3)) == "3. december 2026"
    assert long_date(date(2026, 3, 10)) == "tirsdag den 10. marts 2026"


@pytest.mark.parametrize(
    "typed", ["12.3.2026", "12.03.2026", "12-03-26", "12/3 2026", "12032026", "2026-03-12", " 12.03.2026 "]
)
def test_a_date_typed_the_danish_way_or_as_iso_is_read(typed: str) -> None:
    assert parse_date(typed) == date(2026, 3, 12)


def test_an_empty_typed_date_is_none_and_nonsense_is_refused() -> None:
    assert parse_date("  ") is None
    for typed in ("31.02.2026", "i morgen", "12.2026"):
        with pytest.raises(ValueError):
            parse_date(typed)


def test_what_is_written_is_read_back() -> None:
    day = date(2026, 1, 9)
    assert parse_date(date_text(day)) == day
