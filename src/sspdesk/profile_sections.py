"""The case sections and rules a profile adds by the person's age or by municipality: over 18 (seed 000 l.382,
415–418) and København's SSP-bekymringsskabelon (seed 001 l.500–506).

Over 18 the law and the Albertslund concept change what the case does, and the case says so (`adult_status`):

* letters go to the person, not the parents, and consent is the person's own – there is no custody holder from 18
  (national law, every profile; `information_duty.letter_addressees` and `consents` enforce it);
* when the profile has the over-18 rule: a person registered as an activity-ready recipient of education benefit has
  the coordination passed to DKE (000 l.415–418), and DKE may offer mentor support with the person's Min plan from the
  Jobcenter (000 l.382). What is recorded of this is the case section "Over 18 år" (`profile_forms.ADULT_FIELDS`).

Which of these sections a case offers (`offered_sections`) and may save (`check_section`) follows the active profile
and the person's age, so an Albertslund case of a 15-year-old has no "Over 18 år" and no profile but København has
the bekymringsskabelon. Pure functions over the case, its sections and the profile: `sspdesk.cases` calls them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sspdesk.cpr import LEGAL_AGE, age_on_birth
from sspdesk.domain.cases import Case, SectionEntry
from sspdesk.domain.errors import Invalid
from sspdesk.domain.profile_forms import ACTIVITY_READY, ADULT, ADULT_TITLE, CONCERN, CONCERN_TITLE
from sspdesk.profiles import AdultRule, Profile

LETTERS_TO_PERSON = "Breve sendes til personen selv, ikke til forældrene (ingen forældremyndighed efter 18 år)."
OWN_CONSENT = "Samtykke gives af personen selv; der er ingen forældremyndighedsindehaver."


def _age(case: Case, on: date) -> int | None:
    birth = case.birth
    return age_on_birth(birth, on) if birth is not None and on >= birth else None


def _adult_rule(profile: Profile, case: Case, on: date) -> AdultRule | None:
    rule = profile.age_rules.adult
    age = _age(case, on)
    return rule if rule is not None and age is not None and age >= rule.from_age else None


def offered_sections(profile: Profile, case: Case, on: date, saved: Mapping[str, SectionEntry]) -> list[str]:
    """The profile's own sections the case shows, in tab order. A section saved earlier stays visible (read on),
    also when the profile or the age no longer offers it."""
    if not case.is_sag:
        return []
    offered = []
    if profile.concern_template or CONCERN in saved:
        offered.append(CONCERN)
    if _adult_rule(profile, case, on) is not None or ADULT in saved:
        offered.append(ADULT)
    return offered


def check_section(profile: Profile, case: Case, section: str, on: date) -> None:
    """Invalid when the profile or the person's age does not give the case this section."""
    if section == CONCERN and not profile.concern_template:
        raise Invalid(f"{CONCERN_TITLE} hører til profilen for København; {profile.name} har den ikke.", "section")
    if section == ADULT:
        rule = profile.age_rules.adult
        if rule is None:
            raise Invalid(f"{profile.name} har ingen regler for personer over 18 år.", "section")
        if _adult_rule(profile, case, on) is None:
            raise Invalid(f"Afsnittet {ADULT_TITLE} udfyldes, når personen er fyldt {rule.from_age} år.", "section")


@dataclass(frozen=True)
class AdultStatus:
    """What the case shows for a person of 18 or more."""

    age: int
    rule: AdultRule | None  # None: the profile has no over-18 rule (only the legal ones apply)
    activity_ready: str = ""  # "Ja" | "Nej" | "" (not recorded)
    mentor: str = ""  # the recorded mentor support state

    @property
    def coordination_passed(self) -> bool:
        """The coordination has passed to DKE: the person is recorded as an activity-ready recipient."""
        return self.rule is not None and self.activity_ready == "Ja"

    def lines(self) -> list[str]:
        """The rules as the case view and `cases show` list them, in Danish."""
        lines = [f"Personen er {self.age} år. {LETTERS_TO_PERSON}", OWN_CONSENT]
        rule = self.rule
        if rule is None:
            return lines
        if self.activity_ready == "Ja":
            lines.append(
                f"Koordinationskompetencen er overdraget til {rule.coordination_to}: personen er registreret som "
                f"aktivitetsparat modtager af uddannelseshjælp ({rule.coordination.source})."
            )
        elif self.activity_ready == "Nej":
            lines.append(f"Personen er ikke registreret som aktivitetsparat ({rule.coordination.source}).")
        else:
            lines.append(
                f"Angiv under {ADULT_TITLE}, om personen er aktivitetsparat modtager af uddannelseshjælp: så "
                f"overdrages koordinationskompetencen til {rule.coordination_to} ({rule.coordination.source})."
            )
        if rule.mentor is not None:
            state = f" Mentorstøtte: {self.mentor.lower()}." if self.mentor else ""
            lines.append(f"{rule.mentor.text} ({rule.mentor.source}){state}")
        return lines

    def to_json(self) -> dict[str, Any]:
        rule = self.rule
        return {
            "age": self.age,
            "letters_to": "young_person",
            "consent_by": "young_person",
            "coordination_to": rule.coordination_to if rule else None,
            "activity_ready": {"Ja": True, "Nej": False}.get(self.activity_ready),
            "coordination_passed": self.coordination_passed,
            "mentor_offer": rule.mentor.text if rule and rule.mentor else None,
            "mentor": self.mentor or None,
            "rules": [
                {"text": r.text, "source": r.source} for r in ((rule.coordination, rule.mentor) if rule else ()) if r
            ],
            "lines": self.lines(),
        }


def adult_status(profile: Profile, case: Case, sections: Mapping[str, SectionEntry], on: date) -> AdultStatus | None:
    """The over-18 state of a sag on `on`; None under 18 or without a birth date (a journal)."""
    age = _age(case, on)
    if age is None or age < LEGAL_AGE:
        return None
    rule = _adult_rule(profile, case, on)
    entry = sections.get(ADULT)
    fields = entry.fields if entry else {}
    return AdultStatus(age, rule, fields.get(ACTIVITY_READY, ""), fields.get("mentorstoette", ""))
