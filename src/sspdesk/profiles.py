"""Classification profiles (klassifikationsmodeller): levels, forums, deadlines and age rules as data.

Municipalities organise SSP case work differently, so a profile is a JSON file validated with
pydantic on load. Files are read in strict JSON mode with unknown keys forbidden, so a typo in a
hand-edited profile is refused with a Danish message naming the field instead of being ignored.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator
from pydantic import model_validator as _model_validator

from sspdesk.domain import deadline_events
from sspdesk.domain.disclosure import InfoCategory, PartyType
from sspdesk.domain.errors import Invalid
from sspdesk.domain.underretning import ReasonCategory
from sspdesk.paths import data_dir
from sspdesk.resources import resource
from sspdesk.workdays import DEFAULT_CLOSING_DAYS, WorkCalendar

DEFAULT_PROFILE_ID = "albertslund"
DEFAULT_CADENCE_DAYS = 14  # a forum without a cadence of its own: the next meeting is assumed two weeks later

DeadlineUnit = Literal["working_days", "days", "weeks", "months", "next_meeting"]
RecordKind = Literal["journal", "sag"]


def _check_mm_dd(value: str) -> str:
    try:
        month, day = (int(part) for part in value.split("-"))
        date(2000, month, day)  # leap year: 02-29 is allowed
    except ValueError as exc:
        raise ValueError(f"{value!r} er ikke en gyldig dato på formen MM-DD") from exc
    if len(value) != 5:
        raise ValueError(f"{value!r} skal skrives som MM-DD, fx 06-05")
    return value


Text = Annotated[str, Field(min_length=1)]
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9]+$")]
MachineName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
ClosingDay = Annotated[str, AfterValidator(_check_mm_dd)]
Age = Annotated[int, Field(ge=0, le=120)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _event_list(value: Any) -> Any:
    # "from": "registered" and "from": ["meeting:Sagsmøde", "home_visit"] are both written in profiles.
    if isinstance(value, str):
        return (value,)
    return tuple(value) if isinstance(value, list) else value  # strict mode takes no list for a tuple


def _check_event(key: str) -> str:
    if not deadline_events.is_known(key):
        raise ValueError(
            f"{key!r} er ingen kendt hændelse (tilladt: registered, home_visit, talk eller meeting:<mødeforum>)"
        )
    return key


EventKey = Annotated[str, AfterValidator(_check_event)]


class DeadlineRule(_Model):
    """One deadline of a level: counted `amount` `unit` from the first of its start events (`from`).

    `from` names the event the seed counts from (`sspdesk.domain.deadline_events`); "registered" is the day the case
    came to the level. `met_by` names an event that meets the deadline by itself – the Sagsmøde being called (a
    meeting of that forum created with the case on its agenda). Unit "next_meeting": the deadline is the first
    meeting of the case's forum with the case on its agenda after the start event."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    kind: MachineName
    label: Text
    amount: int | None = Field(default=None, ge=0)
    unit: DeadlineUnit
    start: Annotated[tuple[EventKey, ...], BeforeValidator(_event_list)] = Field(
        default=(deadline_events.REGISTERED,), alias="from", min_length=1
    )
    met_by: EventKey | None = None

    @_model_validator(mode="after")
    def _amount_matches_unit(self) -> DeadlineRule:
        # "next_meeting" is a date we are told, not one we compute, so it takes no amount.
        if self.unit != "next_meeting" and self.amount is None:
            raise ValueError(f"amount mangler (påkrævet for enheden {self.unit})")
        if deadline_events.REGISTERED in self.start and len(self.start) > 1:
            raise ValueError("from: registered kan ikke kombineres med andre hændelser")
        if self.met_by is not None and deadline_events.meeting_forum(self.met_by) is None:
            raise ValueError("met_by skal være et møde (meeting:<mødeforum>)")
        return self

    def meeting_forums(self) -> list[str]:
        """The forums the rule's events name (checked against the profile's forums)."""
        keys = [*self.start, *([self.met_by] if self.met_by else [])]
        return [forum for forum in map(deadline_events.meeting_forum, keys) if forum is not None]


