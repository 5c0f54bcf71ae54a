"""Hand-over of a case to SSP+ (seed 001 l.220–234): from 17½ years, with what is handed over recorded.

"Når den unge er mellem 17½ og 18 år, kommer områdets SSP-koordinationsgruppe med en vurdering af, om
bekymringssagen skal overdrages til SSP+" (l.222–224); the SSP+-koordinationsgruppe coordinates cases of young
people between 17½ and 25 (l.230–234). Which forum and from which age are profile data (`age_rules.ssp_plus`).

A hand-over is a disclosure: the case's information goes to the SSP+-koordinationsgruppe. So it is recorded as an
exchange (`legal_basis.record_exchange`) – checked against its basis (Retsplejelovens § 115 between SSP partners, or a
consent naming the recipient), with the necessity test and the conditions, audited – and beside it the case gets the
hand-over record (section "ssp_plus": when, to whom, which categories and sections, the basis and the exchange). All
of it is one transaction: a refused basis stores nothing. Recording the hand-over meets the case's deadline
"Vurdering af overdragelse til SSP+" (`deadlines._ssp_plus_deadline`), which until then is the reminder that the
young person has turned 17½ with no hand-over recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sspdesk.cases import active_profile
from sspdesk.consents import resolve_case
from sspdesk.cpr import age_on_birth
from sspdesk.domain.cases import Case
from sspdesk.domain.dates import date_text
from sspdesk.domain.disclosure import Recipient
from sspdesk.domain.errors import Invalid
from sspdesk.domain.forms import SECTION_NAMES
from sspdesk.domain.profile_forms import SSP_PLUS
from sspdesk.legal_basis import ExchangeRequest, record_exchange
from sspdesk.profiles import Profile, SspPlusRule
from sspdesk.store import cases_repo
from sspdesk.store.vault import Vault
from sspdesk.workdays import add_months

DEFAULT_BASIS = "Retsplejelovens § 115"
DEADLINE_KIND = "ssp_plus"  # the stored deadline the hand-over meets (sspdesk.deadlines)
# Sections of a case that can be handed over (their text goes with the case's information).
HANDOVER_SECTIONS = (
    "status",
    "indsats",
    "opfoelgning",
    "opfoelgning2",
    "flow",
    "focus",
    "concern",
    "adult",
    "handleplan",
)


@dataclass(frozen=True)
class Handover:
    case_id: str
    case_number: str
    on: str  # ISO date
    to: str
    categories: tuple[str, ...]
    sections: tuple[str, ...]
    basis: str
    exchange_id: str
    by: str
    created_at: str


def _rule(profile: Profile) -> SspPlusRule:
    rule = profile.age_rules.ssp_plus
    if rule is None:
        raise Invalid(f"{profile.name} har ingen overdragelse til SSP+.", "case")
    return rule


def _age_text(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years}½ år" if rest == 6 else f"{years} år og {rest} mdr." if rest else f"{years} år"


def handover_from(rule: SspPlusRule, case: Case) -> date | None:
    """The first day the case's person may be handed over (17½); None without a birth date."""
    birth = case.birth
    return add_months(birth, rule.from_months) if birth else None


def _check_age(rule: SspPlusRule, case: Case, on: date) -> None:
    first = handover_from(rule, case)
    if first is None:
        raise Invalid(f"{case.number} har ingen fødselsdato; overdragelse til {rule.forum} kræver en DKE-Sag.", "case")
    if on < first:
        age = age_on_birth(case.birth, on) if case.birth and on >= case.birth else 0
        raise Invalid(
            f"Sagen kan ikke overdrages til {rule.forum} endnu: den unge er {age} år den {date_text(on)}. "
            f"Overdragelse kan først ske, når den unge er fyldt {_age_text(rule.from_months)} "
            f"({date_text(first)}).",
            "on",
        )


