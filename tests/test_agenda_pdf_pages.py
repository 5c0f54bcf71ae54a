"""The agenda PDF keeps each item on one page without wasting pages (issue 21: ten items spread over nine pages,
because an item's KeepTogether held another KeepTogether). Read back with pypdf; invented cases."""

from __future__ import annotations

import io

from pypdf import PdfReader

from sspdesk.cases import NewCase, register_case
from sspdesk.dispositions import add_disposition
from sspdesk.meetings import add_item, agenda_pdf, create_meeting, get_meeting, minutes_pdf
from sspdesk.store.vault import Vault

ITEMS = 10


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def meeting_with_ten_followed_up_items(vault: Vault) -> str:
    """A Koordinationsmøde whose proposed agenda carries ten journals, each with two dispositions to follow up."""
    first = create_meeting(vault, "Koordinationsmøde", "2026-02-10 14:00", area="Nord", accept_agenda=False).detail.id
    for number in range(1, ITEMS + 1):
        case = register_case(vault, NewCase(level="I", subject=f"Uro i skolegården {number}", area="Nord")).id
        item = add_item(vault, first, "case", case_ref=case).id
        for task in ("fravær", "trivsel"):
            add_disposition(vault, first, "Skolen", f"Følger op på {task} (punkt {number})", item_id=item)
    following = create_meeting(vault, "Koordinationsmøde", "2026-03-10 14:00", area="Nord", accept_agenda=True)
    assert len(get_meeting(vault, following.detail.id).items) == ITEMS
    return following.detail.id


def test_ten_ordinary_agenda_items_fit_on_three_pages_and_none_is_split(vault: Vault) -> None:
    pages = page_texts(agenda_pdf(vault, meeting_with_ten_followed_up_items(vault)))
    assert len(pages) <= 3
    for number in range(1, ITEMS + 1):
        heading = f"{number}. J-2026-{number:04d} – Uro i skolegården {number}"
        on = [index for index, page in enumerate(pages) if heading in page]
        assert len(on) == 1, heading
        page = pages[on[0]]
        # the item's heading and both of its dispositions (the last line of the item) on the same page
        assert f"Følger op på fravær (punkt {number})" in page
        assert f"Følger op på trivsel (punkt {number})" in page


def test_every_agenda_page_but_the_last_is_filled_with_items(vault: Vault) -> None:
    pages = page_texts(agenda_pdf(vault, meeting_with_ten_followed_up_items(vault)))
    items_on = [page.count("Opfølgning på dispositioner:") for page in pages]
    assert items_on[0] >= 2  # below the meeting's table and the participants
    assert all(count >= 4 for count in items_on[1:-1])


def test_the_draft_minutes_of_the_same_meeting_are_as_compact(vault: Vault) -> None:
    assert len(page_texts(minutes_pdf(vault, meeting_with_ten_followed_up_items(vault)))) <= 4
