"""Where a case goes and who is called to it (seed 000 ch. 2 and ch. 4a) – shared by the GUI and the CLI.

* Radicalisation: "Sager vedr. voldelig ideologisk radikalisering indbringes altid for DKE leder, i henhold til den
  nationale instruks" (seed 000 l.532–533, l.658–659). The case flag is set on registration or later
  (`set_radicalisation`); on a level whose profile entry says `leader_for_radicalisation` the case is routed to the
  profile's `leader_role` (the name from the setting `leader_name`, when given) and the leader is invited to the
  case's meetings.
* Invitations: who must be called to the case's forum before the meeting exists – the level's invitations by the
  person's age (Familieafsnittet for under-18s, seed 000 l.249–250), the leader of a radicalisation case, and from
  16–18+ the forum's youth participants ("andre relevante fagpersoner", l.263–265, l.724–726) as proposals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sspdesk.cases import CaseDetail, active_profile, get_case
from sspdesk.cpr import age_on_birth
from sspdesk.domain.cases import Case
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.profiles import Profile
from sspdesk.store import cases_repo
from sspdesk.store.vault import Vault

LEADER_NAME_SETTING = "leader_name"
# The seed's own words for why the case goes to the leader (shown with the route).
RADICALISATION_RULE = "Sager vedr. voldelig ideologisk radikalisering indbringes altid for DKE leder"


@dataclass(frozen=True)
class Route:
    """Who a radicalisation case is brought before: the profile's leader role and, if set, the leader's name."""

    role: str
    name: str = ""

    @property
    def who(self) -> str:
        return f"{self.role} ({self.name})" if self.name else self.role

    @property
    def text(self) -> str:
        return f"Indbringes for {self.who}: {RADICALISATION_RULE.lower()[0]}{RADICALISATION_RULE[1:]}."


@dataclass(frozen=True)
class Invitations:
    """Who is called to the case's forum: `required` must be invited, `proposed` are suggested (the user decides)."""

    forum: str
    required: tuple[str, ...] = ()
    proposed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # conditions the program cannot check ("ved løsladelse …"), one per proposed role

    @property
    def roles(self) -> tuple[str, ...]:
        return (*self.required, *self.proposed)


def _age(case: Case, on: date) -> int | None:
    born = case.birth
    return age_on_birth(born, on) if born and born <= on else None


def routes_to_leader(profile: Profile, case: Case) -> bool:
    """True when the case is a radicalisation case on a level that brings such cases before the leader."""
    if not case.radicalisation:
        return False
    try:
        return profile.level(case.level).leader_for_radicalisation
    except Invalid:  # a case of another profile's level
        return False


def leader_route(vault: Vault, case: Case, profile: Profile | None = None) -> Route | None:
    """The route of a radicalisation case to the DKE leader, or None when the case does not go there."""
    profile = profile or active_profile(vault)
    if not routes_to_leader(profile, case):
        return None
    name = vault.setting(LEADER_NAME_SETTING)
    return Route(profile.leader_role, name.strip() if isinstance(name, str) else "")


def case_invitations(profile: Profile, case: Case, on: date, leader: Route | None = None) -> Invitations:
    """Who must be (and who may be) called to the case's forum on `on`, by the level, the age and the flag."""
    age = _age(case, on)
    required: list[str] = []
    proposed: list[str] = []
    notes: list[str] = []
    if leader is not None:
        required.append(profile.leader_role)
    try:
        invites = profile.invites(case.level, age)
    except Invalid:
        invites = []
    for invite in invites:
        if invite.mandatory:
            required.append(invite.role)
        else:
            proposed.append(invite.role)
            notes.append(invite.when)
    youth_from = profile.youth_age()
    forum = profile.forum(case.forum)
    if forum is not None and youth_from is not None and age is not None and age >= youth_from:
        for role in forum.youth_participants:
            proposed.append(role)
            notes.append(f"fra {youth_from} år")
    seen = set(required)
    kept: dict[str, str] = {}
    for role, note in zip(proposed, notes, strict=True):
        if role not in seen and role not in kept:
            kept[role] = note
    return Invitations(case.forum, tuple(dict.fromkeys(required)), tuple(kept), tuple(kept.values()))


def invitations_for(vault: Vault, case: Case, on: date | None = None) -> Invitations:
    """`case_invitations` with the vault's profile and leader."""
    profile = active_profile(vault)
    return case_invitations(profile, case, on or date.today(), leader_route(vault, case, profile))


def set_radicalisation(vault: Vault, ref: str, flag: bool) -> CaseDetail:
    """Mark (or unmark) a case as a radicalisation concern; refused on a closed case. Audit-logged."""
    case_id = cases_repo.find_case_id(vault.conn, (ref or "").strip())
    case = cases_repo.get_case(vault.conn, case_id) if case_id else None
    if case is None:
        raise NotFound.record("Sagen", ref)
    if not case.is_open:
        raise Invalid(f"Sagen {case.number} er ikke åben; genåbn den først.", "radicalisation")
    if case.radicalisation != flag:
        with vault.transaction() as conn:
            cases_repo.update_case(conn, vault.device_id, case.id, {"radicalisation": int(flag)})
            vault.log(
                "case.radicalisation",
                record_kind=case.kind,
                record_id=case.id,
                subject_ref=case.number,
                detail="til" if flag else "fra",
            )
    return get_case(vault, case.id)
