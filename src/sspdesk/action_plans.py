"""The kriminalpræventiv handleplan of a DKE-Sag: temporary and final versions, initiatives that come back on the
agendas, and the printed plan (seed 000 l.276–279, 314–318, 500–508, 602–606). The GUI and the CLI call these.

**Stored as a case section, not a table of its own.** A plan version is one version of the section "handleplan" in
`case_sections`: the plan's texts under their keys, each initiative flattened into `initiativ_NN_<part>` keys, and
`udgave` (midlertidig/endelig). The newest version is the plan; the older ones are its history, exactly as the
form's sections keep theirs (`cases.save_section`). A plan is a document saved whole, which is what a section version
is, and as one every rule already built for case data holds for it without a line more: rows are never edited, so
two laptops saving the plan never conflict; it travels in bundles with its case and is left out with it; it is
refused on a closed case at import, emptied with the case on erasure and retention, found by an access request and
by the search; and SAG_ONLY_SECTIONS keeps it off a DKE-Journal. A table of its own would have had to be taught all
of that and would add nothing a plan needs. So no migration: the plan needs no new column either.

**Initiatives are dispositions – one source of truth.** Each initiative is carried by a disposition (hvem gør hvad,
hvornår) on the case with no meeting (`meeting_id` ''), whose id the plan keeps in `initiativ_NN_id`. Saving the plan
creates or updates those dispositions (owner = the responsible party, what, due) and deletes the open ones of
initiatives taken out of the plan. While open they are carried to the next agenda proposal of the case's Mødeforum
(`dispositions.propose_agenda`) and listed in Overblik. Whether an initiative is done is stored only in its
disposition: marking the disposition done at a meeting marks the initiative done, and `set_initiative_done` marks
the disposition – the plan's versions never hold a status, so the two can never disagree.

A handleplan belongs to a DKE-Sag only: a DKE-Journal (niveau I) holds no person data and gets none. Saving the
temporary plan meets the case's deadline for it; saving the final one meets both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sspdesk.cases import active_profile
from sspdesk.dispositions import parse_due, set_disposition_done
from sspdesk.domain import action_plan as plan_model
from sspdesk.domain.action_plan import FINAL, SECTION, TEMPORARY, ActionPlan, Initiative
from sspdesk.domain.cases import Case
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.store import cases_repo, records
from sspdesk.store import meetings_repo as disposition_repo
from sspdesk.store.clock import utc_now
from sspdesk.store.vault import Vault

JOURNAL_REFUSAL = (
    "En kriminalpræventiv handleplan hører kun til en DKE-Sag (niveau II og III). En DKE-Journal indeholder ingen "
    "personoplysninger; løft journalen til en DKE-Sag, hvis der skal laves en handleplan."
)
AFTERCARE_REQUIRED = (
    "Handleplanen kan ikke gøres endelig uden efterværn: inden opstart af enhver indsats skal der medregnes et "
    "efterværnsforløb, hvor den unge understøttes i at stabilisere sin tilværelse og har let adgang til fagpersonerne."
)
PLANS_REQUIRED = (
    "Handleplanen kan ikke gøres endelig: den skal indeholde både en kortsigtet og en langsigtet plan for tiltag "
    "overfor både den unge og hele familien (mangler: {missing})."
)
INITIATIVES_REQUIRED = (
    "Handleplanen kan ikke gøres endelig uden initiativer: skriv hvilke initiativer og handlepligter der skal "
    "modvirke tilbagefald – hvad, hvem der handler og hvornår."
)
ALREADY_FINAL = (
    "Handleplanen er allerede endelig. En ændring gemmes som en ny endelig udgave (Gør endelig); den midlertidige "
    "udgave ligger i historikken."
)
# Saving a version meets these deadlines of the case (the profile's deadline kinds).
DEADLINES_MET = {TEMPORARY: ("action_plan_temporary",), FINAL: ("action_plan_temporary", "action_plan_final")}
MAX_TEXT = 20_000
MAX_INITIATIVES = 99  # the keys hold two digits


@dataclass(frozen=True)
class PlanDraft:
    """What the user wrote: the texts (keys of `action_plan.TEXT_FIELDS`), the initiatives (an existing one keeps
    its `id`; a new one has id ''; rows left entirely empty are ignored) and the plan's date (default: today)."""

    texts: Mapping[str, str] = field(default_factory=dict)
    initiatives: Sequence[Initiative] = ()
    plan_date: date | str | None = None