def _split_what(vault: Vault, case: Case, what: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys of `what` as (information categories, case sections); Invalid for a key that is neither."""
    categories = {c.key for c in active_profile(vault).categories()}
    saved = cases_repo.current_sections(vault.conn, case.id)
    cats: list[str] = []
    sections: list[str] = []
    for key in dict.fromkeys(k.strip() for k in what if k.strip()):
        if key in categories:
            cats.append(key)
        elif key in HANDOVER_SECTIONS:
            if key not in saved:
                raise Invalid(f"Afsnittet {SECTION_NAMES[key]} ({key}) er ikke udfyldt på {case.number}.", "what")
            sections.append(key)
        else:
            raise Invalid(
                f"Ukendt: {key}. Angiv kategorier af oplysninger ({', '.join(sorted(categories))}) og evt. afsnit "
                f"af sagen ({', '.join(HANDOVER_SECTIONS)}).",
                "what",
            )
    if not cats:
        raise Invalid(
            f"Angiv hvilke oplysninger der overdrages: mindst én kategori ({', '.join(sorted(categories))}).",
            "what",
        )
    return tuple(cats), tuple(sections)


def _recipient(vault: Vault, rule: SspPlusRule) -> Recipient:
    """The SSP+-koordinationsgruppe as an SSP partner (its members – SOF, BUF, BIF, KRFO, politi – all are)."""
    parties = active_profile(vault).parties()
    party = next((p for p in parties if p.key == "ssp"), None) or next((p for p in parties if p.ssp_partner), None)
    return Recipient(name=rule.forum, party_type=party.key if party else "")


def handover_to_ssp_plus(
    vault: Vault,
    case_ref: str,
    what: Sequence[str],
    on: date | None = None,
    *,
    basis: str = DEFAULT_BASIS,
    necessity: Sequence[str] = (),
    conditions: Sequence[str] = (),
    today: date | None = None,
) -> Handover:
    """Hand an open DKE-Sag over to the profile's SSP+ forum on `on` (default today). `what`: information category
    keys (at least one) and, optionally, keys of saved sections. Refused before 17½ and without a basis that covers
    the disclosure (Invalid, nothing stored)."""
    day = today or date.today()
    on = on or day
    case = resolve_case(vault, case_ref)
    profile = active_profile(vault)
    rule = _rule(profile)
    if not case.is_sag:
        raise Invalid(f"{case.number} er en DKE-Journal; kun en DKE-Sag kan overdrages til {rule.forum}.", "case")
    if not case.is_open:
        raise Invalid(f"{case.number} er lukket og kan ikke overdrages.", "case")
    _check_age(rule, case, on)
    categories, sections = _split_what(vault, case, what)
    section_names = ", ".join(SECTION_NAMES[key] for key in sections)
    request = ExchangeRequest(
        case_ref=case.id,
        recipient=_recipient(vault, rule),
        categories=categories,
        basis=basis,
        on=on,
        what=f"Overdragelse til {rule.forum}" + (f": {section_names}" if section_names else ""),
        necessity=tuple(necessity),
        conditions=tuple(conditions),
    )
    with vault.transaction() as conn:
        exchange = record_exchange(vault, request, today=day)
        fields = {
            "dato": on.isoformat(),
            "til": rule.forum,
            "kategorier": ",".join(categories),
            "afsnit": ",".join(sections),
            "hjemmel": exchange.basis,
            "udveksling": exchange.id,
        }
        cases_repo.add_section(conn, vault.device_id, case.id, SSP_PLUS, fields, vault.user)
        for deadline in cases_repo.case_deadlines(conn, case.id):
            if deadline.kind == DEADLINE_KIND and deadline.is_open:
                cases_repo.set_deadline_status(conn, vault.device_id, deadline.id, "done", on.isoformat())
        cases_repo.reindex(conn, case.id)
        vault.log(
            "case.ssp_plus_handover",
            record_kind="sag",
            record_id=case.id,
            subject_ref=case.number,
            detail=f"{rule.forum}: {','.join(categories)}" + (f"; {','.join(sections)}" if sections else ""),
        )
    return handovers(vault, case.id)[0]


def handovers(vault: Vault, case_ref: str) -> list[Handover]:
    """The hand-overs to SSP+ recorded on a case, newest first."""
    case = resolve_case(vault, case_ref)
    return [
        Handover(
            case.id,
            case.number,
            entry.fields.get("dato", ""),
            entry.fields.get("til", ""),
            tuple(k for k in entry.fields.get("kategorier", "").split(",") if k),
            tuple(k for k in entry.fields.get("afsnit", "").split(",") if k),
            entry.fields.get("hjemmel", ""),
            entry.fields.get("udveksling", ""),
            entry.author,
            entry.created_at,
        )
        for entry in cases_repo.section_history(vault.conn, case.id, SSP_PLUS)
    ]


def handover_state(vault: Vault, case_ref: str, on: date) -> tuple[bool, str]:
    """Whether the case can be handed over on `on`, and if not why (for the GUI's button)."""
    case = resolve_case(vault, case_ref)
    rule = active_profile(vault).age_rules.ssp_plus
    if rule is None or not case.is_sag:
        return False, ""
    if not case.is_open:
        return False, f"{case.number} er lukket."
    try:
        _check_age(rule, case, on)
    except Invalid as exc:
        return False, exc.message
    return True, f"Overdrag sagen til {rule.forum} og registrér hvad der overdrages."