class Invite(_Model):
    """Who is called to the level's forum; `under_age`/`from_age` restrict it by the person's age."""

    role: Text
    under_age: Age | None = None
    from_age: Age | None = None
    when: str = ""  # condition in Danish that the program cannot check, e.g. "ved løsladelse"
    mandatory: bool = True

    def applies_to(self, age: int | None) -> bool:
        if age is None:
            return True
        if self.under_age is not None and age >= self.under_age:
            return False
        return not (self.from_age is not None and age < self.from_age)


class Level(_Model):
    code: Code
    name: Text
    description: str = ""
    record_kind: RecordKind
    forum: Text
    deadlines: tuple[DeadlineRule, ...] = ()
    invite: tuple[Invite, ...] = ()
    always_inform_parents: bool = False
    leader_for_radicalisation: bool = False

    @field_validator("deadlines")
    @classmethod
    def _unique_kinds(cls, rules: tuple[DeadlineRule, ...]) -> tuple[DeadlineRule, ...]:
        _refuse_duplicates([rule.kind for rule in rules], "fristtype")
        return rules


class Forum(_Model):
    name: Text
    cadence: str = ""  # how often, in the municipality's words (shown, never parsed)
    # Days from one meeting to the next: the agenda proposal takes deadlines up to the next meeting. A forum that is
    # convened per case has no cadence of its own and gets the default.
    cadence_days: int = Field(default=DEFAULT_CADENCE_DAYS, ge=1, le=366)
    participants: tuple[Text, ...] = ()
    youth_participants: tuple[Text, ...] = ()  # proposed too when a case on the agenda is 16–18+ (youth_forum age)
    # The standing members of a forum such as the Operativgruppe (seed 000 l.729–753): all of them are proposed for a
    # meeting without cases; on a meeting about a case DKE chooses among them (l.668–670), so they are offered unticked.
    standing_members: tuple[Text, ...] = ()


class YouthForumRule(_Model):
    from_age: Age
    forum: Text
    replaces: Text  # the forum this one stands in for, e.g. Koordinationsmøde


class SspPlusRule(_Model):
    from_months: int = Field(ge=0, le=1440)  # 210 = 17½ years
    forum: Text
    new_case_from_age: Age | None = None  # new cases at these levels: decide at once from this age
    new_case_levels: tuple[Code, ...] = ()


class SeedRule(_Model):
    """A rule the program shows in the seed's own words, with where it stands (e.g. "000 l.415–418")."""

    text: Text
    source: Text


class AdultRule(_Model):
    """What changes when the person is over 18 (seed 000 l.382, 415–418, repeated for each level).

    `coordination`: for a person registered as an activity-ready recipient of education benefit (aktivitetsparat
    modtager af uddannelseshjælp) the coordination passes to `coordination_to`; `mentor`: the mentor support offered
    with the person's Min plan (Jobcenter)."""

    from_age: Age = 18
    coordination_to: Text
    coordination: SeedRule
    mentor: SeedRule | None = None


class AgeRules(_Model):
    cosign_consent_from_age: Age | None = None
    youth_forum: YouthForumRule | None = None
    ssp_plus: SspPlusRule | None = None
    adult: AdultRule | None = None


class PartyTypeSpec(_Model):
    """A recipient type for consents and exchanges; the flags say which statutory bases can reach it."""

    key: MachineName
    label: Text
    ssp_partner: bool = False
    relative: bool = False
    social_authority: bool = False
    integration_authority: bool = False


class CategorySpec(_Model):
    """An information category for consents and exchanges; sensitive = GDPR art. 9/10."""

    key: MachineName
    label: Text
    sensitive: bool = False


