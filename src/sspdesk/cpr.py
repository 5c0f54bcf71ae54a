"""Danish CPR numbers and the age rules that hang on them.

Validation and the century rule come from `stdnum.dk.cpr` (the 7th digit together with the year
decides 1800/1900/2000). Note what stdnum does and does not check:

* it checks length, digits, that the date exists and that the person is born (not in the future);
* it does NOT check the modulus-11 checksum, because CPR numbers issued since 2007 need not satisfy
  it. We follow that and never require the checksum.

We call `get_birth_date` rather than `validate` so the "not born yet" test can take a `today`
argument (stdnum uses the system clock), which keeps tests and future-dated screens deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError

from sspdesk.domain.errors import Invalid
from sspdesk.domain.meetings import forum_definite
from sspdesk.workdays import add_months

if TYPE_CHECKING:
    from sspdesk.profiles import Profile

LEGAL_AGE = 18  # myndighedsalder: national law, the same in every municipality

# Separators people type: dash, en dash (word processors autocorrect), spaces, non-breaking space, dot.
_SEPARATORS = re.compile(r"[\s.\-\u2013]")


def normalize_cpr(text: str, today: date | None = None) -> str:
    """Return the 10 digits DDMMYYXXXX of a typed CPR number, or raise Invalid naming the field "cpr"."""
    digits = _SEPARATORS.sub("", text or "")
    if not digits:
        raise Invalid("Ugyldigt CPR-nr.: feltet er tomt", "cpr")
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        raise Invalid("Ugyldigt CPR-nr.: skal bestå af 10 cifre (DDMMÅÅ-XXXX)", "cpr")
    try:
        born = stdnum_cpr.get_birth_date(digits)
    except ValidationError as exc:
        raise Invalid("Ugyldigt CPR-nr.: datoen findes ikke", "cpr") from exc
    if born > (today or date.today()):
        raise Invalid("Ugyldigt CPR-nr.: fødselsdatoen ligger i fremtiden", "cpr")
    return digits


def format_cpr(cpr: str) -> str:
    """'DDMMYY-XXXX' for display and printed forms."""
    return stdnum_cpr.format(normalize_cpr(cpr))


def birth_date(cpr: str) -> date:
    return stdnum_cpr.get_birth_date(normalize_cpr(cpr))


def age_on_birth(birth: date, day: date) -> int:
    """Whole years on `day`. Someone born 29 Feb turns a year older on 1 Mar in non-leap years."""
    if day < birth:
        raise ValueError(f"{day.isoformat()} ligger før fødselsdatoen {birth.isoformat()}")
    had_birthday = (day.month, day.day) >= (birth.month, birth.day)
    return day.year - birth.year - (0 if had_birthday else 1)


def age_on(cpr: str, day: date) -> int:
    return age_on_birth(birth_date(cpr), day)


@dataclass(frozen=True)
class AgeHint:
    """A reminder shown next to a case, e.g. that the young person must co-sign consent."""

    code: str
    text: str


def _under_18_hint(age: int) -> AgeHint | None:
    if age >= LEGAL_AGE:
        return None
    return AgeHint(
        "under_18",
        f"Den unge er {age} år (under 18): samtykke gives af forældremyndighedsindehaver.",
    )


def _cosign_hint(age: int, from_age: int | None) -> AgeHint | None:
    # From 18 the young person signs alone, so the co-sign reminder only applies below legal age.
    if from_age is None or not from_age <= age < LEGAL_AGE:
        return None
    return AgeHint(
        "cosign_15",
        f"Den unge er fyldt {from_age} år og skal også selv underskrive samtykkeerklæringen.",
    )


def _youth_forum_hint(age: int, profile: Profile) -> AgeHint | None:
    rule = profile.age_rules.youth_forum
    if rule is None or age < rule.from_age:
        return None
    return AgeHint(
        "youth_forum",
        f"Den unge er i alderen {rule.from_age}-18+: sagen behandles på {forum_definite(rule.forum)}.",
    )


def _ssp_plus_hint(birth: date, on: date, profile: Profile) -> AgeHint | None:
    rule = profile.age_rules.ssp_plus
    if rule is None or on < add_months(birth, rule.from_months):
        return None
    years, months = divmod(rule.from_months, 12)
    age_text = f"{years}½" if months == 6 else f"{years} år og {months} mdr."
    forum = forum_definite(rule.forum)
    text = f"Den unge er fyldt {age_text} år: tag stilling til, om sagen skal overdrages til {forum}."
    return AgeHint("ssp_plus", text)


def _age_range_hint(age: int, profile: Profile) -> AgeHint | None:
    span = profile.age_range
    if span is None or span.min_age <= age <= span.max_age:
        return None
    return AgeHint(
        "outside_age_range",
        f"Den unge er {age} år; målgruppen i {profile.name} er {span.min_age}-{span.max_age} år.",
    )


def age_hints(birth: date, on: date, profile: Profile) -> list[AgeHint]:
    """Age-driven reminders for a case on day `on`; which ones apply is data in `profile.age_rules`."""
    age = age_on_birth(birth, on)
    candidates = [
        _under_18_hint(age),
        _cosign_hint(age, profile.age_rules.cosign_consent_from_age),
        _youth_forum_hint(age, profile),
        _ssp_plus_hint(birth, on, profile),
        _age_range_hint(age, profile),
    ]
    return [hint for hint in candidates if hint is not None]
