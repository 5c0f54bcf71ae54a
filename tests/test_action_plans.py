"""The kriminalpræventiv handleplan (seed 000 l.276–279, 314–318, 502–508, 602–606): temporary and final versions,
the rules for a final plan, initiatives as dispositions on the next agenda of the case's forum, the PDF, the journal
rule, erasure, access requests and bundles. Real vaults in tmp_path, PDFs read back with pypdf."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from sspdesk import action_plans
from sspdesk.action_plans import PlanDraft, add_initiative, get_plan, plan_history, save_plan, set_initiative_done
from sspdesk.bundles.export import Selection
from sspdesk.bundles.importer import import_bundle
from sspdesk.cases import NewCase, get_case, register_case
from sspdesk.dispositions import (
    PLAN_FOLLOWUP,
    get_disposition,
    open_dispositions,
    propose_agenda,
    set_disposition_done,
    update_disposition,
)
from sspdesk.domain.action_plan import Initiative
from sspdesk.domain.errors import Invalid
from sspdesk.duties import access_request, erasure
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from support.bundles import export_to
from support.records import CPR, dump_text, marker_rows

MONDAY = date(2026, 3, 2)
NAME = "Oskar Opdigtet"
TEXTS = {
    "ansvarlig_myndighed": "Social & Familie",
    "indsatsforloeb": "Mentorforløb og skoleplan.",
    "ung_kort": "Fast mentor to gange om ugen.",
    "ung_lang": "Fritidsjob og fast klub.",
    "familie_kort": "Hjemmebesøg og forældresamtale.",
    "familie_lang": "Familiebehandling.",
}
AFTERCARE = "Efterværn i seks måneder: mentoren bliver, let adgang til sagsbehandleren."


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def initiatives() -> tuple[Initiative, ...]:
    return (
        Initiative("Mentorforløb etableres", "Social & Familie", "2026-03-20", "familieafdeling"),
        Initiative("Skoleplan med AKT-lærer", "Nordskolen", "2026-03-27", "skole"),
    )


@pytest.fixture
def sag(vault: Vault) -> str:
    """A level II sag (Mødeforum Sagsmøde, area Nord) registered Monday 2 March 2026."""
    new = NewCase(level="II", subject="Gentagne butikstyverier", person_name=NAME, cpr=CPR, area="Nord")
    return register_case(vault, new, today=MONDAY).id


def temporary(vault: Vault, case_id: str, texts: dict[str, str] | None = None) -> None:
    save_plan(vault, case_id, PlanDraft(texts or TEXTS, initiatives()), today=date(2026, 3, 5))


def deadline_states(vault: Vault, case_id: str) -> dict[str, str]:
    return {d.kind: d.status for d in get_case(vault, case_id).deadlines}


# -- versions --------------------------------------------------------------------------------------------------


def test_a_temporary_plan_comes_first_and_the_final_one_keeps_it_in_the_history(vault: Vault, sag: str) -> None:
    """Seed 000 l.506–508 and 602: a temporary plan within 7 dage, the final one within 3 uger."""
    assert get_plan(vault, sag) is None
    temporary(vault, sag)
    first = get_plan(vault, sag)
    assert first is not None and first.version == "midlertidig" and first.author == "Test Koordinator"
    assert deadline_states(vault, sag)["action_plan_temporary"] == "done"
    assert deadline_states(vault, sag)["action_plan_final"] == "open"
    draft = PlanDraft({**TEXTS, "eftervaern": AFTERCARE}, first.initiatives)
    final = save_plan(vault, sag, draft, final=True, today=date(2026, 3, 20))
    assert final.version == "endelig" and final.text("eftervaern") == AFTERCARE
    assert [p.version for p in plan_history(vault, sag)] == ["endelig", "midlertidig"]
    assert [i.id for i in final.initiatives] == [i.id for i in first.initiatives]  # the same initiatives go on
    assert deadline_states(vault, sag)["action_plan_final"] == "done"
    assert any(e.action == "case.action_plan" for e in audit.entries(vault.conn))


def test_a_plan_cannot_be_made_final_without_aftercare(vault: Vault, sag: str) -> None:
    """Seed 000 l.317: "inden opstart af enhver indsats, medregnes et efterværnsforløb"."""
    temporary(vault, sag)
    with pytest.raises(Invalid) as refused:
        save_plan(vault, sag, PlanDraft(TEXTS, get_plan(vault, sag).initiatives), final=True)
    assert refused.value.field == "eftervaern" and "uden efterværn" in refused.value.message
    assert [p.version for p in plan_history(vault, sag)] == ["midlertidig"]  # nothing saved
    assert deadline_states(vault, sag)["action_plan_final"] == "open"


def test_a_final_plan_holds_a_short_and_a_long_term_plan_for_the_young_person_and_the_family(
    vault: Vault, sag: str
) -> None:
    """Seed 000 l.604–605: "skal indeholde både en kortsigtet og en langsigtet plan ... den unge og hele familien"."""
    texts = {**TEXTS, "familie_lang": "", "eftervaern": AFTERCARE}
    with pytest.raises(Invalid) as refused:
        save_plan(vault, sag, PlanDraft(texts, initiatives()), final=True)
    assert refused.value.field == "familie_lang" and "langsigtet plan for familien" in refused.value.message
    with pytest.raises(Invalid, match="uden initiativer"):
        save_plan(vault, sag, PlanDraft({**TEXTS, "eftervaern": AFTERCARE}), final=True)
    undated = (Initiative("Mentorforløb", "Social & Familie"),)
    with pytest.raises(Invalid, match="mangler en frist"):
        save_plan(vault, sag, PlanDraft({**TEXTS, "eftervaern": AFTERCARE}, undated), final=True)
    assert plan_history(vault, sag) == []


def test_a_final_plan_is_not_saved_back_as_temporary(vault: Vault, sag: str) -> None:
    save_plan(vault, sag, PlanDraft({**TEXTS, "eftervaern": AFTERCARE}, initiatives()), final=True)
    with pytest.raises(Invalid, match="allerede endelig"):
        save_plan(vault, sag, PlanDraft(TEXTS, ()))
    added = add_initiative(vault, sag, "Fritidsjob", "Jobcenteret", due="2026-05-01", party_type="Jobcenter")
    assert added.is_final and added.initiatives[-1].party_type == "jobcenter"  # a final plan stays final


def test_an_initiative_needs_what_and_who_and_a_known_party_type(vault: Vault, sag: str) -> None:
    with pytest.raises(Invalid, match="hvem der handler"):
        save_plan(vault, sag, PlanDraft(TEXTS, (Initiative("Mentor", ""),)))
    with pytest.raises(Invalid, match="ukendt type"):
        save_plan(vault, sag, PlanDraft(TEXTS, (Initiative("Mentor", "Social & Familie", party_type="spøgelse"),)))
    with pytest.raises(Invalid, match="mindst ét initiativ"):
        save_plan(vault, sag, PlanDraft({}, (Initiative("", ""),)))  # an empty table row is no initiative
    assert plan_history(vault, sag) == []


# -- initiatives are dispositions ---------------------------------------------------------------------------------


def test_each_initiative_comes_back_on_the_next_agenda_proposal_of_the_cases_forum(vault: Vault, sag: str) -> None:
    """Seed 000 l.502–503 (hvordan, hvem, tidsramme) and DOMAIN: follow-up at the next meeting of that forum."""
    temporary(vault, sag)
    ids = {i.id for i in get_plan(vault, sag).initiatives}
    proposal = propose_agenda(vault, "Sagsmøde", "2026-04-01 10:00")
    item = next(i for i in proposal.items if i.case_id == sag)
    assert set(item.followups) == ids and PLAN_FOLLOWUP in item.reason
    carried = {d.id: d for d in proposal.carried}
    assert {carried[i].owner for i in ids} == {"Social & Familie", "Nordskolen"}
    assert all(carried[i].origin == "Handleplan" for i in ids)
    other = propose_agenda(vault, "Koordinationsmøde", "2026-04-01 10:00")
    assert not ids & {d.id for d in other.carried}  # another forum does not follow up on this case's plan
    assert ids <= {d.id for d in open_dispositions(vault)}  # Overblik lists them


def test_completing_the_disposition_at_a_meeting_marks_the_initiative_done(vault: Vault, sag: str) -> None:
    temporary(vault, sag)
    first = get_plan(vault, sag).initiatives[0]
    set_disposition_done(vault, first.id, today=date(2026, 4, 1))
    plan = get_plan(vault, sag)
    assert plan.initiatives[0].is_done and plan.initiatives[0].done_on == "2026-04-01"
    assert not plan.initiatives[1].is_done
    assert first.id not in {d.id for d in propose_agenda(vault, "Sagsmøde", "2026-04-15 10:00").carried}


def test_marking_the_initiative_done_marks_its_disposition(vault: Vault, sag: str) -> None:
    temporary(vault, sag)
    second = get_plan(vault, sag).initiatives[1]
    set_initiative_done(vault, sag, second.id, today=date(2026, 3, 30))
    assert get_disposition(vault, second.id).status == "done"
    set_initiative_done(vault, sag, second.id, False)
    assert get_disposition(vault, second.id).status == "open" and not get_plan(vault, sag).initiatives[1].is_done


def test_changing_the_plan_updates_the_dispositions_and_removing_an_open_initiative_deletes_its_one(
    vault: Vault, sag: str
) -> None:
    temporary(vault, sag)
    first, second = get_plan(vault, sag).initiatives
    changed = Initiative("Mentorforløb med ny mentor", "Social & Familie", "2026-03-24", "familieafdeling", first.id)
    save_plan(vault, sag, PlanDraft(TEXTS, (changed,)))
    moved = get_disposition(vault, first.id)
    assert (moved.what, moved.due) == ("Mentorforløb med ny mentor", "2026-03-24")
    assert second.id not in {d.id for d in open_dispositions(vault)}
    assert [i.id for i in get_plan(vault, sag).initiatives] == [first.id]


def test_a_disposition_of_the_plan_is_changed_only_in_the_plan(vault: Vault, sag: str) -> None:
    temporary(vault, sag)
    with pytest.raises(Invalid, match="handleplan"):
        update_disposition(vault, get_plan(vault, sag).initiatives[0].id, what="Noget andet")


# -- the journal rule, printing, erasure, access, bundles ------------------------------------------------------------


def test_a_journal_has_no_handleplan(vault: Vault) -> None:
    """Seed 000 ch. 5a: a DKE-Journal holds no person data; the handleplan belongs to niveau II and III (l.277)."""
    journal = register_case(vault, NewCase(level="I", subject="Uro i skolegården"), today=MONDAY).id
    for attempt in (
        lambda: save_plan(vault, journal, PlanDraft(TEXTS, initiatives())),
        lambda: get_plan(vault, journal),
        lambda: action_plans.plan_pdf(vault, journal),
    ):
        with pytest.raises(Invalid) as refused:
            attempt()
        assert "kun til en DKE-Sag" in refused.value.message
    assert vault.conn.execute("SELECT count(*) FROM case_sections WHERE section = 'handleplan'").fetchone()[0] == 0


def test_the_printed_plan_has_the_seeds_headings_and_the_letterhead(vault: Vault, sag: str) -> None:
    vault.set_setting("municipality", "Demo Kommune")
    save_plan(vault, sag, PlanDraft({**TEXTS, "eftervaern": AFTERCARE}, initiatives()), final=True)
    text = pdf_text(action_plans.plan_pdf(vault, sag))
    for expected in (
        "Demo Kommune",
        "Kriminalpræventiv handleplan",
        "Endelig handleplan",
        NAME,
        "050310-4321",
        "INDSATSFORLØB",
        "INITIATIVER OG HANDLEPLIGTER",
        "Mentorforløb etableres",
        "Familieafdeling",
        "20.03.2026",
        "PLAN FOR DEN UNGE",
        "Kortsigtet plan for den unge",
        "PLAN FOR HELE FAMILIEN",
        "Langsigtet plan for familien",
        "EFTERVÆRN",
        "Efterværn i seks måneder",
        "Fortroligt",
    ):
        assert expected in text, expected
    assert any(e.action == "pdf.action_plan" for e in audit.entries(vault.conn))


def test_a_sag_without_a_plan_prints_none(vault: Vault, sag: str) -> None:
    with pytest.raises(Invalid, match="ingen handleplan"):
        action_plans.plan_pdf(vault, sag)


def test_the_handleplan_goes_with_the_sag_when_the_person_is_erased(vault: Vault, sag: str) -> None:
    save_plan(vault, sag, PlanDraft({**TEXTS, "eftervaern": "PLANMARKØR efterværn"}, initiatives()), final=True)
    add_initiative(vault, sag, "PLANMARKØR initiativ", "Klubben", due="2026-04-30")
    assert marker_rows(vault, "PLANMARKØR")
    erasure.erase_person(vault, CPR, confirm=True)
    assert marker_rows(vault, "PLANMARKØR") == []
    assert "PLANMARKØR" not in dump_text(vault.path)
    assert not [d for d in open_dispositions(vault) if d.case_id == sag]


def test_an_access_request_shows_the_handleplan(vault: Vault, sag: str) -> None:
    save_plan(vault, sag, PlanDraft({**TEXTS, "eftervaern": AFTERCARE}, initiatives()), final=True)
    text = pdf_text(access_request.access_request_pdf(vault, CPR))
    for expected in ("KRIMINALPRÆVENTIV HANDLEPLAN", "Endelig", AFTERCARE, "Initiativ 1", "Mentorforløb etableres"):
        assert expected in text, expected
    assert "initiativ_01" not in text  # the stored keys are read back as a plan, not printed raw


def test_the_plan_and_its_initiatives_travel_with_the_sag_in_a_bundle(pair, tmp_path: Path) -> None:
    a, b = pair
    case_id = register_case(a, NewCase(level="II", subject="Indbrud", person_name=NAME, cpr=CPR)).id
    save_plan(a, case_id, PlanDraft(TEXTS, initiatives()))
    import_bundle(b, export_to(a, b, tmp_path / "a.sspbundle", Selection(case_refs=(case_id,))), trust_new_sender=True)
    arrived = get_plan(b, case_id)
    assert arrived is not None and [i.what for i in arrived.initiatives] == [i.what for i in initiatives()]
    assert {d.id for d in open_dispositions(b)} == {i.id for i in arrived.initiatives}
