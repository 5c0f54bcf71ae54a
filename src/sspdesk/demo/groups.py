"""Demo bekymringsgrupper: three groups of concern built on the demo cases – with DKE-Sag members in roles, members
from DKE-Journaler (only counted), screening text with a history, and one group on an upcoming agenda.

Every text here is invented. Call `fill_demo_groups` after the demo cases and meetings exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sspdesk.cases import list_cases
from sspdesk.groups import NewGroup, add_member, add_to_agenda, create_group, save_section, update_group
from sspdesk.meetings import list_meetings
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.vault import Vault


@dataclass(frozen=True)
class _DemoGroup:
    name: str
    area: str
    days_ago: int
    journals: int
    roles: tuple[str, ...]  # one sag member per role
    screening: tuple[str, str]
    actions: tuple[str, str, str]
    status: str = "active"


_GROUPS = (
    _DemoGroup(
        "Gruppe ved stationen",
        "Nordskolen",
        40,
        2,
        ("toneangivende", "medløber"),
        (
            "Omkring 6–8 unge samles ved stationen fredag og lørdag aften. Der kastes med sten efter busser, og "
            "passagerer oplever tilråb.",
            "To ældre unge er toneangivende; de yngre følger med og vil gerne høre til. Gruppen holder sammen udadtil.",
        ),
        (
            "Lokalbetjent og opsøgende medarbejdere er til stede fredag aften. Klubben inviterer gruppen til "
            "fodboldhold.",
            "Samtaler med de toneangivende om konsekvenser; mentor til én af medløberne.",
            "Uroen er aftaget, men gruppen er flyttet til centret. Indsatsen fortsætter og følges op.",
        ),
    ),
    _DemoGroup(
        "Unge ved centret om aftenen",
        "Midtbyen",
        75,
        1,
        ("i periferien",),
        (
            "Unge opholder sig sent ved centret; butikkerne melder om uro og mindre tyverier.",
            "Løs gruppe uden tydelig leder; nogle kommer kun i weekenden.",
        ),
        (
            "Centret og politiet aftaler faste gåture.",
            "Skolen tager kontakt til forældrene.",
            "Færre henvendelser fra butikkerne; gruppen følges op på næste koordinationsmøde.",
        ),
        status="followup",
    ),
    _DemoGroup(
        "Gruppe i Klub Syd",
        "Sydskolen",
        150,
        1,
        (),
        (
            "Konflikter mellem to grupper i klubben med trusler på de sociale medier.",
            "Konflikten drives af en lille kerne; de fleste vil helst være fri for den.",
        ),
        (
            "Klubben har holdt fælles møde med begge grupper.",
            "Samtaler med de unge, der var mest involveret.",
            "Konflikten er løst; gruppen afsluttes.",
        ),
        status="closed",
    ),
)


def _open_cases(vault: Vault, kind: str, area: str) -> list[str]:
    rows = list_cases(vault, CaseQuery(kind=kind, status="open", area=area))
    return [row.number for row in sorted(rows, key=lambda r: r.number)]


def fill_demo_groups(vault: Vault, today: date) -> int:
    """Add the demo groups; returns how many were made."""
    made = {}
    for spec in sorted(_GROUPS, key=lambda g: -g.days_ago):  # registered in date order, so the numbers follow
        group = create_group(
            vault, NewGroup(spec.name, spec.area, "Demo Koordinator", registered=today - timedelta(days=spec.days_ago))
        )
        journals = _open_cases(vault, "journal", spec.area)[: spec.journals]
        sager = _open_cases(vault, "sag", spec.area)[: len(spec.roles)]
        for number in journals:
            add_member(vault, group.id, number, today=today)
        for number, role in zip(sager, spec.roles, strict=False):
            add_member(vault, group.id, number, role, today=today)
        first = spec.screening[0].split(". ")[0] + "."
        save_section(vault, group.id, "screening", {"adfaerd": first})  # an earlier version, for the history
        save_section(vault, group.id, "screening", {"adfaerd": spec.screening[0], "dynamik": spec.screening[1]})
        save_section(
            vault, group.id, "indsatser", dict(zip(("gruppe", "individ", "vurdering"), spec.actions, strict=True))
        )
        if spec.status != "active":
            update_group(vault, group.id, status=spec.status, today=today - timedelta(days=spec.days_ago // 5))
        made[spec.name] = group
    upcoming = [
        m
        for m in list_meetings(vault, forum="Koordinationsmøde", area="Nordskolen", status="open", since=today)
        if m.day >= today
    ]
    if upcoming:
        add_to_agenda(vault, made[_GROUPS[0].name].id, min(upcoming, key=lambda m: m.starts_at).id)
    return len(made)
