"""Demo meetings: for every forum the demo cases use, a series of meetings – past ones with approved minutes and
dispositions (some done, some still open), and one upcoming meeting with its proposed agenda.

Every name and text here is invented. Call `fill_demo_meetings` after the demo cases exist.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sspdesk.cases import active_profile, due_deadlines, list_cases, mark_deadline_done
from sspdesk.dispositions import add_disposition, cadence_days, set_disposition_done
from sspdesk.meetings import add_item, approve_minutes, create_meeting, save_item_minutes, update_participant
from sspdesk.store.vault import Vault

PAST_MEETINGS = 3
_AREA_FORUMS = ("Koordinationsmøde", "Ungekoordinationsmøde")  # held per skoledistrikt
_TIMES = {
    "Koordinationsmøde": time(14, 0),
    "Ungekoordinationsmøde": time(14, 30),
    "Sagsmøde": time(9, 30),
    "Operativgruppemøde": time(13, 0),
}
_PROFESSIONALS = (
    "Sofie Demokær",
    "Jens Opdigtsen",
    "Hanne Prøvegaard",
    "Ali Fiktivi",
    "Rikke Eksempelgaard",
    "Torben Testmose",
    "Mette Påfundgaard",
    "Karim Demolund",
)
_JOURNAL_MINUTES = (
    (
        "Skolen oplever mere ro i frikvartererne. Klubben ser gruppen oftere om aftenen.",
        "Indsatsen fortsætter; følges op på næste møde.",
    ),
    (
        "Lokalbetjenten har talt med gruppen ved stationen. Forældrene er orienteret af skolen.",
        "Skolen indkalder til forældremøde for klassen.",
    ),
    (
        "Uroen er aftaget efter samtalerne. Der er fortsat bekymring for sent ophold ved centret.",
        "Opsøgende medarbejdere er til stede fredag aften i en periode.",
    ),
)
_SAG_MINUTES = (
    (
        "Den unge er mødt op til samtalerne og har fået en fast kontaktperson i klubben. Fraværet er faldet.",
        "Mentorforløb bevilges for tre måneder.",
    ),
    (
        "Ny anmeldelse siden sidst. Familien ønsker hjælp og har deltaget i netværksmødet.",
        "Midlertidig handleplan godkendt; Social & Familie følger op på den endelige handleplan.",
    ),
    (
        "Skolen oplyser stabil skolegang. Den unge har fået fritidsjob via Jobcenteret.",
        "Sagen fortsætter uændret; vurderes til afslutning ved næste opfølgning.",
    ),
)
_JOURNAL_TASKS = (
    ("SSP-lærer/AKT-lærer", "Holder opfølgende samtale med klasselæreren"),
    ("Lokalbetjent", "Kører forbi stationen fredag og lørdag aften"),
    ("Klubmedarbejder/klubsocialrådgiver", "Inviterer gruppen til klubbens fodboldhold"),
    ("Skolesocialrådgiver", "Tager kontakt til forældrene"),
)
_SAG_TASKS = (
    ("Myndighedsansvarlig sagsbehandler", "Udarbejder endelig handleplan"),
    ("Kriminalpræventiv koordinator (DKE)", "Sender forældrebrev og information om registreringen"),
    ("Familieafsnittet", "Indkalder familien til netværksmøde"),
    ("Jobcenteret", "Undersøger muligheden for fritidsjob"),
)


def _weekday(day: date, forward: bool) -> date:
    """The nearest Tuesday–Thursday: when meetings are usually held."""
    while day.weekday() not in (1, 2, 3):
        day += timedelta(days=1 if forward else -1)
    return day


def _place(forum: str, area: str) -> str:
    if area:
        return f"{area}, mødelokalet ved kontoret"
    return "Rådhuset, mødelokale 2" if forum == "Sagsmøde" else "Rådhuset, byrådssalen"


def _series(vault: Vault) -> list[tuple[str, str]]:
    found = {(row.forum, row.area if row.forum in _AREA_FORUMS else "") for row in list_cases(vault) if row.forum}
    return sorted(found)


def _hold_meeting(vault: Vault, forum: str, area: str, start: datetime, rng: random.Random, index: int) -> None:
    detail = create_meeting(vault, forum, start, area=area, place=_place(forum, area)).detail
    names = iter(rng.sample(_PROFESSIONALS, len(_PROFESSIONALS)))
    absent = rng.randrange(len(detail.participants)) if len(detail.participants) > 2 else -1
    for i, person in enumerate(detail.participants):
        name = person.name or next(names, "")
        update_participant(vault, person.id, name=name, status="absent" if i == absent else "present")
    if forum in _AREA_FORUMS:
        topic = add_item(vault, detail.id, "topic", title="Orientering: tendenser i skoledistriktet")
        save_item_minutes(
            vault,
            topic.id,
            "Lokalbetjenten orienterede om færre anmeldelser om hærværk i området.",
            "Taget til efterretning.",
        )
    done_on = start.date()
    for n, item in enumerate(detail.items):
        for followup in item.followups:
            if rng.random() < 0.6:
                set_disposition_done(vault, followup.id, today=done_on)
        if item.kind != "case":
            save_item_minutes(vault, item.id, "Dispositionerne fra sidste møde blev gennemgået.", "")
            continue
        texts = _SAG_MINUTES if item.case_kind == "sag" else _JOURNAL_MINUTES
        discussion, decision = texts[(n + index) % len(texts)]
        save_item_minutes(vault, item.id, discussion, decision)
        if rng.random() < 0.7:
            tasks = _SAG_TASKS if item.case_kind == "sag" else _JOURNAL_TASKS
            owner, what = tasks[rng.randrange(len(tasks))]
            add_disposition(
                vault,
                detail.id,
                owner,
                what,
                item_id=item.id,
                due=done_on + timedelta(days=rng.choice((7, 10, 14, 21))),
            )
    # Most deadlines that had run out by the meeting were met (the demo should not show only overdue ones).
    on_agenda = {item.case_id for item in detail.items}
    for deadline in due_deadlines(vault, done_on):
        if deadline.case_id in on_agenda and deadline.due < done_on.isoformat() and rng.random() < 0.8:
            mark_deadline_done(vault, deadline.id, today=done_on)
    approve_minutes(vault, detail.id, now=datetime.combine(done_on + timedelta(days=1), time(10, 15)))


def fill_demo_meetings(vault: Vault, today: date | None = None) -> int:
    """Add the demo meeting series to an open vault that holds the demo cases; return how many meetings."""
    today = today or date.today()
    rng = random.Random(2026)  # the same demo every time
    profile = active_profile(vault)
    count = 0
    for forum, area in _series(vault):
        spacing = min(cadence_days(profile.forum(forum)), 35)
        at = _TIMES.get(forum, time(10, 0))
        for k in range(PAST_MEETINGS, 0, -1):
            day = _weekday(today - timedelta(days=k * spacing), forward=False)
            _hold_meeting(vault, forum, area, datetime.combine(day, at), rng, k)
            count += 1
        upcoming = _weekday(today + timedelta(days=rng.randrange(2, 9)), forward=True)
        create_meeting(vault, forum, datetime.combine(upcoming, at), area=area, place=_place(forum, area))
        count += 1
    return count
