"""The kriminalpræventiv handleplan of a DKE-Sag as a plain record (seed 000 l.276–279, 314–318, 500–508, 602–606).

A plan describes the indsatsforløb: its initiatives and handlepligter (what, who acts, by when), a short-term and a
long-term plan for the young person and for the whole family, considerations on socialpædagogiske foranstaltninger,
and the aftercare (efterværnsforløb) that must be planned before any intervention starts (l.317). It comes first as a
temporary plan (midlertidig, 7 dage) and then as the final one (endelig, 3 uger).

A plan version is stored as one version of the case section "handleplan" (see `sspdesk.action_plans`), whose fields
are text only: the plan's texts under their keys and each initiative flattened into `initiativ_NN_<part>` keys. This
module turns those fields into an `ActionPlan` and back; it imports nothing of ours but the domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from sspdesk.domain.dates import date_text

SECTION = "handleplan"  # the case section key of a plan version
TEMPORARY, FINAL = "midlertidig", "endelig"
VERSION_LABELS = {TEMPORARY: "Midlertidig", FINAL: "Endelig"}
TITLE = "Kriminalpræventiv handleplan"

# The plan's texts in print order: key, label (the seed's words), hint.
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("ansvarlig_myndighed", "Ansvarlig myndighed", "Myndighedsansvarlig, fx Social & Familie"),
    ("indsatsforloeb", "Indsatsforløb", "Indhold og mål for indsatsen"),
    ("ung_kort", "Kortsigtet plan for den unge", "Tiltag overfor den unge"),
    ("ung_lang", "Langsigtet plan for den unge", "Tiltag overfor den unge"),
    ("familie_kort", "Kortsigtet plan for familien", "Tiltag overfor hele familien"),
    ("familie_lang", "Langsigtet plan for familien", "Tiltag overfor hele familien"),
    (
        "socialpaedagogisk",
        "Socialpædagogiske foranstaltninger",
        "Overvejelser vedr. tilbud om socialpædagogiske foranstaltninger",
    ),
    (
        "eftervaern",
        "Efterværn",
        "Efterværnsforløb: stabilisere tilværelsen, indlejre nye vaner, let adgang til fagpersonerne",
    ),
)
TEXT_LABELS = {key: label for key, label, _hint in TEXT_FIELDS}
TEXT_HINTS = {key: hint for key, _label, hint in TEXT_FIELDS}
# What a final plan must hold (seed 000 l.604–605 "skal indeholde både en kortsigtet og en langsigtet plan for tiltag
# overfor både den unge og hele familien"; l.317 "inden opstart af enhver indsats, medregnes et efterværnsforløb").
FINAL_REQUIRED = ("ung_kort", "ung_lang", "familie_kort", "familie_lang", "eftervaern")

INITIATIVE_PARTS = {"id": "Id", "hvad": "Initiativ", "ansvarlig": "Ansvarlig", "parttype": "Type", "frist": "Frist"}
INITIATIVE_STATUS_LABELS = {"open": "Åben", "done": "Udført"}
_INITIATIVE_KEY = re.compile(r"^initiativ_(\d{2})_(id|hvad|ansvarlig|parttype|frist)$")


@dataclass(frozen=True)
class Initiative:
    """One initiative or handlepligt: what, who acts (a name or an authority, optionally a party type of the profile)
    and by when. `id` is the id of the disposition that carries it to the forum's agendas; its status lives there
    (one source of truth) and is filled in when a plan is read."""

    what: str
    responsible: str
    due: str = ""  # ISO date
    party_type: str = ""  # a key of the profile's party types, or ''
    id: str = ""  # the disposition's id ('' until the plan is saved)
    status: str = "open"  # open | done – read from the disposition, never stored in the plan
    done_on: str = ""

    @property
    def is_done(self) -> bool:
        return self.status == "done"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "what": self.what,
            "responsible": self.responsible,
            "party_type": self.party_type,
            "due": self.due or None,
            "status": self.status,
            "done_on": self.done_on or None,
        }


@dataclass(frozen=True)
class ActionPlan:
    """One version of a case's handleplan."""

    version: str = TEMPORARY  # midlertidig | endelig
    plan_date: str = ""  # ISO date the plan was made
    texts: dict[str, str] = field(default_factory=dict)  # TEXT_FIELDS keys -> text
    initiatives: tuple[Initiative, ...] = ()
    author: str = ""
    created_at: str = ""  # ISO 8601 UTC of the saved version

    @property
    def is_final(self) -> bool:
        return self.version == FINAL

    @property
    def version_label(self) -> str:
        return VERSION_LABELS.get(self.version, self.version)

    def text(self, key: str) -> str:
        return self.texts.get(key, "")

    def missing_for_final(self) -> list[str]:
        """The keys a final plan still lacks ("initiativer" when it has none)."""
        missing = [key for key in FINAL_REQUIRED if not self.text(key).strip()]
        return missing + ([] if self.initiatives else ["initiativer"])

    def with_status(self, states: dict[str, tuple[str, str]]) -> ActionPlan:
        """The plan with each initiative's (status, done_on) from its disposition (by id)."""
        initiatives = tuple(
            replace(i, status=states[i.id][0], done_on=states[i.id][1]) if i.id in states else i
            for i in self.initiatives
        )
        return replace(self, initiatives=initiatives)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "version_label": self.version_label,
            "plan_date": self.plan_date or None,
            **{key: self.text(key) for key, _label, _hint in TEXT_FIELDS},
            "initiatives": [i.to_json() for i in self.initiatives],
            "author": self.author,
            "created_at": self.created_at,
        }


