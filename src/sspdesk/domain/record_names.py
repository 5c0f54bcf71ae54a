"""Danish names of the synced record types (table names), for reports of bundles, imports and exports."""

from __future__ import annotations

TABLE_PLURALS = {
    "cases": "sager",
    "case_sections": "sagsafsnit",
    "deadlines": "frister",
    "meetings": "møder",
    "meeting_participants": "mødedeltagere",
    "agenda_items": "dagsordenspunkter",
    "minutes": "referater",
    "dispositions": "dispositioner",
    "meeting_addenda": "tillæg",
    "consents": "samtykker",
    "consent_scans": "scanninger",
    "contacts": "kontakter",
    "information_exchanges": "udvekslinger",
    "information_duty": "oplysningspligter",
    "concern_groups": "grupper",
    "group_sections": "gruppeafsnit",
    "group_members": "gruppemedlemmer",
    "case_events": "sagshændelser",
    "underretninger": "underretninger",
    "network_outcomes": "udfald af netværksmøder",
    "erasure_records": "sletningsnoter",
}
TABLE_SINGULARS = {
    "cases": "sag",
    "case_sections": "sagsafsnit",
    "deadlines": "frist",
    "meetings": "møde",
    "meeting_participants": "mødedeltager",
    "agenda_items": "dagsordenspunkt",
    "minutes": "referat",
    "dispositions": "disposition",
    "meeting_addenda": "tillæg",
    "consents": "samtykke",
    "consent_scans": "scanning",
    "contacts": "kontakt",
    "information_exchanges": "udveksling",
    "information_duty": "oplysningspligt",
    "concern_groups": "gruppe",
    "group_sections": "gruppeafsnit",
    "group_members": "gruppemedlem",
    "case_events": "sagshændelse",
    "underretninger": "underretning",
    "network_outcomes": "udfald af netværksmøde",
    "erasure_records": "sletningsnote",
}


def counts_text(counts: dict[str, int]) -> str:
    """{'cases': 2, 'deadlines': 5} → '7 poster (2 sager, 5 frister)'."""
    total = sum(counts.values())
    if not total:
        return "ingen poster"
    return f"{total} {'post' if total == 1 else 'poster'} ({names_text(counts)})"


def names_text(counts: dict[str, int]) -> str:
    """{'cases': 2, 'deadlines': 1} → '2 sager, 1 frist' (without a total)."""
    return ", ".join(f"{n} {(TABLE_SINGULARS if n == 1 else TABLE_PLURALS).get(t, t)}" for t, n in counts.items() if n)
