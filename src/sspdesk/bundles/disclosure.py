"""Every bundle is a disclosure (issue 15): which DKE-Sager a bundle may carry to its recipients, and the exchanges
it records at both ends.

A bundle is an exchange of information like any other. For every live DKE-Sag a bundle would carry, each recipient
that can open it needs a basis (`sspdesk.legal_basis`, the one copy of the rules):

* a consent in force that day that covers the case, names the recipient (by name, authority or party type) and
  covers every information category the *whole* case carries (`case_categories`), or
* Retsplejelovens § 115 where the recipient is an SSP partner – with the necessity test and § 115's condition
  confirmed by the exporter (`Confirmation`).

A case without a basis for every recipient is **left out**, with why (`CaseDecision.reasons`), together with every
row that belongs only to it (`strip_left_out`): its sections, deadlines, agenda items and their minutes and
dispositions, exchanges, information-duty entries, group memberships, the consents that cover only left-out cases
and their scans. A meeting bundle so carries the meeting with the items of the cases its recipient may receive; the
items of a left-out case are left out whole (not emptied: a changed copy of a row would be a new version that
conflicts with the real one). DKE-Journals carry no person data and need no basis; a deleted (erased) sag travels
as the emptied tombstone that makes the colleague delete it too.

Recipients: a colleague in the peers list is the recipient its authority and party type say (a peer without them
gets no DKE-Sag); a passphrase bundle or an age key that is no colleague's must be given a recipient by the
exporter (`RecipientRequired` otherwise). Each case sent gets one "sent" exchange per recipient, with the bundle id,
in the export's own transaction (`record_sent`), so the row travels in the bundle; the importing vault records a
"received" exchange on each DKE-Sag the bundle brought (`sspdesk.bundles.received`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sspdesk import legal_basis
from sspdesk.bundles import EXIT_INVALID, BundleError
from sspdesk.bundles.peers import Peer
from sspdesk.domain.disclosure import NECESSITY, NOT_INVESTIGATION, SENSITIVE_TICK, Recipient
from sspdesk.domain.errors import Invalid
from sspdesk.store import sync_repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault

STATUTE = "Retsplejelovens § 115"  # the statutory basis a bundle between SSP partners rests on
SENT_WHAT = "DKE-Sag sendt i krypteret pakke (sspdesk)"

# -- what a whole DKE-Sag carries ---------------------------------------------------------------------------------
#
# Keys of the profile's information categories (profiles.DEFAULT_CATEGORIES; København adds omgangskreds and
# holdninger). A bundle carries the whole case – every version of every section – so the categories are those of
# every field that is filled in any live version:
#
# * the case itself (name, CPR-nr., Sagens genstand, klassifikation) tells that this person is an SSP case for
#   crime or the risk of it (Albertslund II "Kriminel adfærd …", København 2 "… førstegangskriminalitet"):
#   GDPR art. 10, category `strafbare_forhold`, on every DKE-Sag. So a consent must name "Strafbare forhold" for a
#   DKE-Sag to travel on it, and § 115 always needs the sharpened test for sensitive information;
# * Bilag 4 (Status, Indsatsforløb, Opfølgning): Familie -> familie, Skole/uddannelse/job -> skole, Fritid/klub ->
#   fritid, Foranstaltninger -> sociale_foranstaltninger; the header fields (dato, ansvarlig myndighed,
#   koordinator, kontaktperson, beslutning) are case administration and carry no category of their own;
# * Sagsforløb: Sociale foranstaltninger, Sundhedsoplysninger (art. 9) as named; tilknytning til omsorgsgiver ->
#   familie; tilknytning til netværk -> omgangskreds (else fritid); modtagelighed (kognitive egenskaber) ->
#   psykisk_saarbarhed (else sundhed); the concern, assessment and plan fields (sagsoplæg, forundersøgelse, risiko,
#   behov, mål, revurdering, efterværn, dates, approvals) describe the crime-prevention case: strafbare_forhold;
# * Fokusområder (København): each area by its name – kriminalitetshistorik -> strafbare_forhold, beskæftigelse og
#   uddannelse -> skole, the others (familie, fritid, omgangskreds, misbrug, holdninger, psykisk sårbarhed) to the
#   category of the same name. An area no category matches stays its own key, which no consent covers and the
#   exchange check refuses: such a case is left out rather than sent on a guess;
# * "Andet", the closing note, minutes and the case's meeting texts are free text the program cannot classify:
#   they add no category (the journal rule and the minimisation checks watch what is written there);
# * scans are the signed Bilag 6 of the case's consents: the names and CPR-numbers already in the case and the
#   consent's own scope – no category of their own.
CASE_CATEGORY = "strafbare_forhold"
FIELD_CATEGORIES: dict[str, tuple[str, ...]] = {
    "familie": ("familie",),
    "skole": ("skole",),
    "fritid": ("fritid",),
    "foranstaltninger": ("sociale_foranstaltninger",),
    "sociale_foranstaltninger": ("sociale_foranstaltninger",),
    "sundhed": ("sundhed",),
    "tilknytning_omsorg": ("familie",),
    "tilknytning_netvaerk": ("omgangskreds", "fritid"),
    "modtagelighed": ("psykisk_saarbarhed", "sundhed"),
}
FOCUS_CATEGORIES = {"kriminalitetshistorik": "strafbare_forhold", "beskaeftigelse_og_uddannelse": "skole"}
FOCUS_SUFFIXES = ("_risiko", "_beskyttende")


def _field_categories(section: str, key: str, known: Sequence[str]) -> list[str]:
    if section == "focus":
        area = next((key[: -len(s)] for s in FOCUS_SUFFIXES if key.endswith(s)), key)
        return [FOCUS_CATEGORIES.get(area, area)]
    choices = FIELD_CATEGORIES.get(key, ())
    chosen = next((c for c in choices if c in known), choices[0] if choices else None)
    return [chosen] if chosen else []


def case_categories(vault: Vault, case_id: str) -> tuple[str, ...]:
    """The information categories a whole DKE-Sag carries (see the table above), in the profile's order."""
    known = [c.key for c in legal_basis.info_categories(vault)]
    found = {CASE_CATEGORY}
    for row in sync_repo.rows_referencing(vault.conn, "case_sections", "case_id", [case_id]):
        if row["deleted"]:
            continue
        try:
            fields = json.loads(row["fields"] or "{}")
        except ValueError:
            continue
        for key, value in fields.items():
            if isinstance(value, str) and value.strip():
                found.update(_field_categories(str(row["section"]), key, known))
    return tuple(sorted(found, key=lambda k: (known.index(k) if k in known else len(known), k)))