def to_fields(plan: ActionPlan) -> dict[str, str]:
    """The section fields of a plan version (texts only; an initiative's status is not part of the plan)."""
    fields = {"udgave": plan.version, "dato": plan.plan_date}
    fields.update({key: plan.text(key) for key, _label, _hint in TEXT_FIELDS})
    for number, initiative in enumerate(plan.initiatives, 1):
        prefix = f"initiativ_{number:02d}_"
        fields.update(
            {
                prefix + "id": initiative.id,
                prefix + "hvad": initiative.what,
                prefix + "ansvarlig": initiative.responsible,
                prefix + "parttype": initiative.party_type,
                prefix + "frist": initiative.due,
            }
        )
    return fields


def from_fields(fields: dict[str, str], author: str = "", created_at: str = "") -> ActionPlan:
    """A plan version from its section fields; unknown keys are ignored (a newer colleague's version still reads)."""
    parts: dict[str, dict[str, str]] = {}
    for key, value in fields.items():
        found = _INITIATIVE_KEY.match(key)
        if found:
            parts.setdefault(found.group(1), {})[found.group(2)] = value
    initiatives = tuple(
        Initiative(
            what=p.get("hvad", ""),
            responsible=p.get("ansvarlig", ""),
            due=p.get("frist", ""),
            party_type=p.get("parttype", ""),
            id=p.get("id", ""),
        )
        for _number, p in sorted(parts.items())
    )
    version = fields.get("udgave", TEMPORARY)
    return ActionPlan(
        version=version if version in VERSION_LABELS else TEMPORARY,
        plan_date=fields.get("dato", ""),
        texts={key: fields.get(key, "") for key, _label, _hint in TEXT_FIELDS},
        initiatives=initiatives,
        author=author,
        created_at=created_at,
    )


def field_label(key: str) -> str:
    """The label of a plan field by its key ("Initiativ 2 – Ansvarlig" for a flattened initiative part)."""
    if key == "udgave":
        return "Udgave"
    if key == "dato":
        return "Dato"
    found = _INITIATIVE_KEY.match(key)
    if found:
        return f"Initiativ {int(found.group(1))} – {INITIATIVE_PARTS[found.group(2)]}"
    return TEXT_LABELS.get(key, key)


def summary_rows(plan: ActionPlan, party_labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(label, text) of the filled parts of a plan, initiatives one row each – for an access request."""
    labels = party_labels or {}
    rows = [("Udgave", plan.version_label), ("Dato", date_text(plan.plan_date))]
    rows += [(label, plan.text(key)) for key, label, _hint in TEXT_FIELDS]
    for number, i in enumerate(plan.initiatives, 1):
        who = i.responsible + (f" ({labels.get(i.party_type, i.party_type)})" if i.party_type else "")
        when = f", frist {date_text(i.due)}" if i.due else ""
        done = f", udført {date_text(i.done_on)}" if i.is_done else ""
        rows.append((f"Initiativ {number}", f"{i.what} – {who}{when}{done}"))
    return [(label, value) for label, value in rows if value]