# Who takes part in SSP (Rpl. § 114: politi, kriminalforsorg, kommunen with skoler and sociale myndigheder;
# København's partners add UU and jobcenter, seed 002) and who does not (sundhed, pårørende, private).
DEFAULT_PARTY_TYPES = (
    PartyTypeSpec(key="skole", label="Skole", ssp_partner=True),
    PartyTypeSpec(key="familieafdeling", label="Familieafdeling", ssp_partner=True, social_authority=True),
    PartyTypeSpec(key="politi", label="Politi", ssp_partner=True),
    PartyTypeSpec(key="kriminalforsorg", label="Kriminalforsorgen", ssp_partner=True),
    PartyTypeSpec(key="fritid", label="Fritid/klub", ssp_partner=True),
    PartyTypeSpec(key="uu", label="UU/ungdomsvejledning", ssp_partner=True),
    PartyTypeSpec(key="jobcenter", label="Jobcenter", ssp_partner=True, integration_authority=True),
    PartyTypeSpec(key="ssp", label="SSP-konsulent", ssp_partner=True),
    PartyTypeSpec(key="sundhed", label="Sundhed"),
    PartyTypeSpec(key="paaroerende", label="Forældre/pårørende", relative=True),
    PartyTypeSpec(key="andet", label="Andet"),
)
# The information fields of a DKE-Sag (Bilag 4) plus the GDPR art. 9/10 kinds that need a sharper test.
DEFAULT_CATEGORIES = (
    CategorySpec(key="familie", label="Familie"),
    CategorySpec(key="skole", label="Skole/uddannelse/job"),
    CategorySpec(key="fritid", label="Fritid/klub"),
    CategorySpec(key="sociale_foranstaltninger", label="Sociale foranstaltninger"),
    CategorySpec(key="sundhed", label="Sundhedsoplysninger", sensitive=True),
    CategorySpec(key="misbrug", label="Misbrug", sensitive=True),
    CategorySpec(key="overgreb", label="Overgreb", sensitive=True),
    CategorySpec(key="psykisk_saarbarhed", label="Psykisk sårbarhed", sensitive=True),
    CategorySpec(key="strafbare_forhold", label="Strafbare forhold", sensitive=True),
)


class ReasonSpec(_Model):
    """A reason category of an underretning (key stored on the record, label shown)."""

    key: MachineName
    label: Text


# The reasons for an underretning, in the seeds' words: seed 000 l.272–273 (after a Netværksmøde: "mere komplekse
# og/eller multible behov", "samarbejde med hjemmet synes udelukket"), seed 004 l.157–158 ("bekymring for eller
# kendskab til unge i risiko for kriminalitet eller kriminelle unge").
DEFAULT_UNDERRETNING_REASONS = (
    ReasonSpec(key="risiko", label="Bekymring for ung i risiko for kriminalitet"),
    ReasonSpec(key="kriminalitet", label="Kendskab til kriminalitet"),
    ReasonSpec(key="komplekse_behov", label="Komplekse og/eller multiple behov"),
    ReasonSpec(key="samarbejde_hjemmet", label="Samarbejde med hjemmet synes udelukket"),
    ReasonSpec(key="andet", label="Andet"),
)


class AgeRange(_Model):
    min_age: Age
    max_age: Age

    @_model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min_age > self.max_age:
            raise ValueError("min_age må ikke være større end max_age")
        return self


