"""The journal rule with the vault's context: who is registered, and which phrases the user has allowed.

`sspdesk.duties.minimisation.journal_text_findings` is the one predicate for "may this text stand in a DKE-Journal";
this module feeds it the vault's registered names and allowed phrases (`rules_for`), checks a record's fields with
the field named in the message (`check_journal_text`), and keeps the way out for a probable name that is not a
person ("Peter Sabroe Skolen"): `allow_phrase` stores it in the synced `allowed_phrases` table and audit-logs it.
CPR numbers, registered names, birth dates, addresses and phone numbers can never be allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sspdesk.domain.errors import Invalid
from sspdesk.duties.minimisation import JournalRules, PersonDataInJournal, check_journal_fields, journal_text_findings
from sspdesk.store import cases_repo, phrases_repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault

MAX_PHRASE = 120
GROUP_RULE = (
    "Gruppen har medlemmer fra DKE-Journaler, så punktets tekst må ikke indeholde personhenførbare oplysninger."
)


def rules_for(conn: Connection) -> JournalRules:
    """The registered names and allowed phrases of this vault (cached lists: cheap on every keystroke)."""
    return JournalRules(cases_repo.registered_names(conn), phrases_repo.allowed_phrases(conn))


def check_journal_text(
    conn: Connection, fields: Mapping[str, str], labels: Mapping[str, str], *, group: bool = False, reason: str = ""
) -> None:
    """A DKE-Journal's text – or a group's, when the group has a DKE-Journal among its members (`group=True`) – may
    hold no person data. Raises PersonDataInJournal (an Invalid naming field, span and finding) for the first spot;
    `reason` replaces the message's closing sentence."""
    try:
        check_journal_fields(fields, rules_for(conn), labels)
    except PersonDataInJournal as exc:
        why = reason or (GROUP_RULE if group else "")
        if not why:
            raise
        raise PersonDataInJournal(exc.field or "", exc.label, exc.finding, why) from exc


def allowed_phrases(vault: Vault) -> list[str]:
    return list(phrases_repo.allowed_phrases(vault.conn))


def allow_phrase(vault: Vault, phrase: str, *, today: date | None = None) -> None:
    """ "Nej, det er ikke en person": the phrase no longer counts as a probable name in this vault's journals."""
    phrase = " ".join((phrase or "").split())
    if not phrase:
        raise Invalid("Skriv den tekst, der ikke er et navn.", "phrase")
    if len(phrase) > MAX_PHRASE:
        raise Invalid(f"Teksten er for lang: højst {MAX_PHRASE} tegn.", "phrase")
    conn = vault.conn
    blocking = [
        f for f in journal_text_findings(phrase, JournalRules(cases_repo.registered_names(conn))) if not f.allowable
    ]
    if blocking:
        found = blocking[0]
        what = (
            "et CPR-nummer"
            if found.kind == "cpr"
            else "et registreret navn"
            if found.kind == "name"
            else "personoplysninger"
        )
        raise Invalid(
            f'«{phrase}» indeholder {what} ("{found.text}") og kan ikke godkendes som tekst uden navne.',
            "phrase",
            (found.start, found.end),
        )
    if phrase.casefold() in {p.casefold() for p in phrases_repo.allowed_phrases(conn)}:
        return
    with vault.transaction() as conn:
        phrases_repo.add_phrase(conn, vault.device_id, phrase, vault.user, (today or date.today()).isoformat())
        vault.log(
            "journal.allow_phrase",
            record_kind="allowed_phrase",
            record_id=phrases_repo.phrase_id(phrase),
            detail=phrase,
        )
