"""The events a deadline counts from (issue 18, item 1), as keys in profile data and in the deadlines table.

Seed 000 counts the deadlines of a case from different events: the Sagsmøde must be *called* within 7 arbejdsdage
of registration (l.478), the temporary handleplan follows the Sagsmøde or the home visit (l.506–508) or the
Netværkssamråd (l.277–279), the level-III follow-up comes at the latest 6 months after the Operativgruppe meeting
(l.677–678), and a level-I case is followed up at the *next* Koordinationsmøde after the talk or home visit
(l.426–428). The keys:

* ``registered`` – the day the case came to its level (registration, or the level change);
* ``home_visit`` – a home visit or a meeting with the custody holder ("hjemmebesøg eller møde"), recorded by the user;
* ``talk`` – a talk with the young person (and parents), recorded by the user;
* ``meeting:<forum>`` – a meeting of that forum with the case on its agenda (its date; a cancelled one does not count).

A rule may name several start events: the first of them to happen starts the period.
"""

from __future__ import annotations

REGISTERED = "registered"
HOME_VISIT = "home_visit"
TALK = "talk"
MEETING_PREFIX = "meeting:"

# Events the user records on a case (case_events.kind), with their Danish names.
RECORDED_EVENTS: dict[str, str] = {
    HOME_VISIT: "Hjemmebesøg eller møde med forældremyndighedsindehaver",
    TALK: "Samtale med den unge",
}
_SHORT = {REGISTERED: "registrering", HOME_VISIT: "hjemmebesøg/møde", TALK: "samtale"}


def meeting_event(forum: str) -> str:
    return MEETING_PREFIX + forum


def meeting_forum(key: str) -> str | None:
    """The forum of a ``meeting:<forum>`` key, or None for another key."""
    return key[len(MEETING_PREFIX) :] if key.startswith(MEETING_PREFIX) else None


def is_known(key: str) -> bool:
    """Whether `key` is an event key at all (a meeting key's forum is checked against the profile elsewhere)."""
    forum = meeting_forum(key)
    return bool(forum.strip()) if forum is not None else key in _SHORT


def encode(keys: tuple[str, ...] | list[str]) -> str:
    """Keys as stored in a column (forum names hold no comma: the profile refuses one)."""
    return ",".join(keys)


def decode(value: str) -> tuple[str, ...]:
    return tuple(key for key in value.split(",") if key)


def event_text(key: str) -> str:
    """Danish name of one event: 'Sagsmøde', 'hjemmebesøg/møde', 'samtale', 'registrering'."""
    forum = meeting_forum(key)
    return forum if forum is not None else _SHORT.get(key, key)


def waits_for_text(keys: tuple[str, ...], next_meeting: bool = False) -> str:
    """What a deadline waits for, in Danish: 'Sagsmøde, hjemmebesøg/møde eller Netværkssamråd'.

    `next_meeting`: the deadline is the next meeting of the forum itself ('næste Koordinationsmøde')."""
    names = [("næste " if next_meeting else "") + event_text(key) for key in keys]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " eller " + names[-1]
