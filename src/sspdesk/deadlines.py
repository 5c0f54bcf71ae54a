"""Deadlines of a case, computed from the profile's rules for its level and the registration date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sspdesk.cpr import LEGAL_AGE, age_on_birth
from sspdesk.profiles import DeadlineRule, Profile
from sspdesk.workdays import WorkCalendar, add_months


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    due: date | None  # None: the rule needs a date we do not know yet (the next meeting)


def _due(rule: DeadlineRule, registered: date, next_meeting: date | None, calendar: WorkCalendar) -> date | None:
    if rule.unit == "next_meeting":
        # A meeting held before registration cannot be the "next" one; treat it as unknown rather than
        # show a deadline that is already past on the day the case is created.
        return next_meeting if next_meeting is not None and next_meeting >= registered else None
    assert rule.amount is not None  # guaranteed by DeadlineRule validation for the other units
    return calendar.add_period(registered, rule.amount, rule.unit)


def _ssp_plus_deadline(profile: Profile, level_code: str, registered: date, birth: date) -> Deadline | None:
    """København: decide on hand-over to SSP+ when the young person turns 17½ (rule data: 210 months).
    New cases at the listed levels for a 17-year-old are decided at once, as part of the coordination."""
    rule = profile.age_rules.ssp_plus
    if rule is None or birth > registered or registered >= add_months(birth, 12 * LEGAL_AGE):
        return None
    age = age_on_birth(birth, registered)
    new_case_now = (
        rule.new_case_from_age is not None and age >= rule.new_case_from_age and level_code in rule.new_case_levels
    )
    due = registered if new_case_now else max(add_months(birth, rule.from_months), registered)
    return Deadline("ssp_plus", f"Vurdering af overdragelse til {rule.forum}", due)


def compute_deadlines(
    profile: Profile,
    level_code: str,
    registered: date,
    birth: date | None = None,
    next_meeting: date | None = None,
) -> list[Deadline]:
    """All deadlines for a case at `level_code` registered on `registered`, in the profile's order.

    `next_meeting` is the next meeting of the level's forum on or after registration. `birth`, when
    known, picks the youth forum in labels ("Opfølgning på næste {forum}") and adds age-driven
    deadlines such as the SSP+ hand-over decision.
    """
    level = profile.level(level_code)
    calendar = profile.calendar()
    age = age_on_birth(birth, registered) if birth is not None and birth <= registered else None
    forum = profile.forum_for(level_code, age)
    deadlines = [
        Deadline(rule.kind, rule.label.replace("{forum}", forum), _due(rule, registered, next_meeting, calendar))
        for rule in level.deadlines
    ]
    if birth is not None:
        extra = _ssp_plus_deadline(profile, level_code, registered, birth)
        if extra is not None:
            deadlines.append(extra)
    return deadlines
