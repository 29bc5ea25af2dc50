"""In a real browser, at 1280 and at 320 pixels with axe-core on each: the case page's letters and related cases.

A holder's manager prints the 14-day notice to a sender who chose post as a letter, links a second case about the
same matter, sees it on the case page, and removes the link again."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import CaseRelation, ContactPreference
from cases.services import case_inform
from cases.tests.handling_helpers import register
from documents.tests.pdfcheck import is_tagged, text_of

pytestmark = [pytest.mark.browser]

WIDTHS = (1280, 320)


def axe_at_each_width(page, axe, *, context_name: str, section=None) -> None:
    """axe at each width; at each, the section (if given) is not wider than the window (it reflows)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        axe(page, context_name=f"{context_name}, {width} px")
        if section is not None:
            overflow = section.evaluate("element => element.scrollWidth - element.clientWidth")
            assert overflow <= 0, f"{context_name} is {overflow} px too wide at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_manager_prints_a_letter_and_links_a_related_case(transactional_tree, page, axe, login_staff):
    tree = transactional_tree
    case = register(
        tree,
        contact_email="",
        contact_address="Storgatan 1\n900 00 Testby",
        preferred_contact=ContactPreference.POST,
    )
    case_inform(case=case, body="Vi pratar med personalen och återkommer.", acting_user=tree.contact_staff)
    twin = register(tree, contact_name="Tolvan Tolvansson")

    page.set_viewport_size({"width": 1280, "height": 900})
    login_staff(page, tree.unit_manager)
    page.goto(f"/personal/arende/{case.pk}/")
    related = page.locator("section[aria-labelledby='case-related-heading']")
    expect(related.get_by_text("Inga relaterade ärenden är kopplade till det här ärendet.")).to_be_visible()
    axe_at_each_width(page, axe, context_name="case page with a letter to print", section=related)

    # The letter, at 320 px as well: a download, tagged, with the reference number and the date in words.
    page.set_viewport_size({"width": 320, "height": 900})
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Skriv ut som brev")).click()
    download = download_info.value
    assert (
        download.suggested_filename == f"brev-{case.reference_number.replace(' ', '-').replace('/', '-')}.pdf"
    )
    with open(download.path(), "rb") as handle:
        pdf = handle.read()
    assert is_tagged(pdf)
    text = " ".join(text_of(pdf).split())
    assert case.reference_number in text and "Vi pratar med personalen och återkommer." in text
    page.set_viewport_size({"width": 1280, "height": 900})

    related.get_by_role("link", name="Koppla ett relaterat ärende, eller ta bort en koppling").click()
    page.wait_for_url(re.compile(rf"/personal/handlaggning/{case.pk}/relaterade/$"))
    axe_at_each_width(page, axe, context_name="related cases page", section=page.locator("main"))

    # A reference number that is not found: the error summary, what was typed kept.
    page.get_by_label("Diarienummer för det relaterade ärendet").fill("SN 1999/99999")
    page.get_by_label("Samma sak, skriven två gånger").check()
    page.get_by_role("button", name="Koppla ärendena").click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.get_by_label("Diarienummer för det relaterade ärendet")).to_have_value("SN 1999/99999")
    axe_at_each_width(page, axe, context_name="related cases page, with an error")

    page.get_by_label("Diarienummer för det relaterade ärendet").fill(twin.reference_number)
    page.get_by_label("Samma sak, skriven två gånger").check()
    page.get_by_role("button", name="Koppla ärendena").click()
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    expect(page.get_by_text("Ärendena är kopplade.")).to_be_visible()
    expect(related.get_by_role("link", name=twin.reference_number)).to_be_visible()
    axe_at_each_width(page, axe, context_name="case page with a related case", section=related)

    related.get_by_role("link", name=twin.reference_number).click()
    page.wait_for_url(re.compile(rf"/personal/arende/{twin.pk}/"))
    expect(related.get_by_role("link", name=case.reference_number)).to_be_visible()

    related.get_by_role("link", name="Koppla ett relaterat ärende, eller ta bort en koppling").click()
    page.get_by_role("button", name=f"Ta bort kopplingen till {case.reference_number}").click()
    expect(page.get_by_text(f"Kopplingen till ärende {case.reference_number} är borttagen.")).to_be_visible()
    axe_at_each_width(page, axe, context_name="related cases page, link removed")
    assert not CaseRelation.objects.exists()