# -- reading --------------------------------------------------------------------------------------------------


def plan_case(vault: Vault, ref: str) -> Case:
    """The sag a plan belongs to, by id or number; a DKE-Journal is refused (no person data, no handleplan)."""
    case_id = cases_repo.find_case_id(vault.conn, ref.strip())
    case = cases_repo.get_case(vault.conn, case_id) if case_id else None
    if case is None:
        raise NotFound.record("Sagen", ref)
    if case.kind != "sag":
        raise Invalid(JOURNAL_REFUSAL, "case")
    return case


def _states(vault: Vault, case_id: str) -> dict[str, tuple[str, str]]:
    """(status, done_on) of every live disposition of the case's plan, by id."""
    return {r["id"]: (r["status"], r["done_on"]) for r in disposition_repo.plan_dispositions(vault.conn, case_id)}


def _versions(vault: Vault, case_id: str) -> list[ActionPlan]:
    return [
        plan_model.from_fields(v.fields, v.author, v.created_at)
        for v in cases_repo.section_history(vault.conn, case_id, SECTION)
    ]


def get_plan(vault: Vault, ref: str, *, log: bool = True) -> ActionPlan | None:
    """The case's current plan with each initiative's status from its disposition; None before the first save.
    Reading it is logged (a sag's personal data)."""
    case = plan_case(vault, ref)
    versions = _versions(vault, case.id)
    if log:
        with vault.transaction():
            vault.log("case.action_plan_view", record_kind="sag", record_id=case.id, subject_ref=case.number)
    return versions[0].with_status(_states(vault, case.id)) if versions else None


def plan_history(vault: Vault, ref: str) -> list[ActionPlan]:
    """Every saved version, newest first (the statuses are today's, from the dispositions)."""
    case = plan_case(vault, ref)
    states = _states(vault, case.id)
    return [plan.with_status(states) for plan in _versions(vault, case.id)]


def party_choices(vault: Vault) -> list[tuple[str, str]]:
    """(key, label) of the profile's party types, for the initiatives' "Type"."""
    return [(p.key, p.label) for p in active_profile(vault).parties()]


# -- checking ----------------------------------------------------------------------------------------------------


def _party_key(vault: Vault, text: str, number: int) -> str:
    wanted = text.strip()
    if not wanted:
        return ""
    for key, label in party_choices(vault):
        if wanted.casefold() in (key.casefold(), label.casefold()):
            return key
    names = ", ".join(key for key, _label in party_choices(vault))
    raise Invalid(f"Initiativ {number}: ukendt type {wanted!r}. Vælg en af profilens typer: {names}.", "initiativer")


def _initiatives(vault: Vault, rows: Sequence[Initiative], known: set[str]) -> tuple[Initiative, ...]:
    clean: list[Initiative] = []
    for row in rows:
        what, responsible = row.what.strip(), row.responsible.strip()
        if not (what or responsible or str(row.due or "").strip() or row.party_type.strip()):
            continue  # an empty row of the table
        number = len(clean) + 1
        if not what:
            raise Invalid(f"Initiativ {number}: skriv hvad der skal gøres.", "initiativer")
        if not responsible:
            raise Invalid(f"Initiativ {number}: skriv hvem der handler (navn eller myndighed).", "initiativer")
        if row.id and row.id not in known:
            raise Invalid(f"Initiativ {number} findes ikke i sagens handleplan.", "initiativer")
        if row.id and any(i.id == row.id for i in clean):
            raise Invalid(f"Initiativ {number} står to gange i handleplanen.", "initiativer")
        due = parse_due(row.due)
        clean.append(Initiative(what, responsible, due, _party_key(vault, row.party_type, number), row.id))
    if len(clean) > MAX_INITIATIVES:
        raise Invalid(f"En handleplan kan have højst {MAX_INITIATIVES} initiativer.", "initiativer")
    return tuple(clean)