# -- who receives, and what the exporter confirmed -----------------------------------------------------------------


@dataclass(frozen=True)
class Confirmation:
    """What the exporter confirms for a statutory basis: the necessity test (the keys of disclosure.NECESSITY, and
    SENSITIVE_TICK for sensitive information) and § 115's condition (not for a criminal investigation)."""

    necessity: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()

    @classmethod
    def everything(cls) -> Confirmation:
        """The CLI's --confirm-necessity: all three questions, the sharpened test and § 115's condition."""
        return cls((*NECESSITY, SENSITIVE_TICK), (NOT_INVESTIGATION.key,))


NOTHING_CONFIRMED = Confirmation()


@dataclass(frozen=True)
class Target:
    """One who can open the bundle: a colleague (peer) or the recipient the exporter named for a passphrase or an
    unknown age key. `recipient` None = not given; `missing` says why no DKE-Sag can go to this target."""

    key: str  # the age recipient, or "passphrase"
    recipient: Recipient | None
    peer_name: str = ""
    missing: str = ""

    @property
    def text(self) -> str:
        if self.peer_name:
            return self.peer_name
        return self.recipient.text() if self.recipient else "ukendt modtager"


def peer_target(peer: Peer) -> Target:
    missing = ""
    if peer.missing:
        missing = (
            f"kollegaen «{peer.name}» har ingen {peer.missing} i kollegalisten, så der er ingen hjemmel at prøve "
            "(angiv dem under Udveksling › Kolleger eller med `peers edit`)"
        )
    return Target(peer.recipient, peer.recipient_record, peer.name, missing)


def given_target(key: str, recipient: Recipient | None) -> Target:
    """A passphrase bundle or an age key that is no colleague's: the recipient the exporter named (all three parts)."""
    if recipient is None or not any((recipient.name, recipient.authority, recipient.party_type)):
        return Target(key, None)
    parts = (("navn", recipient.name), ("myndighed", recipient.authority), ("modtagertype", recipient.party_type))
    lacking = [text for text, value in parts if not value.strip()]
    missing = f"modtageren mangler {' og '.join(lacking)}" if lacking else ""
    return Target(key, recipient, "", missing)


