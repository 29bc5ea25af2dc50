"""The staff side in a real browser: log in, the inbox, filters, search, a case, a download; axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from audit.actions import Action
from audit.models import Event
from staff.tests.conftest import PDF_BYTES, pdf_upload, register


@pytest.mark.browser
def test_a_unit_manager_finds_and_opens_a_case(page, axe, login_staff, transactional_tree):
    tree = transactional_tree
    wanted = register(
        tree,
        what_happened="Min pappa fick ett nedlåtande bemötande av personalen på kvällen.",
        days_ago=20,
        attachments=[pdf_upload("brev från pappa.pdf")],
    )
    other = register(tree, what_happened="Maten serverades kall tre dagar i rad.", days_ago=2)
    at_home_care = register(tree, unit=tree.home_care, what_happened="Hemtjänsten kom inte på tisdagen.")
    outside = register(tree, unit=tree.group_home, what_happened="Dåligt bemötande på gruppbostaden.")

    login_staff(page, tree.unit_manager)
    page.goto("/personal/")
    page.get_by_role("heading", name="Inkorg", level=1).wait_for()
    axe(page, context_name="inbox, assigned to me")

    page.get_by_role("link", name="Min del av organisationen").click()
    page.wait_for_url(re.compile(r"tab=scope"))
    table = page.get_by_role("table")
    for case in (wanted, other, at_home_care):
        expect(table.get_by_role("link", name=case.reference_number)).to_be_visible()
    assert page.get_by_role("link", name=outside.reference_number).count() == 0
    expect(table.get_by_text("Försenat med 6 dagar")).to_be_visible()
    axe(page, context_name="inbox, my part of the organisation")

    # Filter: one unit, overdue only.
    page.get_by_label("Enhet").select_option(label="Solgårdens äldreboende")
    page.get_by_label("Bara ärenden där sista dagen att informera har passerat").check()
    page.get_by_role("button", name="Visa ärenden").click()
    page.wait_for_url(re.compile(r"overdue=1"))
    rows = page.get_by_role("table").get_by_role("row")
    assert rows.count() == 2  # the header and the overdue case
    expect(page.get_by_role("link", name=wanted.reference_number)).to_be_visible()
    axe(page, context_name="inbox, filtered")

    # Search, with the filters cleared: "bemötandet" finds "bemötande" (never the group home's case).
    page.get_by_role("link", name="Rensa filter och sökning").click()
    page.get_by_label("Sök", exact=True).fill("bemötandet")
    page.get_by_role("button", name="Visa ärenden").click()
    page.get_by_role("heading", name="Ärenden som matchar din sökning").wait_for()
    page.wait_for_url(re.compile(r"search="))
    assert "bemötandet" not in page.url
    links = page.get_by_role("table").get_by_role("link")
    assert links.count() == 1
    assert links.first.inner_text() == wanted.reference_number
    axe(page, context_name="inbox, search results")

    links.first.click()
    page.get_by_role("heading", name=wanted.reference_number, level=1).wait_for()
    expect(
        page.get_by_text("Min pappa fick ett nedlåtande bemötande av personalen på kvällen.")
    ).to_be_visible()
    axe(page, context_name="case page")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner brev från pappa.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "brev från pappa.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF_BYTES

    page.get_by_role(
        "link", name="Ärendets logg: allt som har gjorts med ärendet och vem som har läst det"
    ).click()
    page.get_by_role("heading", name=f"Logg för ärende {wanted.reference_number}", level=1).wait_for()
    expect(page.get_by_role("cell", name="Öppnade en bilaga").first).to_be_visible()
    axe(page, context_name="case log")
    page.get_by_role("link", name=f"Tillbaka till ärende {wanted.reference_number}").click()
    page.get_by_role("heading", name=wanted.reference_number, level=1).wait_for()

    assert Event.objects.filter(case=wanted, action=Action.VIEWED, actor=tree.unit_manager).count() == 3
    assert Event.objects.filter(case=wanted, action=Action.ATTACHMENT_DOWNLOADED).count() == 1
    assert Event.objects.filter(action="searched", actor=tree.unit_manager).count() >= 1
    assert not Event.objects.filter(case=outside).exclude(action__in=["registered", "assigned"]).exists()


@pytest.mark.browser
def test_the_inbox_works_without_javascript(
    _playwright_browser, live_server, login_staff, transactional_tree
):
    tree = transactional_tree
    wanted = register(tree, what_happened="Ett kränkande bemötande i matsalen.")
    register(tree, what_happened="Ingen kom till mötet.")
    context = _playwright_browser.new_context(
        locale="sv-SE", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login_staff(page, tree.contact_staff)
        page.goto("/personal/")
        page.get_by_label("Sök", exact=True).fill("bemötandet")
        page.get_by_role("button", name="Visa ärenden").click()
        page.get_by_role("heading", name="Ärenden som matchar din sökning").wait_for()
        links = page.get_by_role("table").get_by_role("link")
        assert links.count() == 1 and links.first.inner_text() == wanted.reference_number
        assert page.get_by_label("Sök", exact=True).input_value() == "bemötandet"
    finally:
        context.close()
