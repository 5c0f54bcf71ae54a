"""What a trusted colleague's laptop – outdated, buggy or stolen – may not do through a correctly signed bundle.

The signature proves *which key* sent a bundle; these guards decide what that key may claim. Every check runs
before the backup and the merge, and a violation refuses the whole bundle (nothing is written, exit 4), naming
the record and the reason.

Counters belong to their device (issue 17, item 3)
    A version vector entry {device: n} says "this version has seen that device's first n edits of the record".
    Only the device itself issues its counters, so:

    * an entry for *this* vault's device may not exceed the highest counter this vault has issued for that record
      (its row and open conflicts hold it: the row is always the version with this device's highest counter, and
      records are never removed, only made tombstones). A bundle claiming {receiver: 999} is a forgery – the
      finding "a bundle claiming B's own counter is accepted as if B had made the edit" – and is refused;
    * the sender advances its own counter freely: that is what its edits are;
    * a third device's entry may exceed what this vault has seen. That is how a relay looks (C's edit reaches us
      through A, because `export --since-peer` carries what A received) and a forgery of C's counter by A looks
      exactly the same: a version is signed by the sender of the bundle, not by every device in its vector, so no
      rule on counters alone can tell them apart without refusing honest relays. What *is* refused is the part
      that can be decided: the vector may not speak for this vault, and a device id can only be spoken for by
      the key it is bound to (below) – so A cannot pose as C, or as us, in the manifest.

    This vault's earlier device ids (a restore takes a new id) are third devices for this purpose: peers may
    rightly hold higher counters of them than the restored vault does.

A device id belongs to its key
    The first key that uses a device id is bound to it (`device_bindings`; this vault's own id is bound to its own
    key). Another key claiming a bound id is refused with `DeviceIdClaimed`, naming both, and nothing is stored –
    so the real owner's bundles keep working (`peers.check_sender` calls `check_device_claim`).
    A known key keeps the device id it used before (its peer record and its binding). Claiming another one – even
    an id never seen here, such as that of a colleague who has not yet sent this vault a bundle – is refused with
    `DeviceMoved` until the user confirms it (CLI --trust, GUI the trust question): a restore from a backup rightly
    gives the colleague's vault a new device id (`vaults.restore_from_backup`), and only a person can tell that
    from a colleague posing as another device. A confirmed move releases the key's old binding (`move_device`).
    A wrong binding is undone by hand with `peers.forget_device` (CLI `peers forget-device`), audit-logged.

Settled records stay settled (item 4), on import as in the GUI
    * a closed (or raised) case changes only together with an explicit event on it (`case_events`): a reopening
      (kind "reopen", who / when / why – `case_events.reopen_case`) or a correction on request (kind
      "correction", art. 16 – `erasure.correct_field`), which the import report shows; without one, neither the
      case row nor its sections may change;
    * an approved meeting's minutes change only by addenda (meeting_addenda): the meeting row, its minutes,
      agenda, participants and dispositions change only when the bundle withdraws the approval the way the GUI
      does (a "withdrawal" addendum with the reason); marking a disposition done stays allowed, as in the GUI;
    * a signed consent changes only by withdrawal (withdrawn_on / how / note, once) and by a scan replacing the
      reason why there was none.
    Deletions (tombstones) are not changes here: they are counted and confirmed (below), and erasure must travel.
    A change that only cuts text out with the erasure's marker "[slettet]" is allowed too: that is how an erasure
    removes a person's name from approved minutes.
    An incoming version kept only as a conflict copy leaves the settled row as it is and is not refused; resolving
    that conflict by hand is held to the same rule (`check_resolution`), so the user keeps the local version.

Deletions are visible and confirmed (item 2)
    The report counts deletions per record type. Deleting any case, meeting or consent needs a confirmation
    (`DeletionsToConfirm`, a `LargeChange`: the GUI asks, the CLI needs --yes), and the large-change guard also
    counts cases, meetings and consents each against their own total, so 34 of 34 cases deleted among 180 records
    is never "under 30 %".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sspdesk.bundles import EXIT_INVALID, BundleError, InvalidRecord, LargeChange
from sspdesk.bundles.merge import LARGE_CHANGE_MIN, LARGE_CHANGE_SHARE, Decision, MergePlan, PlanSummary, Version
from sspdesk.domain import version_vector as vvec
from sspdesk.domain.dates import stamp_text
from sspdesk.domain.deadline_events import RECORDED_EVENTS
from sspdesk.domain.errors import Invalid
from sspdesk.domain.record_names import TABLE_PLURALS, TABLE_SINGULARS, names_text
from sspdesk.duties.journal_rule import check_journal_text
from sspdesk.store import guards_repo, records, sync_repo
from sspdesk.store.dbapi import Connection

CONFIRM_TABLES = ("cases", "meetings", "consents")  # deleting any of these through a bundle needs a confirmation
SETTLED_CASE = ("closed", "raised")
MEETING_CHILDREN = ("minutes", "agenda_items", "meeting_participants", "dispositions")
DISPOSITION_FOLLOW_UP = frozenset({"status", "done_on"})  # may change after approval (set_disposition_done)
CONSENT_WITHDRAWAL = frozenset({"withdrawn_on", "withdrawal_how", "withdrawal_note"})
ERASED_MARK = "[slettet]"  # duties.erasure.REDACTED: what an erasure puts where a person's name or number stood
CASE_EVENTS = {"reopen": "genåbnet", "correction": "rettet"}  # case_events.kind -> what the report says


# -- errors -------------------------------------------------------------------------------------------------


class DeviceIdClaimed(BundleError):
    """A key claims a device id that is bound to another key (or is this vault's own)."""

    check = "device_id_claimed"
    exit_code = EXIT_INVALID

    def __init__(self, device_id: str, sender: str, owner: str) -> None:
        self.device_id, self.sender, self.owner = device_id, sender, owner
        super().__init__(
            f"Pakken er underskrevet af {sender}, men siger, den kommer fra enheden {device_id}, som tilhører "
            f"{owner}. En enhed kan kun tale for sig selv: pakken er afvist, og intet er gemt. Tal med afsenderen."
        )


class DeviceMoved(BundleError):
    """A known key claims a device id other than the one it used before: refused until the user confirms it."""

    check = "device_moved"
    exit_code = EXIT_INVALID

    def __init__(self, peer_name: str, fingerprint: str, old_device: str, new_device: str) -> None:
        self.peer_name, self.fingerprint = peer_name, fingerprint
        self.old_device, self.new_device = old_device, new_device
        self.explanation = (
            "Det sker med rette, når kollegaens datafil er gendannet fra en sikkerhedskopi – en gendannet datafil "
            "får et nyt enheds-id. Men det kan også være en computer, der udgiver sig for en anden kollegas enhed. "
            "Spørg kollegaen (fx pr. telefon), om datafilen er gendannet, og bekræft kun den nye enhed, hvis det "
            "passer. Derefter gælder den gamle enhed ikke længere for kollegaen."
        )
        super().__init__(
            f"Kollegaen «{peer_name}» ({fingerprint}) har hidtil sendt fra enheden {old_device}, men pakken siger "
            f"nu, at den kommer fra enheden {new_device}. {self.explanation} Pakken er afvist, og intet er gemt."
        )


class RefusedRecord(InvalidRecord):
    """A valid record this vault will not take from this bundle (a forged counter, a settled record changed)."""

    check = "refused_record"

    def __init__(self, index: int, table: str, record_id: str, reason: str) -> None:
        super().__init__(index, table, record_id, reason)
        what = TABLE_SINGULARS.get(table, table)
        self.message = f"Post nr. {index} ({what} {record_id}) er afvist: {reason} Hele pakken er afvist."
        self.args = (self.message,)


class ForgedCounter(RefusedRecord):
    check = "forged_counter"


class SettledRecordChanged(RefusedRecord):
    check = "settled_record"


class DeletionsToConfirm(LargeChange):
    """The bundle deletes cases, meetings or consents: the user must see what and confirm (GUI) or pass --yes."""

    check = "deletions"
    exit_code = EXIT_INVALID

    def __init__(self, deleted: dict[str, int], listed: list[str], changed: int, deleted_total: int, existing: int):
        super().__init__(changed, deleted_total, existing)
        self.deleted_per_table = deleted
        self.listed = listed
        shown = ", ".join(listed[:12]) + (f" og {len(listed) - 12} flere" if len(listed) > 12 else "")
        self.summary = (
            f"Importen vil slette {names_text(deleted)}. Sletninger skal bekræftes – bekræft importen, hvis det er "
            "meningen (der tages en sikkerhedskopi først)."
        )
        self.message = self.summary.replace(".", f": {shown}.", 1)
        self.args = (self.message,)


class LargeChangeOfType(LargeChange):
    """A large share of one record type (cases, meetings or consents) would change."""

    def __init__(self, types: dict[str, tuple[int, int]], changed: int, deleted: int, existing: int) -> None:
        super().__init__(changed, deleted, existing)
        parts = ", ".join(f"{n} af dine {total} {TABLE_PLURALS.get(t, t)}" for t, (n, total) in types.items())
        self.message = (
            f"Importen vil ændre eller slette {parts}. Det er usædvanligt mange; bekræft importen, hvis det er "
            "meningen (der tages en sikkerhedskopi først)."
        )
        self.args = (self.message,)


# -- pure rules ---------------------------------------------------------------------------------------------


def forged_own_counter(vv: Mapping[str, int], issued: int, own_device: str) -> int | None:
    """The counter a vector claims for this vault's device beyond what it issued (None: none claimed beyond)."""
    claimed = vv.get(own_device, 0)
    return claimed if claimed > issued else None


def only_cut_out(old: Any, new: Any) -> bool:
    """True when `new` is `old` with some spans replaced by the erasure's mark (or equal to it)."""
    if old == new:
        return True
    if not isinstance(old, str) or not isinstance(new, str) or ERASED_MARK not in new:
        return False
    pattern = ".+?".join(re.escape(part) for part in new.split(ERASED_MARK))
    return re.fullmatch(pattern, old, re.S) is not None


def changed_columns(old: Mapping[str, Any], new: Mapping[str, Any]) -> set[str]:
    """Data columns whose value differs, an erasure's cutting-out of text not counted."""
    return {c for c in new if c in old and not only_cut_out(old[c], new[c])}


def consent_change_allowed(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """A signed consent: only its withdrawal (once), and a scan replacing the reason there was none."""
    changed = changed_columns(old, new)
    if changed & CONSENT_WITHDRAWAL and old.get("withdrawn_on"):
        return False
    if "no_scan_reason" in changed and new.get("no_scan_reason"):
        return False
    return changed <= CONSENT_WITHDRAWAL | {"no_scan_reason"}


# -- counters -----------------------------------------------------------------------------------------------


def _issued(conn: Connection, table: str, record_id: str, device_id: str) -> int:
    row = sync_repo.get_version(conn, table, record_id)
    best = vvec.loads(row["vv"]).get(device_id, 0) if row else 0
    for conflict in sync_repo.open_conflicts(conn, table, record_id):
        best = max(best, vvec.loads(conflict["incoming_vv"]).get(device_id, 0))
    return best


def check_counters(conn: Connection, own_device: str, versions: Sequence[Version]) -> None:
    """Refuse a version whose vector claims more edits by this vault's device than it made (see the docstring)."""
    for index, version in enumerate(versions, 1):
        check_counter(conn, own_device, index, version)


def check_counter(conn: Connection, own_device: str, index: int, version: Version) -> None:
    """The same for one version, number `index` in its bundle."""
    if version.vv.get(own_device, 0) == 0:
        return  # the common case, no query
    issued = _issued(conn, version.table, version.id, own_device)
    claimed = forged_own_counter(version.vv, issued, own_device)
    if claimed is not None:
        raise ForgedCounter(
            index,
            version.table,
            version.id,
            f"versionsvektoren siger, at denne enhed ({own_device}) har lavet {claimed} ændringer af posten, "
            f"men den har kun lavet {issued}. Kun enheden selv tæller sine ændringer.",
        )


# -- identity -----------------------------------------------------------------------------------------------


def check_device_claim(
    conn: Connection, device_id: str, fingerprint: str, sender: str, own_device: str, own_fingerprint: str
) -> None:
    """Refuse (DeviceIdClaimed) when `device_id` is this vault's or bound to a key other than `fingerprint`."""
    owner_fp = own_fingerprint if device_id == own_device else guards_repo.bound_fingerprint(conn, device_id)
    if owner_fp is None or owner_fp == fingerprint:
        return
    if owner_fp == own_fingerprint:
        owner = f"denne datafil (din egen enhed, {owner_fp})"
    else:
        peer = sync_repo.find_peer(conn, "fingerprint", owner_fp)
        owner = f"«{peer['name']}» ({owner_fp})" if peer else f"en anden nøgle ({owner_fp})"
    raise DeviceIdClaimed(device_id, f"«{sender or 'uden navn'}» ({fingerprint})", owner)


def bind_devices(conn: Connection, pairs: Iterable[tuple[str, str]]) -> None:
    """Remember (device id, fingerprint) pairs; a first binding stays. Call inside the import transaction."""
    for device_id, fingerprint in pairs:
        if device_id:
            guards_repo.bind(conn, device_id, fingerprint)


def device_move(conn: Connection, fingerprint: str, known_device: str, device_id: str) -> str | None:
    """The device id a known key used before, when it now claims another one (None: no move).

    `known_device` is the peer record's; the key's bindings count too. A key never seen with any id (a colleague
    added by hand who has not sent a bundle yet) binds its first id without a question."""
    before = {d for d in [known_device, *guards_repo.bound_devices(conn, fingerprint)] if d}
    if not before or device_id in before:
        return None
    return known_device or sorted(before)[0]


def move_device(conn: Connection, fingerprint: str, device_id: str) -> list[str]:
    """A confirmed move: bind `device_id` to the key and release the key's other bindings (returned)."""
    released = [d for d in guards_repo.bound_devices(conn, fingerprint) if d != device_id]
    for old in released:
        guards_repo.release(conn, old)
    guards_repo.bind(conn, device_id, fingerprint)
    return released


# -- settled records ----------------------------------------------------------------------------------------


def _live(conn: Connection, table: str, record_id: Any) -> dict[str, Any] | None:
    if not isinstance(record_id, str) or not record_id:
        return None
    row = sync_repo.get_version(conn, table, record_id)
    return row if row is not None and not row["deleted"] else None


def settling_event(decision: Decision) -> tuple[str, str] | None:
    """("events", case id) for a new reopening or correction, ("withdrawn", meeting id) for a new withdrawal of an
    approval – the events that let a bundle change a settled record (collected over the whole bundle first)."""
    v = decision.incoming
    if decision.outcome != "added" or v.deleted:
        return None
    if v.table == "case_events" and v.data.get("kind") in CASE_EVENTS:
        return "events", str(v.data.get("case_id", ""))
    if v.table == "meeting_addenda" and v.data.get("kind") == "withdrawal":
        return "withdrawn", str(v.data.get("meeting_id", ""))
    return None


def concurrent_closing(decision: Decision) -> str | None:
    """The id of a case the bundle closes without knowledge of this laptop's version of it (a conflict whose
    incoming version is closed too): two colleagues closed it each on their own, and the colleague's closing note
    may join the case closed here (`_settled_refusal`). Refused, it stopped every later bundle between the two –
    an erasure in them included."""
    v = decision.incoming
    closed = v.data.get("status") in SETTLED_CASE
    if v.table == "cases" and decision.outcome == "conflicts" and not v.deleted and closed:
        return v.id
    return None


def settled_context(decisions: Iterable[Decision]) -> dict[str, set[str]]:
    ctx: dict[str, set[str]] = {"events": set(), "withdrawn": set(), "closings": set()}
    for decision in decisions:
        event = settling_event(decision)
        if event is not None:
            ctx[event[0]].add(event[1])
        closing = concurrent_closing(decision)
        if closing is not None:
            ctx["closings"].add(closing)
    return ctx


def _settled_refusal(conn: Connection, new: Version | None, ctx: dict[str, set[str]]) -> str | None:
    """Why this version may not become the row (None: it may)."""
    if new is None or new.deleted:
        return None  # nothing written, or a deletion: counted and confirmed, not a change of content
    table, data = new.table, new.data
    local = sync_repo.get_version(conn, table, new.id)
    live = local is not None and not local["deleted"]
    old = {k: v for k, v in local.items() if k not in records.SYNC_MARKER_COLUMNS} if local is not None else {}
    unchanged = live and not changed_columns(old, data)
    if table == "cases":
        if not live or local is None or local["status"] not in SETTLED_CASE or new.id in ctx["events"] or unchanged:
            return None
        return f"sagen {local['number']} er lukket og ændres kun, når kollegaen genåbner den (med begrundelse)."
    if table == "case_sections":
        case = _live(conn, "cases", data.get("case_id") or old.get("case_id"))
        if case is None or case["status"] not in SETTLED_CASE or case["id"] in ctx["events"] or unchanged:
            return None
        if not live and data.get("section") == "closing" and case["id"] in ctx["closings"]:
            return None  # a new closing note of a closing made without knowledge of ours: both notes are kept
        return f"sagen {case['number']} er lukket; dens skema ændres kun, når kollegaen genåbner den."
    locked = (
        "referatet til mødet {} er godkendt og låst; det ændres kun ved tillæg, eller når godkendelsen trækkes "
        "tilbage med en begrundelse."
    )
    if table == "meetings":
        if not live or local is None or local["status"] != "approved" or new.id in ctx["withdrawn"] or unchanged:
            return None
        return locked.format(local["number"])
    if table in MEETING_CHILDREN:
        meeting = _live(conn, "meetings", data.get("meeting_id") or old.get("meeting_id"))
        if meeting is None or meeting["status"] != "approved" or meeting["id"] in ctx["withdrawn"] or unchanged:
            return None
        if live and table == "dispositions" and changed_columns(old, data) <= DISPOSITION_FOLLOW_UP:
            return None
        return locked.format(meeting["number"])
    if table == "consents":
        if not live or local is None or not local["signed_on"] or consent_change_allowed(old, data):
            return None
        return f"samtykket {local['reference']} er underskrevet; det ændres kun ved en tilbagekaldelse."
    return None


CaseKind = Callable[[str], str]  # case id -> "journal", "sag" or "" – the vault as it will be after the bundle


def check_settled(conn: Connection, plan: MergePlan, versions: Sequence[Version]) -> None:
    """Refuse the bundle (SettledRecordChanged) if it changes a settled record other than the allowed ways."""
    ctx = settled_context(plan.decisions)
    incoming = {d.incoming.id: d.incoming for d in plan.decisions if d.incoming.table == "cases"}

    def case_kind(case_id: str) -> str:
        case = incoming.get(case_id)
        row = case.data if case is not None and not case.deleted else _live(conn, "cases", case_id)
        return str(row.get("kind", "")) if row is not None else ""

    for index, decision in enumerate(plan.decisions, 1):
        check_settled_decision(conn, decision, ctx, case_kind, index)


def check_settled_decision(
    conn: Connection, decision: Decision, ctx: dict[str, set[str]], case_kind: CaseKind, index: int
) -> None:
    """The settled-record rule for one decision, number `index` in its bundle (`ctx`: `settled_context`)."""
    v = decision.incoming
    if v.table == "case_events" and not v.deleted:
        _check_case_event(conn, v, case_kind, index)
    reason = _settled_refusal(conn, decision.new_row, ctx)
    if reason is not None:
        raise SettledRecordChanged(index, v.table, v.id, reason)


def check_resolution(conn: Connection, table: str, record_id: str, data: Mapping[str, Any], deleted: bool) -> None:
    """The same rule for resolving a conflict by hand (`bundles.conflicts.resolve_conflict`): the chosen or merged
    version may not change a settled row other than the allowed ways. Raises Invalid with the same reason.

    The events that allow a change are those stored after the settled row was last written here: a colleague's
    reopening or withdrawal that arrived with the conflict, which the local row has not followed."""
    ctx = {
        "closings": set(),
        "events": guards_repo.parents_with_later_events(conn, "case_events", "cases", "case_id", tuple(CASE_EVENTS)),
        "withdrawn": guards_repo.parents_with_later_events(
            conn, "meeting_addenda", "meetings", "meeting_id", ("withdrawal",)
        ),
    }
    reason = _settled_refusal(conn, Version(table, record_id, {}, "", deleted, dict(data)), ctx)
    if reason is not None:
        way_out = _UNLOCK.get("meetings" if table in MEETING_CHILDREN else table, "")
        raise Invalid(f"Konflikten kan ikke løses sådan: {reason[0].upper()}{reason[1:]} Behold din version{way_out}.")


_UNLOCK = {  # how the user may unlock a settled record before choosing the other version
    "cases": " (eller genåbn sagen først med «Genåbn sag…»)",
    "case_sections": " (eller genåbn sagen først med «Genåbn sag…»)",
    "meetings": " (eller træk godkendelsen af referatet tilbage først)",
}


def _check_case_event(conn: Connection, event: Version, case_kind: CaseKind, index: int) -> None:
    """An event on a case (a reopening, a correction, a recorded home visit or talk): a known kind, and on a
    DKE-Journal a reason that obeys the journal rule. Only a reopening or a correction lets a settled case change."""
    if event.data.get("kind") not in CASE_EVENTS and event.data.get("kind") not in RECORDED_EVENTS:
        raise InvalidRecord(index, event.table, event.id, "hændelsen på sagen er af en ukendt type.")
    if case_kind(str(event.data.get("case_id", ""))) == "journal":
        try:
            check_journal_text(conn, {"reason": str(event.data.get("reason", ""))}, {"reason": "Begrundelse"})
        except Invalid as exc:
            raise InvalidRecord(index, event.table, event.id, str(exc)) from None


Number = Callable[[str, Any], str]  # (table, record id) -> its number, after the bundle


def events_text(conn: Connection, plan: MergePlan) -> list[str]:
    """Reopenings of cases and withdrawn approvals that the bundle brings, for the import report (Danish)."""

    def number(table: str, record_id: Any) -> str:
        row = sync_repo.get_version(conn, table, record_id) if isinstance(record_id, str) and record_id else None
        if row is not None and row.get("number"):
            return str(row["number"])
        found = next(
            (d.incoming for d in plan.decisions if (d.incoming.table, d.incoming.id) == (table, record_id)), None
        )
        return str(found.data.get("number", "")) if found is not None else "?"

    return [line for d in plan.decisions if (line := event_line(d, number))]


def event_line(d: Decision, number: Number) -> str:
    """The report's line for a reopening, a correction or a withdrawn approval the bundle adds ('' for others)."""
    v = d.incoming
    if settling_event(d) is None:
        return ""
    when = stamp_text(str(v.data.get("created_at", ""))) if v.data.get("created_at") else ""
    who = str(v.data.get("author") or "en kollega")
    why = str(v.data.get("reason") if v.table == "case_events" else v.data.get("text", "")).strip()
    if v.table == "case_events":
        case_number = number("cases", v.data.get("case_id"))
        return f"Sagen {case_number} er {CASE_EVENTS[str(v.data['kind'])]} af {who} {when}. Begrundelse: {why}"
    meeting_number = number("meetings", v.data.get("meeting_id"))
    return (
        f"Godkendelsen af referatet til mødet {meeting_number} er trukket tilbage af {who} {when}. Begrundelse: {why}"
    )


# -- deletions and large changes ----------------------------------------------------------------------------


def deleted_per_table(plan: MergePlan) -> dict[str, int]:
    """How many live records of each type the bundle deletes (tombstones replacing live rows)."""
    return dict(plan.summary().deleted)


_LABEL_COLUMNS = {"cases": ("Sag", "number"), "meetings": ("Møde", "number"), "consents": ("Samtykke", "reference")}


def deletion_label(conn: Connection, d: Decision) -> str | None:
    """'Sag S-2026-0003', 'Møde M-2026-0001', … when the decision deletes a case, meeting or consent (before the
    merge: the label is read from the row the tombstone replaces)."""
    if not d.deletes_live or d.incoming.table not in _LABEL_COLUMNS:
        return None
    word, column = _LABEL_COLUMNS[d.incoming.table]
    row = sync_repo.get_version(conn, d.incoming.table, d.incoming.id)
    return f"{word} {row[column] if row else d.incoming.id}"


def deleted_records(conn: Connection, plan: MergePlan) -> list[str]:
    """The labels of every case, meeting and consent the plan deletes."""
    return [label for d in plan.decisions if (label := deletion_label(conn, d))]


def confirmation_needed(conn: Connection, summary: PlanSummary, deleted_labels: list[str]) -> LargeChange | None:
    """What the user must confirm before a plan with this summary is applied (None: nothing)."""
    deleted = {t: n for t, n in summary.deleted.items() if t in CONFIRM_TABLES}
    if deleted:
        return DeletionsToConfirm(
            deleted, deleted_labels, summary.changed_live, summary.deleted_live, summary.existing_live
        )
    affected = summary.replaced
    large = {}
    for table in CONFIRM_TABLES:
        total = guards_repo.live_count(conn, table) if affected[table] else 0
        if affected[table] >= LARGE_CHANGE_MIN and affected[table] > LARGE_CHANGE_SHARE * total:
            large[table] = (affected[table], total)
    if large:
        return LargeChangeOfType(large, summary.changed_live, summary.deleted_live, summary.existing_live)
    if summary.is_large:
        return LargeChange(summary.changed_live, summary.deleted_live, summary.existing_live)
    return None
