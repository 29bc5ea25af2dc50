"""The API documentation page (/api/docs) in a real browser at 1280 and 320 px: axe-core (WCAG 2.1 AA) like every
other page, under the site's Content Security Policy."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_api_documentation_passes_axe(page, axe, transactional_tree, width):
    page.set_viewport_size({"width": width, "height": 900})
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto("/api/docs")
    assert page.locator("html").get_attribute("lang") == "sv"
    expect(page).to_have_title("API-dokumentation – Synpunkt API")
    expect(page.get_by_role("main")).to_have_count(1)
    # Swagger UI has drawn its heading and the operations from the OpenAPI description.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Synpunkt API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert not blocked, blocked
    axe(page, context_name=f"API docs at {width} px")
    # An operation opened by keyboard: its parameters and responses pass as well.
    page.locator(".opblock-summary-control").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".opblock-body").first).to_be_visible()
    axe(page, context_name=f"API docs, an operation open, at {width} px")