def _texts(texts: Mapping[str, str]) -> dict[str, str]:
    unknown = sorted(set(texts) - set(plan_model.TEXT_LABELS))
    if unknown:
        raise Invalid(f"Feltet {unknown[0]!r} hører ikke til en handleplan.", unknown[0])
    clean = {key: (texts.get(key) or "").strip() for key in plan_model.TEXT_LABELS}
    for key, value in clean.items():
        if len(value) > MAX_TEXT:
            raise Invalid(f"{plan_model.TEXT_LABELS[key]} er for lang (højst {MAX_TEXT} tegn).", key)
    return clean


def _plan_date(value: date | str | None) -> str:
    try:
        return parse_due(value)
    except Invalid:
        raise Invalid(f"Ugyldig dato for handleplanen: {value!r} (brug ÅÅÅÅ-MM-DD).", "dato") from None


def check_final(plan: ActionPlan) -> None:
    """Refuse a final plan without efterværn, without both plans for the young person and the family, without
    initiatives, or with an initiative without a due date (seed 000 l.317, 502–503, 604–605)."""
    missing = plan.missing_for_final()
    if "eftervaern" in missing:
        raise Invalid(AFTERCARE_REQUIRED, "eftervaern")
    plans = [plan_model.TEXT_LABELS[key].lower() for key in missing if key in plan_model.TEXT_LABELS]
    if plans:
        first = next(key for key in missing if key in plan_model.TEXT_LABELS)
        raise Invalid(PLANS_REQUIRED.format(missing=", ".join(plans)), first)
    if "initiativer" in missing:
        raise Invalid(INITIATIVES_REQUIRED, "initiativer")
    for number, initiative in enumerate(plan.initiatives, 1):
        if not initiative.due:
            what = f"Initiativ {number} ({initiative.what})"
            raise Invalid(f"{what} mangler en frist: en endelig plan siger hvornår.", "initiativer")


# -- saving ---------------------------------------------------------------------------------------------------------