class Profile(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    name: Text
    municipality_model: Text
    note: str = ""
    # The heading of the anonymised statistics: who the report is for in this municipality (seed 000 l.131–139:
    # Albertslund's Styregruppe is Lokalrådet; seed 001 l.167–173: København's SSP-ledergruppe). '' = the generic one.
    statistics_title: str = Field(default="", max_length=120)
    closing_days: tuple[ClosingDay, ...] = tuple(f"{m:02d}-{d:02d}" for m, d in DEFAULT_CLOSING_DAYS)
    retention_years: int = Field(ge=1, le=100)
    levels: tuple[Level, ...] = Field(min_length=1)
    forums: tuple[Forum, ...] = ()
    age_rules: AgeRules = AgeRules()
    focus_areas: tuple[Text, ...] = ()
    age_range: AgeRange | None = None
    party_types: tuple[PartyTypeSpec, ...] = DEFAULT_PARTY_TYPES
    info_categories: tuple[CategorySpec, ...] = DEFAULT_CATEGORIES
    underretning_reasons: tuple[ReasonSpec, ...] = DEFAULT_UNDERRETNING_REASONS
    # København: the SSP-bekymringsskabelon (seed 001 l.500–506) is a form of the case (domain/concern_form.py).
    concern_template: bool = False
    # Who a level with `leader_for_radicalisation` brings a radicalisation case before (seed 000 l.48, l.532–533).
    leader_role: Text = "Leder af DKE"

    @field_validator("levels")
    @classmethod
    def _unique_codes(cls, levels: tuple[Level, ...]) -> tuple[Level, ...]:
        _refuse_duplicates([level.code for level in levels], "niveaukode")
        return levels

    @field_validator("forums")
    @classmethod
    def _unique_forums(cls, forums: tuple[Forum, ...]) -> tuple[Forum, ...]:
        _refuse_duplicates([forum.name for forum in forums], "mødeforum")
        for forum in forums:
            if "," in forum.name:  # event keys are stored comma-separated (domain/deadline_events.py)
                raise ValueError(f"mødeforum {forum.name!r} må ikke indeholde komma")
        return forums

    @_model_validator(mode="after")
    def _deadline_events_name_forums(self) -> Profile:
        names = {forum.name for forum in self.forums}
        for level in self.levels:
            for rule in level.deadlines:
                unknown = [forum for forum in rule.meeting_forums() if forum not in names]
                if unknown:
                    raise ValueError(
                        f"niveau {level.code}, frist {rule.kind}: mødeforummet {unknown[0]!r} findes ikke i forums"
                    )
        return self

    @field_validator("party_types", "info_categories", "underretning_reasons")
    @classmethod
    def _unique_keys(cls, specs: tuple[Any, ...]) -> tuple[Any, ...]:
        _refuse_duplicates([spec.key for spec in specs], "nøgle")
        return specs

    def parties(self) -> tuple[PartyType, ...]:
        """The recipient types as domain records."""
        return tuple(PartyType(**spec.model_dump()) for spec in self.party_types)

    def categories(self) -> tuple[InfoCategory, ...]:
        """The information categories as domain records."""
        return tuple(InfoCategory(**spec.model_dump()) for spec in self.info_categories)

    def reasons(self) -> tuple[ReasonCategory, ...]:
        """The reason categories of an underretning as domain records."""
        return tuple(ReasonCategory(spec.key, spec.label) for spec in self.underretning_reasons)

    def level(self, code: str) -> Level:
        for level in self.levels:
            if level.code == code:
                return level
        raise Invalid(f"Profilen {self.name!r} har intet niveau {code!r}", field="levels")

    def level_codes(self) -> list[str]:
        return [level.code for level in self.levels]

    def forum(self, name: str) -> Forum | None:
        return next((forum for forum in self.forums if forum.name == name), None)

    def forum_for(self, level_code: str, age: int | None = None) -> str:
        """The level's forum, or the youth forum standing in for it when the person is old enough."""
        forum = self.level(level_code).forum
        rule = self.age_rules.youth_forum
        if rule and age is not None and age >= rule.from_age and forum == rule.replaces:
            return rule.forum
        return forum

    def youth_age(self) -> int | None:
        """The age from which the youth forum and the youth participants apply (16 in Albertslund); None: no rule."""
        rule = self.age_rules.youth_forum
        return rule.from_age if rule else None

    def invites(self, level_code: str, age: int | None = None) -> list[Invite]:
        """Invitations for the level; with age None all are returned (age unknown: show everything)."""
        return [invite for invite in self.level(level_code).invite if invite.applies_to(age)]

    def closing_day_tuples(self) -> list[tuple[int, int]]:
        return [(int(value[:2]), int(value[3:])) for value in self.closing_days]

    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.closing_day_tuples())


def _refuse_duplicates(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{what} {value!r} er angivet mere end én gang (element {index})")
        seen.add(value)


# --- Loading and error messages ------------------------------------------------------------------

_DANISH_ERRORS: dict[str, str] = {
    "missing": "feltet mangler",
    "extra_forbidden": "ukendt felt",
    "string_type": "skal være tekst",
    "int_type": "skal være et heltal",
    "int_parsing": "skal være et heltal",
    "int_from_float": "skal være et heltal",
    "bool_type": "skal være true eller false",
    "bool_parsing": "skal være true eller false",
    "tuple_type": "skal være en liste",
    "list_type": "skal være en liste",
    "model_type": "skal være et objekt",
    "model_attributes_type": "skal være et objekt",
    "dict_type": "skal være et objekt",
    "greater_than_equal": "skal være mindst {ge}",
    "less_than_equal": "må højst være {le}",
    "string_too_short": "må ikke være tom",
    "too_short": "skal have mindst {min_length} element",
    "string_pattern_mismatch": "har et ugyldigt format",
    "literal_error": "ugyldig værdi {input!r} (tilladt: {expected})",
}


def _describe(error: Mapping[str, Any]) -> str:
    """One pydantic error as 'dotted.path: Danish explanation'."""
    path = ".".join(str(part) for part in error["loc"]) or "profil"
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    if "expected" in ctx:  # pydantic lists literals as "'a', 'b' or 'c'"
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " eller ")
    if kind == "value_error":
        detail = str(ctx.get("error", error["msg"]))
    elif kind in _DANISH_ERRORS:
        detail = _DANISH_ERRORS[kind].format(input=error.get("input"), **ctx)
    else:
        detail = error["msg"]  # rare types: pydantic's English text is better than nothing
    return f"{path}: {detail}"


