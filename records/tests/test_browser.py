"""The register and request pages in a real browser, with axe-core (WCAG 2.1 AA) at 1280 and 320 pixels: the public
register with its search (and an error), its pages and the form to ask for documents (in Swedish and English); the
staff list, registering a request, and the request page with a masking (and a mask over nothing)."""

import re

import pytest
from playwright.sync_api import expect

from records.grounds import legal_grounds_seed
from records.models import DocumentRequest, Mask
from records.services import records_settings_change
from records.tests.conftest import SECRET_NAME, secret_case

pytestmark = [pytest.mark.browser]


def _reflows(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 320])
def test_anyone_searches_the_register_and_asks_for_documents(page, axe, transactional_tree, width):
    tree = transactional_tree
    cases = [secret_case(tree) for _ in range(27)]
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/diarium/")
    page.get_by_text("Inget diarium är publicerat här.").wait_for()  # unpublished by default
    axe(page, context_name=f"no register published at {width} px")
    records_settings_change(
        organisation=tree.organisation, changes={"register_published": True}, acting_user=None
    )

    page.goto("/diarium/")
    page.get_by_role("heading", name="Diarium – Testby kommun", level=1).wait_for()
    table = page.get_by_role("table", name="Ärende 1–25 av 27, senast inkomna först")
    table.wait_for()
    assert table.get_by_role("link").count() == 0  # nothing reachable from the register
    axe(page, context_name=f"register at {width} px")
    assert _reflows(page)
    page.get_by_role("navigation", name="Sidor").get_by_role("link", name="Nästa sida").click()
    page.get_by_role("table", name="Ärende 26–27 av 27, senast inkomna först").wait_for()

    page.get_by_label("Dag").first.fill("31")
    page.get_by_label("Månad").first.fill("2")
    page.get_by_label("År").first.fill("2026")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.locator("#error-summary").wait_for()
    assert page.title().startswith("Fel:")
    axe(page, context_name=f"register search with an error at {width} px")
    page.get_by_role("link", name="Rensa sökningen").click()
    page.get_by_label("Diarienummer").fill(cases[3].reference_number)
    page.get_by_role("button", name="Sök", exact=True).click()
    page.get_by_role("table", name="Ärende 1 av 1, senast inkomna först").wait_for()
    assert SECRET_NAME not in page.content()

    page.get_by_role("link", name="Begär att få ta del av handlingarna i ett ärende").click()
    page.get_by_role("heading", name="Begär att få ta del av handlingarna i ett ärende").wait_for()
    axe(page, context_name=f"request form at {width} px")
    page.get_by_label("Ärendets diarienummer").fill("SN 2026/99999")
    page.get_by_role("button", name="Skicka begäran").click()
    page.locator("#error-summary").wait_for()
    axe(page, context_name=f"request form with an error at {width} px")
    assert _reflows(page)
    page.get_by_label("Ärendets diarienummer").fill(cases[3].reference_number)
    page.get_by_role("button", name="Skicka begäran").click()
    page.get_by_role("heading", name="Vi har tagit emot din begäran").wait_for()
    axe(page, context_name=f"request received at {width} px")
    assert DocumentRequest.objects.get().case == cases[3]

    if width == 1280:
        page.get_by_role("link", name="Tillbaka till diariet").click()
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.get_by_role("heading", name="Public register – Testby kommun").wait_for()
        page.get_by_role("table", name="Cases 1–25 of 27, the most recently received first").wait_for()
        axe(page, context_name="register in English")


@pytest.mark.parametrize("width", [1280, 320])
def test_staff_register_review_and_mask_a_request(page, axe, login_staff, transactional_tree, width):
    tree = transactional_tree
    legal_grounds_seed()  # the transactional flush emptied what the migration seeded
    case = secret_case(tree)
    page.set_viewport_size({"width": width, "height": 900})
    login_staff(page, tree.contact_staff)
    page.get_by_role("navigation", name="Personalmeny").get_by_role(
        "link", name="Begäran om handlingar"
    ).click()
    page.get_by_role("heading", name="Begäran om allmän handling", level=1).wait_for()
    axe(page, context_name=f"request list, empty, at {width} px")

    page.get_by_role("link", name="Registrera en begäran").click()
    page.get_by_role("button", name="Registrera begäran").click()
    page.locator("#error-summary").wait_for()
    axe(page, context_name=f"register a request with errors at {width} px")
    assert _reflows(page)
    page.get_by_label("Ärendets diarienummer").fill(case.reference_number)
    page.get_by_label("Telefon").check()
    page.get_by_role("button", name="Registrera begäran").click()
    created = DocumentRequest.objects.get()
    heading = f"Begäran {created.pk} om ärende {case.reference_number}"
    page.get_by_role("heading", name=heading, level=1).wait_for()
    axe(page, context_name=f"request page at {width} px")

    section = page.locator("#part-field-what_happened")
    section.get_by_label("Text att maskera").fill("Ingen sådan text")
    section.get_by_role("button", name="Maskera texten").click()
    page.locator("#error-summary").wait_for()
    assert "Texten finns inte i den här delen" in page.locator("#error-summary").inner_text()
    axe(page, context_name=f"request page, mask over nothing, at {width} px")
    section = page.locator("#part-field-what_happened")
    section.get_by_label("Text att maskera").fill(SECRET_NAME)
    section.get_by_role("button", name="Maskera texten").click()
    page.wait_for_url(re.compile(r"#part-field-what_happened$"))
    page.locator("#part-field-what_happened mark").wait_for()
    assert Mask.objects.count() == 1
    axe(page, context_name=f"request page with a masking at {width} px")
    assert _reflows(page)

    page.get_by_role("link", name="Tillbaka till begärandena").click()
    page.get_by_role("table", name="Begäranden, närmast sista dag först").wait_for()
    axe(page, context_name=f"request list at {width} px")
    assert _reflows(page)
