"""Helpers for the routing and participants tests: fictional CPR numbers of a given age and cases on a forum."""

from __future__ import annotations

from datetime import date, timedelta

from sspdesk.cases import CaseDetail, NewCase, register_case
from sspdesk.store.vault import Vault

TODAY = date.today()
REGISTERED = TODAY - timedelta(days=2)


def cpr_of_age(age: int, on: date = TODAY) -> str:
    """A fictional CPR-nr. of a person who is `age` on `on` (born 1 January; the century digit from the year)."""
    born = date(on.year - age, 1, 1)
    century_digit = "4" if born.year >= 2000 else "0"
    return f"{born:%d%m%y}{century_digit}321"


def sag_of_age(vault: Vault, age: int, level: str = "II", *, radicalisation: bool = False) -> CaseDetail:
    """A DKE-Sag of a fictional person `age` years old, registered two days ago."""
    new = NewCase(
        level=level,
        subject="Gentagne butikstyverier",
        registered=REGISTERED,
        person_name="Åse Opdigtet",
        cpr=cpr_of_age(age),
        radicalisation=radicalisation,
    )
    return register_case(vault, new, today=TODAY)


def meeting_time(days: int = 1) -> str:
    return f"{(TODAY + timedelta(days=days)).isoformat()} 10:00"