def _fail(detail: str, field: str | None, source: str | None) -> Invalid:
    """A profile that cannot be used; `field` is the dotted path inside the profile, if known."""
    where = f" (fil: {source})" if source else ""
    return Invalid(f"Profilen kan ikke bruges: {detail}{where}", field)


def _check_references(profile: Profile, source: str | None) -> None:
    """Names that must refer to something else in the profile (pydantic checks one object at a time)."""
    forum_names = {forum.name for forum in profile.forums}
    refs: list[tuple[str, str]] = [(f"levels.{i}.forum", lvl.forum) for i, lvl in enumerate(profile.levels)]
    rules = profile.age_rules
    if rules.youth_forum:
        refs += [
            ("age_rules.youth_forum.forum", rules.youth_forum.forum),
            ("age_rules.youth_forum.replaces", rules.youth_forum.replaces),
        ]
    if rules.ssp_plus:
        refs.append(("age_rules.ssp_plus.forum", rules.ssp_plus.forum))
        codes = set(profile.level_codes())
        for i, code in enumerate(rules.ssp_plus.new_case_levels):
            if code not in codes:
                field = f"age_rules.ssp_plus.new_case_levels.{i}"
                raise _fail(f"{field}: niveauet {code!r} findes ikke i profilen", field, source)
    for field, name in refs:
        if name not in forum_names:
            raise _fail(f"{field}: mødeforummet {name!r} står ikke under forums", field, source)


def parse_profile(text: str, source: str | None = None) -> Profile:
    """Validate profile JSON text; raises Invalid naming the first offending field."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        detail = f"filen er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}: {exc.msg})"
        raise _fail(detail, None, source) from exc
    except RecursionError:
        raise _fail("filen er ikke gyldig JSON (for dybt indlejret)", None, source) from None
    try:
        profile = Profile.model_validate_json(text, strict=True)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        detail = _describe(first)
        if len(errors) > 1:
            detail += f" (og {len(errors) - 1} fejl mere)"
        field = ".".join(str(part) for part in first["loc"]) or None
        raise _fail(detail, field, source) from exc
    _check_references(profile, source)
    return profile


def load_profile(path: str | os.PathLike[str]) -> Profile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise Invalid(f"Profilfilen findes ikke: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"filen kan ikke læses ({exc})", None, path.name) from exc
    return parse_profile(text, source=path.name)


@functools.cache
def _builtin_profiles() -> dict[str, Profile]:
    found: dict[str, Profile] = {}
    for path in sorted(resource("profiles").glob("*.json")):
        profile = load_profile(path)
        if profile.id in found:
            raise _fail(f"id: profil-id {profile.id!r} findes i flere filer", "id", path.name)
        found[profile.id] = profile
    return found


def builtin_profiles() -> dict[str, Profile]:
    """The profiles shipped in resources/profiles, by id (parsed once; profiles are immutable)."""
    return dict(_builtin_profiles())


def profile_dirs() -> list[Path]:
    """A municipality's own profile files live in `<user data>/profiles`."""
    return [data_dir() / "profiles"]


def get_profile(profile_id: str = DEFAULT_PROFILE_ID, extra_dirs: Iterable[str | Path] = ()) -> Profile:
    """A profile by id. A file `<id>.json` in `extra_dirs` wins over the built-in profile of that id,
    so a municipality can adjust e.g. closing days without a new program version."""
    for folder in extra_dirs:
        path = Path(folder) / f"{profile_id}.json"
        if path.is_file():
            profile = load_profile(path)
            if profile.id != profile_id:
                raise _fail(f"id: filen hedder {path.name}, men id er {profile.id!r}", "id", path.name)
            return profile
    builtin = _builtin_profiles()
    if profile_id in builtin:
        return builtin[profile_id]
    raise Invalid(f"Profilen {profile_id!r} findes ikke", field="id")
