"""Working days: Danish public holidays from `holidays`, closing days, period arithmetic.

Dates are worked out by hand in the comments (2026: 1 Jan is a Thursday, Easter Sunday is 5 Apr).
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sspdesk.workdays import DEFAULT_CLOSING_DAYS, WorkCalendar, add_months, public_holiday_name

CAL = WorkCalendar()


def test_store_bededag_2023_is_a_holiday():
    # Easter Sunday 2023 = 9 Apr; Store Bededag = 4th Friday after Easter = 9 Apr + 26 days = Fri 5 May.
    assert public_holiday_name(date(2023, 5, 5)) == "Store bededag"
    assert not CAL.is_working_day(date(2023, 5, 5))


@pytest.mark.parametrize("abolished", [date(2024, 4, 26), date(2025, 5, 16), date(2026, 5, 1)])
def test_store_bededag_is_a_working_day_from_2024(abolished):
    # 2024: Easter 31 Mar + 26 = Fri 26 Apr; 2025: Easter 20 Apr + 26 = Fri 16 May;
    # 2026: Easter 5 Apr + 26 = Fri 1 May (also 1 May, which is not a public holiday either).
    assert public_holiday_name(abolished) is None
    assert CAL.is_working_day(abolished)


def test_first_of_may_is_not_a_public_holiday():
    # The package lists Arbejdernes kampdag only in its "optional" category.
    assert CAL.is_working_day(date(2025, 5, 1))  # Thursday


def test_easter_2026_holidays_are_not_working_days():
    for day in (date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 6)):  # Skærtorsdag, Langfredag, 2. påskedag
        assert not CAL.is_working_day(day)
    assert public_holiday_name(date(2026, 4, 2)) == "Skærtorsdag"
    assert CAL.is_working_day(date(2026, 4, 1)) and CAL.is_working_day(date(2026, 4, 7))


def test_default_closing_days_are_grundlovsdag_and_christmas_and_new_years_eve():
    assert DEFAULT_CLOSING_DAYS == ((6, 5), (12, 24), (12, 31))
    for day in (date(2026, 6, 5), date(2026, 12, 24), date(2026, 12, 31)):  # Fri, Thu, Thu
        assert not CAL.is_working_day(day)
        assert CAL.non_working_reason(day) == "Lukkedag"


def test_without_closing_days_grundlovsdag_is_a_working_day():
    # The holidays package does not treat 5 June as a public holiday; only the profile's closing day does.
    assert WorkCalendar(closing_days=()).is_working_day(date(2026, 6, 5))


def test_profile_can_add_its_own_closing_day():
    assert not WorkCalendar([(5, 1)]).is_working_day(date(2026, 5, 1))


def test_invalid_closing_day_is_refused():
    with pytest.raises(ValueError, match="13-40"):
        WorkCalendar([(13, 40)])


def test_weekend_reason():
    assert CAL.non_working_reason(date(2026, 4, 4)) == "Weekend"  # Saturday
    assert CAL.non_working_reason(date(2026, 4, 7)) is None


def test_counting_starts_the_day_after_start():
    # Mon 13 Apr 2026 + 1 working day = Tue 14 Apr.
    assert CAL.add_working_days(date(2026, 4, 13), 1) == date(2026, 4, 14)


def test_zero_working_days_returns_start_even_on_a_holiday():
    assert CAL.add_working_days(date(2026, 4, 3), 0) == date(2026, 4, 3)


def test_ten_working_days_across_easter_2026():
    # From Mon 30 Mar: Tue 31 (1), Wed 1 Apr (2), [Thu 2, Fri 3, Sat, Sun, Mon 6 skipped],
    # Tue 7 (3), Wed 8 (4), Thu 9 (5), Fri 10 (6), Mon 13 (7), Tue 14 (8), Wed 15 (9), Thu 16 (10).
    assert CAL.add_working_days(date(2026, 3, 30), 10) == date(2026, 4, 16)


def test_working_days_across_christmas_and_new_year_2026():
    # From Mon 21 Dec: Tue 22 (1), Wed 23 (2), [Thu 24 lukkedag, Fri 25 juledag, Sat 26, Sun 27],
    # Mon 28 (3), Tue 29 (4), Wed 30 (5), [Thu 31 lukkedag, Fri 1 Jan nytårsdag, weekend],
    # Mon 4 (6), Tue 5 (7), Wed 6 (8), Thu 7 (9), Fri 8 Jan 2027 (10).
    assert CAL.add_working_days(date(2026, 12, 21), 10) == date(2027, 1, 8)


def test_negative_working_days_count_backwards():
    # Back from Tue 7 Apr 2026: Mon 6 (2. påskedag), Fri 3, Thu 2 are skipped -> Wed 1 Apr.
    assert CAL.add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 1)


def test_working_days_between_counts_days_after_a_up_to_b():
    assert CAL.working_days_between(date(2026, 3, 30), date(2026, 4, 16)) == 10
    assert CAL.working_days_between(date(2026, 4, 16), date(2026, 3, 30)) == -10
    assert CAL.working_days_between(date(2026, 4, 16), date(2026, 4, 16)) == 0


def test_add_period_days_and_weeks_are_calendar_time_moved_off_closed_days():
    # 7 dage from Mon 30 Mar 2026 = Mon 6 Apr, 2. påskedag: closed, so the deadline is Tue 7 Apr (issue 18).
    assert CAL.add_period(date(2026, 3, 30), 7, "days") == date(2026, 4, 7)
    # 3 uger = Mon 20 Apr, a working day: calendar time, not moved.
    assert CAL.add_period(date(2026, 3, 30), 3, "weeks") == date(2026, 4, 20)
    # 7 dage from Sat 28 Nov 2026 = Sat 5 Dec → Mon 7 Dec.
    assert CAL.add_period(date(2026, 11, 28), 7, "days") == date(2026, 12, 7)
    assert CAL.add_period(date(2026, 3, 30), 10, "working_days") == date(2026, 4, 16)


def test_next_working_day_skips_grundlovsdag_and_christmas():
    assert CAL.next_working_day(date(2026, 6, 5)) == date(2026, 6, 8)  # Fri Grundlovsdag → Mon
    assert CAL.next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)  # juleaftensdag, juledag, weekend
    assert CAL.next_working_day(date(2026, 6, 4)) == date(2026, 6, 4)  # a working day stays


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # 2026 is not a leap year
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # 2024 is
        (date(2026, 5, 20), 6, date(2026, 11, 20)),
        (date(2026, 12, 22), 6, date(2027, 6, 22)),  # over the year boundary
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_end_of_month(start, months, expected):
    assert add_months(start, months) == expected
    assert CAL.add_period(start, months, "months") == CAL.next_working_day(expected)


def test_six_months_ending_on_a_saturday_move_to_monday():
    # 31 Aug 2025 + 6 mdr. = Sat 28 Feb 2026 → Mon 2 Mar 2026.
    assert CAL.add_period(date(2025, 8, 31), 6, "months") == date(2026, 3, 2)


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="hours"):
        CAL.add_period(date(2026, 1, 5), 1, "hours")


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@given(start=days, n=st.integers(min_value=0, max_value=80))
def test_add_working_days_lands_on_a_working_day_and_increases_with_n(start, n):
    later = CAL.add_working_days(start, n + 1)
    assert CAL.is_working_day(later)
    assert later > CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, later) == n + 1


@given(start=days, n=st.integers(min_value=1, max_value=40))
def test_no_working_day_is_skipped(start, n):
    end = CAL.add_working_days(start, n)
    between = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(CAL.is_working_day(d) for d in between) == n