class RecipientRequired(BundleError):
    """A passphrase bundle (or an unknown age key) would carry a DKE-Sag, and the exporter named no recipient."""

    check = "recipient_required"
    exit_code = EXIT_INVALID
    message = (
        "Pakken indeholder DKE-Sager, men modtageren er ukendt (adgangskode eller en nøgle, der ikke er en kollegas). "
        "Angiv modtagerens navn, myndighed og modtagertype, så hjemlen kan prøves. Intet er gemt."
    )


class NothingToSend(BundleError):
    """Every case was left out and nothing else is in the bundle: no file is written."""

    check = "nothing_to_send"
    exit_code = EXIT_INVALID

    def __init__(self, plan: DisclosurePlan) -> None:
        self.plan = plan
        why = "; ".join(f"{d.number}: {d.why}" for d in plan.left_out)
        super().__init__(f"Ingen sager kan sendes til modtageren – der er ikke hjemmel. Ingen pakke er skrevet. {why}")


# -- the decision per case -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sending:
    """One exchange a sent case records: the request as checked, for one target."""

    target: Target
    request: legal_basis.ExchangeRequest
    label: str  # the basis in Danish


@dataclass(frozen=True)
class CaseDecision:
    case_id: str
    number: str
    categories: tuple[str, ...]
    sendings: tuple[Sending, ...] = ()
    reasons: tuple[str, ...] = ()  # empty = sent

    @property
    def sent(self) -> bool:
        return not self.reasons

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)

    @property
    def basis_text(self) -> str:
        return "; ".join(dict.fromkeys(s.label for s in self.sendings))

    def to_json(self) -> dict[str, Any]:
        if self.sent:
            return {
                "case": self.number,
                "basis": self.basis_text,
                "recipients": [s.target.text for s in self.sendings],
                "categories": list(self.categories),
            }
        return {"case": self.number, "why": self.why}


@dataclass(frozen=True)
class DisclosurePlan:
    decisions: tuple[CaseDecision, ...] = ()
    targets: tuple[Target, ...] = field(default=())

    @property
    def sent(self) -> list[CaseDecision]:
        return [d for d in self.decisions if d.sent]

    @property
    def left_out(self) -> list[CaseDecision]:
        return [d for d in self.decisions if not d.sent]

    @property
    def left_out_ids(self) -> frozenset[str]:
        return frozenset(d.case_id for d in self.left_out)

    def summary(self) -> str:
        """Danish lines: the cases sent with their basis, the cases left out with why."""
        lines = [f"Sendes: {d.number} – {d.basis_text}" for d in self.sent]
        lines += [f"Udeladt: {d.number} – {d.why}" for d in self.left_out]
        return "\n".join(lines)


def _invalid_text(error: Invalid) -> str:
    return error.message.rstrip(".")


def _choose(
    vault: Vault, case_id: str, recipient: Recipient, categories: tuple[str, ...], on: date, confirmation: Confirmation
) -> tuple[legal_basis.ExchangeRequest | None, str, list[str]]:
    """(the request, its label, []) on a basis, else (None, '', why not). A consent first, then § 115."""
    base = legal_basis.ExchangeRequest(case_id, recipient, categories, "", on, what=SENT_WHAT, bundle_id="")
    options = legal_basis.basis_options(vault, case_id, recipient, categories, on)
    reasons: list[str] = []
    consents = [o for o in options if o.consent is not None]
    for option in consents:
        if option.refusals:
            reasons.append(f"{option.label}: {'; '.join(option.refusals)}")
            continue
        request = _with(base, basis=option.basis)
        try:
            return request, legal_basis.check_exchange(vault, request, today=on).label, []
        except Invalid as error:
            reasons.append(_invalid_text(error))
    if not consents:
        reasons.append("intet samtykke dækker sagen")
    statute = next((o for o in options if o.statutory is not None and o.statutory.label == STATUTE), None)
    if statute is None:
        party = next((p.label for p in legal_basis.party_types(vault) if p.key == recipient.party_type), "modtageren")
        reasons.append(f"{STATUTE} gælder kun mellem parterne i SSP-samarbejdet, og {party} er ikke en SSP-partner")
        return None, "", reasons
    sensitive = {c.key for c in legal_basis.info_categories(vault) if c.sensitive}
    ticks = tuple(t for t in confirmation.necessity if t != SENSITIVE_TICK or sensitive & set(categories))
    request = _with(base, basis=statute.basis, necessity=ticks, conditions=confirmation.conditions)
    try:
        return request, legal_basis.check_exchange(vault, request, today=on).label, []
    except Invalid as error:
        reasons.append(_invalid_text(error))
    return None, "", reasons


