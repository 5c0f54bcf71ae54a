"""The journal rule on a bundle: every text that will belong to a DKE-Journal after the import obeys it.

The import would otherwise be the one way into a journal that nobody checks. The predicate is the one the services
use (`sspdesk.duties.minimisation.journal_text_findings`, through `check_journal_fields`), with the vault's rules
built once per import (`journal_rule.rules_for`) and widened by the bundle: the names of persons on incoming sager
are registered names, and incoming allowed phrases are allowed.

Whether a record belongs to a journal is decided on the vault as it will be after the bundle (`AfterBundle`): the
rows the merge plan writes over the stored ones, plus every incoming version that stays as an open conflict (it may
still be chosen). So a bundle that brings a journal together with its section is checked, and so is a section
for a journal that is already here. What belongs to a journal – as the services decide it:

* its header (subject, area, forum, coordinator), its sections, its deadlines and its underretninger;
* an agenda item about a journal, or about a group with a journal member among its live members
  (`dispositions.journal_rule`): the item's title and reason, its minutes and its dispositions;
* an addendum to a meeting whose live items include one under the journal rule and none about a DKE-Sag
  (`meetings.add_addendum`);
* a group with a journal member: its designation and area and its sections; a bundle that makes a journal a member
  has the group's current sections checked, as `groups.add_member` does.

Only the versions the bundle brings are checked (a journal's history already in the vault is not re-judged), and
only live ones (a tombstone removes text, it adds none). An allowed phrase that holds a CPR number or a registered
name is refused, as `journal_rule.allow_phrase` refuses it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sspdesk.bundles.format import UUID_PATTERN
from sspdesk.bundles.merge import Decision, Version
from sspdesk.domain.forms import KIND_LABELS, SECTION_NAMES, field_label
from sspdesk.domain.groups import SECTION_TITLES as GROUP_SECTION_TITLES
from sspdesk.domain.groups import SECTIONS as GROUP_SECTIONS
from sspdesk.domain.meetings import MINUTES_LABELS
from sspdesk.duties.journal_rule import GROUP_RULE, rules_for
from sspdesk.duties.minimisation import JournalRules, PersonDataInJournal, check_journal_fields, journal_text_findings
from sspdesk.store import sync_repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.scratch import KeyedRows, Scratch

JOURNAL_RULE = "En DKE-Journal må ikke indeholde personhenførbare oplysninger."
_GROUP_RULE = "Gruppen har medlemmer fra DKE-Journaler, så dens tekst må ikke indeholde personhenførbare oplysninger."

CASE_LABELS = {"subject": "Sagens genstand", "area": "Område", "forum": "Mødeforum", "coordinator": "Koordinator"}
DEADLINE_LABELS = {"label": "Frist"}
UNDERRETNING_LABELS = {"authority": "Sendt til", "made_by": "Underretning ved"}
ITEM_LABELS = {"title": "Punktets titel", "reason": "Begrundelse"}
DISPOSITION_LABELS = {"owner": "Hvem", "what": "Hvad"}
ADDENDUM_LABELS = {"text": "Tillæg"}
GROUP_LABELS = {"name": "Betegnelse", "area": "Område"}
GROUP_FIELD_LABELS = {f.key: f.label for fields in GROUP_SECTIONS.values() for f in fields}
_UUID = re.compile(UUID_PATTERN)


@dataclass(frozen=True)
class JournalRefusal:
    """The first text of the bundle that breaks the journal rule: which version, and the Danish reason."""

    version: Version
    reason: str


class _Refused(Exception):
    def __init__(self, refusal: JournalRefusal) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal


# The record types AfterBundle answers for, and the columns it reads of them (None: all – a group's sections are
# checked in full when the group gets a journal member).
STRUCTURE: dict[str, tuple[str, ...] | None] = {
    "cases": ("kind", "number"),
    "agenda_items": ("case_id", "group_id", "meeting_id"),
    "meetings": ("number",),
    "concern_groups": ("number",),
    "group_members": ("group_id", "case_id"),
    "group_sections": None,
}
_NO_VECTOR: dict[str, int] = {}
# Answers AfterBundle keeps (records, groups): a case's records come together, and the cache stays small whatever
# the bundle holds.
CACHE = 256


def _trimmed(version: Version) -> Version:
    columns = STRUCTURE.get(version.table)
    if columns is None:
        return version
    data = {c: version.data[c] for c in columns if c in version.data}
    return Version(version.table, version.id, _NO_VECTOR, "", version.deleted, data)


class AfterBundle:
    """Read access to the vault as it will be once the noted decisions are applied: for a record, the versions that
    count. What the bundle brings lives in scratch tables (an import notes every decision of a bundle of any size,
    issue 20); the stored rows are read from the vault. The last CACHE answers are kept, as a case's sections ask
    about their case one after another."""

    def __init__(self, conn: Connection, scratch: Scratch) -> None:
        self.conn = conn
        # A record's versions, by (table, id): [replaces, wire] – `replaces`: the plan writes its row over the stored
        # one. The records that point to a parent, by (table, column, parent id).
        self._versions = KeyedRows(scratch, 2)
        self._parents = KeyedRows(scratch, 3)
        self._parent_count = 0
        self._cache: dict[tuple[str, str], list[Version]] = {}
        self._group_journal: dict[str, bool] = {}

    def add(self, decision: Decision) -> None:
        """Take in one decision of the plan (each record once). Only the record types the questions below read are
        kept, and of them only the columns they read (STRUCTURE)."""
        incoming = decision.incoming
        if incoming.table not in STRUCTURE:
            return
        versions: list[Version] = []
        if decision.new_row is not None:
            versions.append(_trimmed(decision.new_row))
        if decision.outcome != "unchanged" and incoming is not decision.new_row:
            versions.append(_trimmed(incoming))  # kept as an open conflict: it may still be chosen
        replaces = decision.new_row is not None
        for n, version in enumerate(versions):
            self._versions.put((incoming.table, incoming.id), n, json.dumps([replaces, version.wire()]))
            for column in ("case_id", "group_id", "meeting_id", "item_id"):
                parent = version.data.get(column)
                if isinstance(parent, str) and parent:
                    self._parent_count += 1
                    self._parents.put((version.table, column, parent), self._parent_count, version.id)
        self._cache.pop((incoming.table, incoming.id), None)
        self._group_journal.clear()

    def versions(self, table: str, record_id: str) -> list[Version]:
        """The versions of a record after the bundle: the row (stored or written) and any incoming conflict."""
        key = (table, record_id)
        if key not in self._cache:
            if len(self._cache) >= CACHE:
                self._cache.clear()
            self._cache[key] = self._read(table, record_id)
        return list(self._cache[key])

    def _read(self, table: str, record_id: str) -> list[Version]:
        rows = [json.loads(value) for value in self._versions.get((table, record_id))]
        found = [Version.from_wire(wire) for _, wire in rows]
        if not any(replaces for replaces, _ in rows):
            row = sync_repo.get_version(self.conn, table, record_id) if record_id else None
            if row:
                found.append(_trimmed(Version.from_row(table, row)))
        return found

    def referencing(self, table: str, column: str, parent_id: str) -> list[Version]:
        """Every version after the bundle of the `table` records whose `column` is `parent_id`."""
        ids = set(self._parents.get((table, column, parent_id)))
        ids |= {row["id"] for row in sync_repo.rows_referencing(self.conn, table, column, [parent_id])}
        return [
            v for record_id in sorted(ids) for v in self.versions(table, record_id) if v.data.get(column) == parent_id
        ]

    # -- what belongs to a journal ------------------------------------------------------------------------------

    def case_kind(self, case_id: str) -> str:
        kinds = {v.data.get("kind") for v in self.versions("cases", case_id)}
        return "journal" if "journal" in kinds else "sag" if "sag" in kinds else ""

    def case_number(self, case_id: str) -> str:
        return next((str(v.data.get("number", "")) for v in self.versions("cases", case_id)), "")

    def group_has_journal(self, group_id: str) -> bool:
        """A live member of the group is a journal (`meetings_repo.group_has_journal_members`, after the bundle)."""
        if not group_id:
            return False
        if group_id not in self._group_journal:
            if len(self._group_journal) >= CACHE:
                self._group_journal.clear()
            self._group_journal[group_id] = any(
                not member.deleted and self.case_kind(str(member.data.get("case_id", ""))) == "journal"
                for member in self.referencing("group_members", "group_id", group_id)
            )
        return self._group_journal[group_id]

    def item_rule(self, item: Version) -> tuple[bool, bool]:
        """(applies, because of a group) for the texts on an agenda item: `dispositions.journal_rule`."""
        if self.case_kind(str(item.data.get("case_id", ""))) == "journal":
            return True, False
        group = self.group_has_journal(str(item.data.get("group_id", "")))
        return group, group

    def item_id_rule(self, item_id: str) -> tuple[bool, bool]:
        rules = [self.item_rule(v) for v in self.versions("agenda_items", item_id)]
        return any(a for a, _ in rules), any(a and g for a, g in rules)

    def addendum_rule(self, meeting_id: str) -> bool:
        """Minutes of journal items only: some live item is under the journal rule and none is about a DKE-Sag."""
        kinds = set()
        for item in self.referencing("agenda_items", "meeting_id", meeting_id):
            if not item.deleted:
                kinds.add("journal" if self.item_rule(item)[0] else self.case_kind(str(item.data.get("case_id", ""))))
        return "journal" in kinds and "sag" not in kinds

    def meeting_number(self, meeting_id: str) -> str:
        return next((str(v.data.get("number", "")) for v in self.versions("meetings", meeting_id)), "")

    def group_number(self, group_id: str) -> str:
        return next((str(v.data.get("number", "")) for v in self.versions("concern_groups", group_id)), "")

    def current_group_sections(self, group_id: str) -> list[Version]:
        """The newest live version of each section of the group, after the bundle."""
        newest: dict[str, Version] = {}
        for section in self.referencing("group_sections", "group_id", group_id):
            name = str(section.data.get("section", ""))
            if section.deleted:
                continue
            best = newest.get(name)
            if best is None or str(section.data.get("created_at", "")) > str(best.data.get("created_at", "")):
                newest[name] = section
        return [newest[name] for name in sorted(newest)]


class BundleRules:
    """The vault's rules (`journal_rule.rules_for`), with the bundle's sag persons and allowed phrases added – taken
    in version by version."""

    def __init__(self, conn: Connection) -> None:
        local = rules_for(conn)
        self.names = list(local.registered_names)
        self.phrases = list(local.allowed_phrases)
        self._known = set(self.names)

    def add(self, version: Version) -> None:
        if version.table == "cases" and version.data.get("kind") == "sag":
            name = version.data.get("person_name")
            if isinstance(name, str) and name and name not in self._known:
                self._known.add(name)
                self.names.append(name)
        elif version.table == "allowed_phrases" and not version.deleted:
            phrase = version.data.get("phrase")
            if isinstance(phrase, str) and phrase:
                self.phrases.append(phrase)

    def rules(self) -> JournalRules:
        return JournalRules(self.names, self.phrases)


def _json_fields(version: Version) -> dict[str, str]:
    try:
        fields = json.loads(str(version.data.get("fields", "{}")))
    except ValueError:
        return {}
    if not isinstance(fields, dict):
        return {}
    # The minutes section's "meeting" holds the meeting's id, not text: a UUID's hex digits can look like a number.
    return {k: v for k, v in fields.items() if isinstance(v, str) and not (k == "meeting" and _UUID.match(v))}


def _texts(version: Version, labels: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k in labels if isinstance(v := version.data.get(k), str) and v}


class _Checker:
    def __init__(self, after: AfterBundle, rules: JournalRules) -> None:
        self.after = after
        self.rules = rules

    def check(
        self, version: Version, what: str, fields: Mapping[str, str], labels: Mapping[str, str], why: str
    ) -> None:
        try:
            check_journal_fields(fields, self.rules, labels)
        except PersonDataInJournal as exc:
            raise _Refused(JournalRefusal(version, f"{what}: {exc.because(why)}")) from None

    def journal(self, case_id: str) -> str:
        number = self.after.case_number(case_id)
        return f"{KIND_LABELS['journal']} {number}".strip()

    def meeting(self, meeting_id: str) -> str:
        number = self.after.meeting_number(meeting_id)
        return f"mødet {number}" if number else "et møde"

    def item_what(self, item: Version) -> str:
        case_id = str(item.data.get("case_id", ""))
        about = (
            self.journal(case_id) if case_id else f"gruppe {self.after.group_number(str(item.data.get('group_id')))}"
        )
        return f"{self.meeting(str(item.data.get('meeting_id', '')))}, punktet om {about.strip()}"

    def item_of(self, item_id: str) -> Version | None:
        return next(iter(self.after.versions("agenda_items", item_id)), None)

    def version(self, version: Version) -> None:
        """Check one incoming live version against the journal rule, if it belongs to a journal."""
        data, after = version.data, self.after
        table = version.table
        if table == "cases":
            if data.get("kind") == "journal":
                self.check(version, self.journal(version.id), _texts(version, CASE_LABELS), CASE_LABELS, JOURNAL_RULE)
        elif table == "case_sections":
            case_id = str(data.get("case_id", ""))
            if after.case_kind(case_id) == "journal":
                fields = _json_fields(version)
                labels = {k: field_label(k) for k in fields}
                section = str(data.get("section", ""))
                what = f"Afsnittet «{SECTION_NAMES.get(section, section)}» i {self.journal(case_id)}"
                self.check(version, what, fields, labels, JOURNAL_RULE)
        elif table == "deadlines":
            case_id = str(data.get("case_id", ""))
            if after.case_kind(case_id) == "journal":
                what = f"En frist i {self.journal(case_id)}"
                self.check(version, what, _texts(version, DEADLINE_LABELS), DEADLINE_LABELS, JOURNAL_RULE)
        elif table == "underretninger":
            case_id = str(data.get("case_id", ""))
            if after.case_kind(case_id) == "journal":
                what = f"En underretning i {self.journal(case_id)}"
                self.check(version, what, _texts(version, UNDERRETNING_LABELS), UNDERRETNING_LABELS, JOURNAL_RULE)
        elif table == "agenda_items":
            applies, group = after.item_rule(version)
            if applies:
                what = f"Dagsordenspunktet på {self.item_what(version)}"
                why = GROUP_RULE if group else JOURNAL_RULE
                self.check(version, what, _texts(version, ITEM_LABELS), ITEM_LABELS, why)
        elif table == "minutes":
            item_id = str(data.get("item_id", ""))
            applies, group = after.item_id_rule(item_id)
            if applies:
                item = self.item_of(item_id)
                what = "Referatet af " + (self.item_what(item) if item else "et punkt")
                why = GROUP_RULE if group else JOURNAL_RULE
                self.check(version, what, _texts(version, MINUTES_LABELS), MINUTES_LABELS, why)
        elif table == "dispositions":
            self._disposition(version)
        elif table == "meeting_addenda":
            if data.get("kind", "addendum") in ("addendum", "withdrawal") and after.addendum_rule(
                str(data.get("meeting_id", ""))
            ):
                what = f"Tillægget til {self.meeting(str(data.get('meeting_id', '')))}"
                self.check(version, what, _texts(version, ADDENDUM_LABELS), ADDENDUM_LABELS, JOURNAL_RULE)
        elif table == "group_sections":
            group_id = str(data.get("group_id", ""))
            if after.group_has_journal(group_id):
                self._group_section(version, group_id)
        elif table == "concern_groups":
            if after.group_has_journal(version.id):
                what = f"Gruppe {data.get('number', '')}".strip()
                self.check(version, what, _texts(version, GROUP_LABELS), GROUP_LABELS, _GROUP_RULE)
        elif table == "group_members":
            group_id = str(data.get("group_id", ""))
            if after.case_kind(str(data.get("case_id", ""))) == "journal":
                for current in after.current_group_sections(group_id):
                    self._group_section(current, group_id, refused=version)
        elif table == "allowed_phrases":
            self._phrase(version)

    def _disposition(self, version: Version) -> None:
        data, after = version.data, self.after
        item_id, case_id = str(data.get("item_id", "")), str(data.get("case_id", ""))
        applies, group = after.item_id_rule(item_id) if item_id else (False, False)
        if not applies and after.case_kind(case_id) == "journal":
            applies = True
        if applies:
            what = f"En disposition fra {self.meeting(str(data.get('meeting_id', '')))}"
            why = GROUP_RULE if group else JOURNAL_RULE
            self.check(version, what, _texts(version, DISPOSITION_LABELS), DISPOSITION_LABELS, why)

    def _group_section(self, section: Version, group_id: str, *, refused: Version | None = None) -> None:
        fields = _json_fields(section)
        labels = {k: GROUP_FIELD_LABELS.get(k, k) for k in fields}
        title = GROUP_SECTION_TITLES.get(str(section.data.get("section", "")), str(section.data.get("section", "")))
        what = f"Afsnittet «{title}» i gruppe {self.after.group_number(group_id)}".strip()
        if refused is not None:
            what += " (gruppen får et medlem fra en DKE-Journal med denne post)"
        try:
            check_journal_fields(fields, self.rules, labels)
        except PersonDataInJournal as exc:
            reason = f"{what}: {exc.because(_GROUP_RULE)}"
            raise _Refused(JournalRefusal(refused or section, reason)) from None

    def _phrase(self, version: Version) -> None:
        phrase = version.data.get("phrase")
        if not isinstance(phrase, str):
            return
        names_only = JournalRules(self.rules.registered_names)
        blocking = [f for f in journal_text_findings(phrase, names_only) if not f.allowable]
        if blocking:
            reason = (
                f"Den godkendte tekst «{phrase}» indeholder personoplysninger («{blocking[0].text}»); "
                "CPR-numre og registrerede navne kan aldrig godkendes."
            )
            raise _Refused(JournalRefusal(version, reason))


class JournalCheck:
    """The journal rule on a bundle read twice: every decision `note`d first (the vault after the bundle, the
    bundle's names and phrases), then each asked about (`refusal`) – as an import streams its records. The names
    stay in memory (the rule matches every text against them, as the vault's own); the rest is in `scratch`."""

    def __init__(self, conn: Connection, scratch: Scratch) -> None:
        self.after = AfterBundle(conn, scratch)
        self.rules = BundleRules(conn)
        self._checker: _Checker | None = None

    def note(self, decision: Decision) -> None:
        self.after.add(decision)
        self.rules.add(decision.incoming)

    def refusal(self, decision: Decision) -> JournalRefusal | None:
        """Why this decision's incoming version breaks the journal rule (None: it does not, or is not checked)."""
        if decision.outcome == "unchanged" or decision.incoming.deleted:
            return None
        if self._checker is None:
            self._checker = _Checker(self.after, self.rules.rules())
        try:
            self._checker.version(decision.incoming)
        except _Refused as exc:
            return exc.refusal
        return None


def describe_kind_change(local_kind: str, incoming_kind: str, number: str) -> str:
    """The Danish reason for refusing a case that changes kind on import (never a local edit either)."""
    if incoming_kind == "journal":
        return (
            f"{KIND_LABELS['sag']} {number} kan ikke blive til en DKE-Journal ved import: en DKE-Journal må ikke "
            "indeholde personhenførbare oplysninger, og sagens navn og CPR-nummer ville følge med."
        )
    return (
        f"{KIND_LABELS.get(local_kind, local_kind)} {number} kan ikke blive til en DKE-Sag ved import; en journal "
        "løftes til en ny DKE-Sag."
    )
