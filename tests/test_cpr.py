"""CPR numbers (made-up numbers only) and age hints."""

from datetime import date

import pytest
from stdnum.dk import cpr as stdnum_cpr

from sspdesk.cpr import (
    AgeHint,
    age_hints,
    age_on,
    age_on_birth,
    birth_date,
    format_cpr,
    normalize_cpr,
)
from sspdesk.domain.errors import Invalid
from sspdesk.profiles import AgeRules, SspPlusRule, get_profile

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "typed", ["120305-1234", "1203051234", "120305 1234", "12 03 05-1234", "12.03.05-1234", " 120305–1234 "]
)
def test_normalize_accepts_common_spellings(typed):
    assert normalize_cpr(typed, today=TODAY) == "1203051234"


def test_checksum_is_not_required():
    # Since 2007 CPR numbers need not pass modulus 11; stdnum does not check it either.
    assert stdnum_cpr.checksum("1203051234") != 0
    assert normalize_cpr("120305-1234", today=TODAY) == "1203051234"


@pytest.mark.parametrize(
    ("number", "born"),
    [
        # 7th digit 0-3: always 1900s.
        ("010170-1234", date(1970, 1, 1)),
        ("010120-0123", date(1920, 1, 1)),
        # 7th digit 4 or 9: year 00-36 -> 2000s, 37-99 -> 1900s.
        ("010110-4123", date(2010, 1, 1)),
        ("010150-4123", date(1950, 1, 1)),
        ("010115-9123", date(2015, 1, 1)),
        ("010137-9123", date(1937, 1, 1)),
        # 7th digit 5-8: year 00-57 -> 2000s, 58-99 -> 1800s.
        ("010110-5123", date(2010, 1, 1)),
        ("010160-8123", date(1860, 1, 1)),
    ],
)
def test_century_follows_stdnum_seventh_digit_rules(number, born):
    assert birth_date(number) == born


@pytest.mark.parametrize(
    "number",
    [
        "310205-1234",  # 31 February
        "290223-4123",  # 29 Feb 2023: not a leap year
        "290200-1234",  # 29 Feb 1900: 1900 was not a leap year
        "320105-1234",
        "011305-1234",
        "000105-1234",
    ],
)
def test_invalid_dates_are_refused(number):
    with pytest.raises(Invalid) as info:
        normalize_cpr(number, today=TODAY)
    assert info.value.message == "Ugyldigt CPR-nr.: datoen findes ikke"
    assert isinstance(info.value, ValueError)


def test_leap_days_that_exist_are_accepted():
    assert birth_date("290224-4123") == date(2024, 2, 29)
    assert birth_date("290200-4123") == date(2000, 2, 29)


def test_future_birth_date_is_refused():
    # 7th digit 4, year 30 -> 2030.
    with pytest.raises(Invalid, match="fremtiden"):
        normalize_cpr("010130-4123", today=TODAY)


@pytest.mark.parametrize("typed", ["12030-1234", "120305-12345", "12O305-1234", "120305/1234", "١٢٠٣٠٥١٢٣٤"])
def test_wrong_format_is_refused(typed):
    with pytest.raises(Invalid, match="10 cifre"):
        normalize_cpr(typed, today=TODAY)


def test_empty_is_refused():
    with pytest.raises(Invalid, match="tomt"):
        normalize_cpr("  ")


def test_format_cpr_inserts_the_dash():
    assert format_cpr("12.03.05 1234") == "120305-1234"


def test_age_counts_whole_years():
    assert age_on("120310-4123", date(2026, 3, 11)) == 15
    assert age_on("120310-4123", date(2026, 3, 12)) == 16


def test_leap_day_birthday_is_reached_on_first_of_march():
    born = date(2008, 2, 29)
    assert age_on_birth(born, date(2026, 2, 28)) == 17
    assert age_on_birth(born, date(2026, 3, 1)) == 18


def test_age_before_birth_is_an_error():
    with pytest.raises(ValueError):
        age_on_birth(date(2020, 1, 1), date(2019, 12, 31))


def codes(hints: list[AgeHint]) -> list[str]:
    return [hint.code for hint in hints]


ALBERTSLUND = get_profile("albertslund")
KOEBENHAVN = get_profile("koebenhavn")


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (date(2012, 1, 1), ["under_18"]),  # 14
        (date(2011, 1, 1), ["under_18", "cosign_15"]),  # 15
        (date(2010, 1, 1), ["under_18", "cosign_15", "youth_forum"]),  # 16
        (date(2007, 1, 1), ["youth_forum"]),  # 19: 16-18+ still goes to Ungekoordinationsmøde
    ],
)
def test_albertslund_age_hints(born, expected):
    assert codes(age_hints(born, date(2026, 6, 1), ALBERTSLUND)) == expected


def test_youth_forum_hint_names_the_forum():
    (hint,) = [h for h in age_hints(date(2010, 1, 1), date(2026, 6, 1), ALBERTSLUND) if h.code == "youth_forum"]
    assert "Ungekoordinationsmøde" in hint.text


def test_koebenhavn_ssp_plus_hint_from_seventeen_and_a_half():
    born = date(2009, 1, 10)  # 17½ on 10 Jul 2026
    assert "ssp_plus" not in codes(age_hints(born, date(2026, 7, 9), KOEBENHAVN))
    hints = age_hints(born, date(2026, 7, 10), KOEBENHAVN)
    assert codes(hints) == ["under_18", "cosign_15", "ssp_plus"]
    assert "17½" in hints[-1].text and "SSP+" in hints[-1].text


def test_koebenhavn_flags_age_outside_target_group():
    assert "outside_age_range" in codes(age_hints(date(2017, 1, 1), date(2026, 6, 1), KOEBENHAVN))  # 9
    assert "outside_age_range" not in codes(age_hints(date(2016, 1, 1), date(2026, 6, 1), KOEBENHAVN))


def test_hints_follow_profile_data_not_municipality_name():
    # Give Albertslund an SSP+ rule and drop its co-sign rule: the hints change accordingly.
    changed = ALBERTSLUND.model_copy(
        update={"age_rules": AgeRules(ssp_plus=SspPlusRule(from_months=210, forum="SSP+-koordinationsgruppe"))}
    )
    assert codes(age_hints(date(2008, 6, 1), date(2026, 1, 1), changed)) == ["under_18", "ssp_plus"]
