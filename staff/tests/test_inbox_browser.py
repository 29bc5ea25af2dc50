"""The inbox for triage in a real browser, at 1280 and at 320 pixels with axe-core on each: several pages of cases,
the total, the page links, the short subject (another script, a long word), and the order chosen in the form;
and the same without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from cases.services import case_categorise
from organisations.services import category_create
from staff.tests.conftest import register

pytestmark = [pytest.mark.browser]

SUBJECT = "שלום – Äldreomsorgsförvaltningsenhetsområdesuppdragsbeskrivningen"


def _cases(tree) -> None:
    """31 cases for the care home's contact staff (two pages), one of them concerning a topic named in another
    script with a long word, as an organisation might name one."""
    for days in range(30):
        register(tree, days_ago=days % 18)
    odd = register(tree, days_ago=1)
    topic = category_create(organisation=tree.organisation, dimension="topic", name=SUBJECT, acting_user=None)
    case_categorise(case=odd, topics=[topic], causes=[], acting_user=tree.contact_staff)


def _reflows(page) -> bool:
    """Nothing wider than the window: no scrolling sideways for the page (WCAG 1.4.10)."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 320])
def test_the_inbox_pages_and_orders_at_1280_and_320_pixels(page, axe, login_staff, transactional_tree, width):
    tree = transactional_tree
    _cases(tree)
    page.set_viewport_size({"width": width, "height": 900})
    login_staff(page, tree.contact_staff)
    page.goto("/personal/")
    table = page.get_by_role("table", name="Ärende 1–25 av 31, kortast tid kvar först")
    table.wait_for()
    assert table.get_by_role("row").count() == 26  # the header row and 25 cases
    expect(page.get_by_role("region", name="Ärende 1–25 av 31, kortast tid kvar först")).to_be_visible()
    axe(page, context_name=f"inbox, first of two pages, at {width} px")
    assert _reflows(page)

    pages = page.get_by_role("navigation", name="Sidor")
    assert pages.get_by_role("link", name="Sida 1").get_attribute("aria-current") == "page"
    assert pages.get_by_role("link", name="Sida 2").get_attribute("aria-current") is None
    pages.get_by_role("link", name="Nästa sida").click()
    page.wait_for_url(re.compile(r"page=2"))
    table = page.get_by_role("table", name="Ärende 26–31 av 31, kortast tid kvar först")
    table.wait_for()
    assert pages.get_by_role("link", name="Sida 2").get_attribute("aria-current") == "page"
    subject = table.get_by_text(SUBJECT)
    expect(subject).to_be_visible()
    assert subject.evaluate("element => element.tagName") == "BDI"
    axe(page, context_name=f"inbox, second page, at {width} px")
    assert _reflows(page)

    # The order, chosen in the form: the most recently received first, from the first page again.
    page.get_by_label("Ordning").select_option(label="Senast inkomna först")
    page.get_by_role("button", name="Visa ärenden").click()
    page.wait_for_url(re.compile(r"sort=newest"))
    table = page.get_by_role("table", name="Ärende 1–25 av 31, senast inkomna först")
    table.wait_for()
    header = table.get_by_role("columnheader", name="Inkom")
    assert header.get_attribute("aria-sort") == "descending"
    assert "page=" not in page.url
    axe(page, context_name=f"inbox, most recently received first, at {width} px")
    assert _reflows(page)
    pages.get_by_role("link", name="Sida 2").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "sort=newest" in page.url
    page.get_by_role("table", name="Ärende 26–31 av 31, senast inkomna först").wait_for()


def test_the_pages_and_the_order_work_without_javascript(
    _playwright_browser, live_server, login_staff, transactional_tree
):
    tree = transactional_tree
    _cases(tree)
    context = _playwright_browser.new_context(
        locale="sv-SE", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login_staff(page, tree.contact_staff)
        page.goto("/personal/?tab=scope")
        page.get_by_role("table", name="Ärende 1–25 av 31, kortast tid kvar först").wait_for()
        page.get_by_role("navigation", name="Sidor").get_by_role("link", name="Sida 2").click()
        page.get_by_role("table", name="Ärende 26–31 av 31, kortast tid kvar först").wait_for()
        assert "tab=scope" in page.url
        page.get_by_label("Ordning").select_option(label="Tidigast inkomna först")
        page.get_by_role("button", name="Visa ärenden").click()
        page.get_by_role("table", name="Ärende 1–25 av 31, tidigast inkomna först").wait_for()
        assert "sort=oldest" in page.url and "tab=scope" in page.url
    finally:
        context.close()