def save_plan(
    vault: Vault, ref: str, draft: PlanDraft, *, final: bool = False, today: date | None = None
) -> ActionPlan:
    """Save a new version of the case's plan: temporary (midlertidig) or final (endelig). The initiatives' dispositions
    are created, updated or (open ones taken out of the plan) deleted in the same transaction."""
    case = plan_case(vault, ref)
    if case.status != "open":
        raise Invalid("Sagen er lukket og kan ikke ændres.")
    day = today or date.today()
    versions = _versions(vault, case.id)
    current = versions[0] if versions else None
    if current is not None and current.is_final and not final:
        raise Invalid(ALREADY_FINAL)
    live = {r["id"]: r for r in disposition_repo.plan_dispositions(vault.conn, case.id)}
    plan = ActionPlan(
        version=FINAL if final else TEMPORARY,
        plan_date=_plan_date(draft.plan_date) or day.isoformat(),
        texts=_texts(draft.texts),
        initiatives=_initiatives(vault, draft.initiatives, set(live)),
    )
    if final:
        check_final(plan)
    elif not plan.initiatives and not any(plan.texts.values()):
        raise Invalid("Skriv mindst ét initiativ eller en del af planen, før den gemmes.")
    with vault.transaction() as conn:
        initiatives = []
        for initiative in plan.initiatives:
            values = {"owner": initiative.responsible, "what": initiative.what, "due": initiative.due}
            if not initiative.id:
                initiative = replace(initiative, id=records.new_id())
                new = {"meeting_id": "", "item_id": "", "case_id": case.id, "status": "open", "created_at": utc_now()}
                disposition_repo.put(conn, vault.device_id, "dispositions", initiative.id, {**new, **values})
            elif any(live[initiative.id][k] != v for k, v in values.items()):
                disposition_repo.put(conn, vault.device_id, "dispositions", initiative.id, values)
            initiatives.append(initiative)
        kept = {i.id for i in initiatives}
        for disposition_id, row in live.items():
            if disposition_id not in kept and row["status"] == "open":  # a done one stays as what was done
                disposition_repo.delete(conn, vault.device_id, "dispositions", disposition_id)
        plan = replace(plan, initiatives=tuple(initiatives))
        cases_repo.add_section(conn, vault.device_id, case.id, SECTION, plan_model.to_fields(plan), vault.user)
        cases_repo.reindex(conn, case.id)
        for deadline in cases_repo.case_deadlines(conn, case.id):
            if deadline.is_open and deadline.kind in DEADLINES_MET[plan.version]:
                cases_repo.set_deadline_status(conn, vault.device_id, deadline.id, "done", day.isoformat())
        vault.log(
            "case.action_plan",
            record_kind="sag",
            record_id=case.id,
            subject_ref=case.number,
            detail=f"{plan.version_label} ({len(initiatives)} initiativer)",
        )
    saved = get_plan(vault, case.id, log=False)
    assert saved is not None  # just written
    return saved


def add_initiative(
    vault: Vault,
    ref: str,
    what: str,
    responsible: str,
    *,
    due: date | str | None = None,
    party_type: str = "",
    today: date | None = None,
) -> ActionPlan:
    """Add one initiative as a new version of the plan, keeping its udgave (a final plan stays final)."""
    case = plan_case(vault, ref)
    current = get_plan(vault, case.id, log=False) or ActionPlan()
    if not what.strip() or not responsible.strip():  # else it would be skipped as an empty row
        raise Invalid("Skriv hvad initiativet går ud på og hvem der handler.", "initiativer")
    initiative = Initiative(what, responsible, str(due or ""), party_type)
    draft = PlanDraft(current.texts, (*current.initiatives, initiative), current.plan_date or None)
    return save_plan(vault, case.id, draft, final=current.is_final, today=today)


def set_initiative_done(
    vault: Vault, ref: str, initiative_id: str, done: bool = True, *, today: date | None = None
) -> ActionPlan:
    """Mark an initiative done (or open again) – on its disposition, the one place its status is kept."""
    case = plan_case(vault, ref)
    plan = get_plan(vault, case.id, log=False)
    if plan is None or all(i.id != initiative_id for i in plan.initiatives):
        raise NotFound.record("Initiativet", initiative_id)
    set_disposition_done(vault, initiative_id, done, today=today)
    saved = get_plan(vault, case.id, log=False)
    assert saved is not None
    return saved


# -- printing ---------------------------------------------------------------------------------------------------


def plan_pdf(vault: Vault, ref: str) -> bytes:
    """The current plan as a PDF with the municipality's letterhead; printing is logged."""
    from sspdesk.pdf.action_plan_pdf import action_plan_pdf  # reportlab is loaded only when a PDF is made
    from sspdesk.preferences import municipality_logo

    case = plan_case(vault, ref)
    plan = get_plan(vault, case.id, log=False)
    if plan is None:
        raise Invalid(f"{case.number} har ingen handleplan endnu.")
    data = action_plan_pdf(
        case,
        plan,
        municipality=vault.setting("municipality") or "",
        logo=municipality_logo(vault),
        party_labels=dict(party_choices(vault)),
    )
    with vault.transaction():
        vault.log("pdf.action_plan", record_kind="sag", record_id=case.id, subject_ref=case.number)
    return data
