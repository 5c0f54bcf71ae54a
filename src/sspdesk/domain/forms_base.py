"""A field of a paper form (`Field`): the one definition `forms` and `profile_forms` lay their sections out from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    hint: str = ""
    kind: str = "text"  # text (multi-line), line (one line), date, choice
    choices: tuple[str, ...] = ()
    sensitive: bool = False  # health information (Databeskyttelsesforordningen art. 9)
