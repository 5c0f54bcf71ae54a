"""The logbook in words: what an audit entry's record and detail mean, never a raw id or a code.

The log stores references and codes (a setting's key, a section's key, a record's uuid, an outcome code), which is
right for the chain and for the CLI's --json, but the logbook view (`ui/duties/audit_page.py`) shows a person what
happened: "Automatisk lås" instead of `autolock_minutes`, "DKE-Sag" instead of a uuid, "Ikke orienteret" instead of
`not_informed`. Unknown codes are shown as they are; a uuid is never shown.
"""

from __future__ import annotations

import re

from sspdesk.domain.consent import WITHDRAWAL_METHODS
from sspdesk.domain.deadline_events import RECORDED_EVENTS
from sspdesk.domain.forms import SECTION_TITLES
from sspdesk.domain.groups import SECTION_TITLES as GROUP_SECTION_TITLES
from sspdesk.domain.meetings import ITEM_KIND_LABELS
from sspdesk.information_duty import DECISIONS
from sspdesk.store.audit import AuditEntry

# The settings as Indstillinger names them (settings.change logs the key only, never the value).
SETTING_LABELS: dict[str, str] = {
    "autolock_minutes": "Automatisk lås",
    "backup_count": "Antal sikkerhedskopier",
    "backup_dir": "Mappe til sikkerhedskopier",
    "profile": "Klassifikationsmodel",
    "user_name": "Dit navn",
    "user_role": "Din rolle",
    "municipality": "Kommunens navn",
    "municipality_unit": "Enhed",
    "municipality_address": "Kommunens adresse",
    "municipality_phone": "Kommunens telefon",
    "municipality_email": "Kommunens e-mail",
    "municipality_logo": "Kommunens logo",
    "dpo_contact": "Databeskyttelsesrådgiver",
    "areas": "Områder",
    "closing_days": "Lukkedage",
    "consent_legal_template": "Lovhenvisninger på samtykkeerklæringen",
    "consent_validity_months": "Samtykkers gyldighed",
    "fagsystem_recipient": "Fagsystemets nøgle",
    "audit_retention_years": "Logbogens opbevaringstid",
    "leader_name": "DKE-lederens navn",
    "team_folder": "Teammappe",
}

# What kind of record an entry is about, when it has no case, meeting or consent number to show.
RECORD_KINDS: dict[str, str] = {
    "journal": "DKE-Journal",
    "sag": "DKE-Sag",
    "meeting": "Møde",
    "minutes": "Referat",
    "disposition": "Disposition",
    "consent": "Samtykke",
    "group": "Bekymringsgruppe",
    "contact": "Kontakt",
    "peer": "Kollega",
    "underretning": "Underretning",
}

GROUP_FIELDS = {
    "name": "navn",
    "area": "område",
    "coordinator": "koordinator",
    "status": "status",
    "closed_on": "lukkedato",
}
IMPORT_OUTCOMES = {"added": "tilføjet", "updated": "opdateret", "unchanged": "uændret", "conflicts": "konflikt"}
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.IGNORECASE)
_ITEM_KIND = re.compile(r"\((case|group|topic)\)")


def record_text(entry: AuditEntry) -> str:
    """The record the entry is about: its number ('S-2026-0017'), else what kind of record it is ('Kollega')."""
    if entry.subject_ref:
        return entry.subject_ref
    if entry.record_id or entry.record_kind:
        return RECORD_KINDS.get(entry.record_kind, "Post")
    return ""


def detail_text(entry: AuditEntry) -> str:
    """The entry's detail in words: codes named, ids left out."""
    detail = entry.detail.strip()
    action = entry.action
    if action == "settings.change":
        return SETTING_LABELS.get(detail, "en indstilling")
    if action == "case.edit":
        return SECTION_TITLES.get(detail, detail).capitalize()
    if action == "group.edit":  # a section, or the header's fields that changed
        names = [GROUP_SECTION_TITLES.get(key, GROUP_FIELDS.get(key, key)) for key in detail.split(", ")]
        return ", ".join(names)
    if action in ("case.event", "case.event_removed"):
        return RECORDED_EVENTS.get(detail, detail)
    if action == "information_duty.record":
        return DECISIONS.get(detail, detail)
    if action == "consent.withdraw":
        return f"modtaget {detail}" if detail in WITHDRAWAL_METHODS else detail
    if action == "case.import":
        return IMPORT_OUTCOMES.get(detail, detail)
    if action == "meeting.agenda":
        detail = _ITEM_KIND.sub(lambda m: f"({ITEM_KIND_LABELS[m.group(1)].lower()})", detail)
    detail = detail.replace(" -> ", " → ")
    return _without_ids(detail)


def _without_ids(text: str) -> str:
    """A uuid says nothing to a person: cut out, with what is left tidied ('pakke ' → '')."""
    cleaned = _UUID.sub("", text)
    if cleaned == text:
        return text
    cleaned = re.sub(r"\(\s*\)", "", cleaned)
    cleaned = re.sub(r"\s{2,}", " ", cleaned).strip(" ;,:")
    return "" if cleaned.lower() in ("pakke", "enhed") else cleaned