def _with(request: legal_basis.ExchangeRequest, **changes: Any) -> legal_basis.ExchangeRequest:
    return replace(request, **changes)


def live_sager(conn: Connection, case_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The live DKE-Sager among `case_ids` (rows, in number order): the cases that need a basis."""
    rows = sync_repo.rows_by_ids(conn, "cases", set(case_ids))
    return sorted((r for r in rows if r["kind"] == "sag" and not r["deleted"]), key=lambda r: r["number"])


def decide(
    vault: Vault, case_ids: Iterable[str], targets: Sequence[Target], confirmation: Confirmation, on: date
) -> DisclosurePlan:
    """Decide, for each live DKE-Sag among `case_ids`, whether every target has a basis. Raises RecipientRequired
    when a target has no recipient and there is a DKE-Sag to decide on. Stores nothing."""
    sager = live_sager(vault.conn, case_ids)
    if sager and any(t.recipient is None for t in targets):
        raise RecipientRequired()
    decisions = []
    for row in sager:
        categories = case_categories(vault, row["id"])
        sendings: list[Sending] = []
        reasons: list[str] = []
        for target in targets:
            if target.missing or target.recipient is None:
                reasons.append(f"Til {target.text}: {target.missing}")
                continue
            request, label, why = _choose(vault, row["id"], target.recipient, categories, on, confirmation)
            if request is None:
                reasons.append(f"Ingen hjemmel til {target.text}: " + "; ".join(why))
            else:
                sendings.append(Sending(target, request, label))
        if reasons:
            decisions.append(CaseDecision(row["id"], row["number"], categories, (), tuple(reasons)))
        else:
            decisions.append(CaseDecision(row["id"], row["number"], categories, tuple(sendings)))
    return DisclosurePlan(tuple(decisions), tuple(targets))


def record_sent(vault: Vault, plan: DisclosurePlan, bundle_id: str, only: Collection[str] | None = None) -> int:
    """Record a "sent" exchange (with the bundle id) per case sent and target – of the cases in `only` when given
    (those whose own rows travel). Call it inside the export's transaction: if the bundle is not written, the
    exchanges are rolled back with it."""
    count = 0
    for decision in plan.sent:
        if only is not None and decision.case_id not in only:
            continue
        for sending in decision.sendings:
            legal_basis.record_exchange(vault, _with(sending.request, bundle_id=bundle_id), today=sending.request.on)
            count += 1
    return count


# -- leaving out the rows of a left-out case -----------------------------------------------------------------------


def _owners(conn: Connection, table: str, row: Mapping[str, Any], items: dict[str, str]) -> set[str]:
    """The cases a row belongs to: itself for a case, its case_id / case_ids, its consent's cases, its agenda
    item's case (minutes, dispositions). `items` caches agenda item -> case."""
    if table == "cases":
        return {str(row["id"])}
    owners: set[str] = set()
    if row.get("case_id"):
        owners.add(str(row["case_id"]))
    if row.get("case_ids"):
        with contextlib.suppress(TypeError, ValueError):
            owners.update(str(i) for i in json.loads(row["case_ids"]))
    if row.get("consent_id"):
        consent = sync_repo.get_version(conn, "consents", str(row["consent_id"]))
        if consent is not None:
            owners |= _owners(conn, "consents", consent, items)
    item_id = row.get("item_id")
    if item_id and table != "agenda_items":
        if item_id not in items:
            item = sync_repo.get_version(conn, "agenda_items", str(item_id))
            items[item_id] = str(item["case_id"]) if item else ""
        if items[item_id]:
            owners.add(items[item_id])
    return owners


def cases_in(conn: Connection, rows: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> set[str]:
    """Every case a bundle's rows belong to (by table: {id: row})."""
    items: dict[str, str] = {}
    found: set[str] = set()
    for table, table_rows in rows.items():
        for row in table_rows.values():
            found |= _owners(conn, table, row, items)
    return found


def strip_left_out(
    conn: Connection, rows: dict[str, dict[str, dict[str, Any]]], left_out: frozenset[str]
) -> list[dict[str, Any]]:
    """Remove (in place) every row that belongs only to left-out cases; return the removed rows."""
    if not left_out:
        return []
    items: dict[str, str] = {}
    removed = []
    for table, table_rows in rows.items():
        for row_id, row in list(table_rows.items()):
            owners = _owners(conn, table, row, items)
            if owners and owners <= left_out:
                removed.append(table_rows.pop(row_id))
    return removed
