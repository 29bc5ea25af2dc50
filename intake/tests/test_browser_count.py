"""The intake's long-text step in a real browser: the live character count (GOV.UK's pattern), the server's message
when the text is too long with everything kept, and axe-core at 1280 and 320 px."""

import re

import pytest
from playwright.sync_api import expect

from core.tests.count_browser import NBSP, check_live_count, count_parts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def continue_(page):
    with page.expect_navigation():
        page.locator("form.intake-form button[data-variant=primary]").click()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_live_count_on_what_happened(page, axe, transactional_tree, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/lamna/vad-galler/")
    page.locator("#id_kind_0").check()  # a complaint
    continue_(page)
    page.get_by_label("Solgårdens äldreboende").check()
    continue_(page)
    page.locator("#id_wants_manager_0").check()
    continue_(page)
    assert re.search(r"/lamna/vad-hande/$", page.url)

    _, _, visible, _ = count_parts(page, "id_what_happened")
    expect(visible).to_have_text(f"Du har 10{NBSP}000 tecken kvar")
    axe(page, context_name=f"what happened, count at {width} px")
    check_live_count(page, "id_what_happened", limit=10_000)

    # Too long: the browser lets it through, the server says by how much and keeps the text; the count agrees.
    text = "å" * 10_012
    page.locator("#id_what_happened").fill(text)
    page.locator("#id_about_person").fill("Nattpersonalen")
    continue_(page)
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text(
        f"Texten är 10{NBSP}012 tecken. Korta den till högst 10{NBSP}000 tecken."
    )
    expect(page.locator("#id_what_happened")).to_have_value(text)
    expect(page.locator("#id_about_person")).to_have_value("Nattpersonalen")
    expect(visible).to_have_text("Du har 12 tecken för mycket")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    axe(page, context_name=f"what happened, too long at {width} px")

    page.locator("#id_what_happened").fill("Ingen kom på kvällen.")
    continue_(page)
    assert re.search(r"/lamna/nar/$", page.url)


def test_without_javascript_the_limit_is_said_under_the_field(
    _playwright_browser, live_server, transactional_tree
):
    context = _playwright_browser.new_context(
        locale="sv-SE", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/lamna/vad-galler/")
        page.locator("#id_kind_0").check()
        continue_(page)
        page.get_by_label("Solgårdens äldreboende").check()
        continue_(page)
        page.locator("#id_wants_manager_0").check()
        continue_(page)
        expect(page.locator("#id_what_happened_count")).to_have_text(
            f"Du kan skriva upp till 10{NBSP}000 tecken"
        )
        expect(page.locator(".character-count__status")).to_have_count(0)
    finally:
        context.close()
