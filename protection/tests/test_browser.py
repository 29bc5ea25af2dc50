"""Protected personal details on the staff case page, in a real browser with axe-core at 1280 and 320 pixels:
marking the sender hides their details from the contact staff (the intake's question is checked with axe by
intake/tests/test_browser.py, which walks every page)."""

import pytest
from playwright.sync_api import expect

from cases.models import ContactPreference
from protection.tests.test_protection import NAME
from staff.tests.conftest import register

pytestmark = [pytest.mark.browser]


def _reflows(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 320])
def test_staff_mark_the_sender_and_their_details_are_hidden(
    page, axe, login_staff, transactional_tree, width
):
    tree = transactional_tree
    case = register(
        tree,
        contact_name=NAME,
        contact_address="Hemliga gatan 7\n900 00 Testby",
        preferred_contact=ContactPreference.POST,
    )
    page.set_viewport_size({"width": width, "height": 900})
    login_staff(page, tree.contact_staff)
    page.goto(f"/personal/arende/{case.pk}/")
    section = page.get_by_role("region", name="Skyddade personuppgifter")
    expect(section).to_contain_text("Ingen i ärendet är markerad med skyddade personuppgifter.")
    expect(page.get_by_text(NAME).first).to_be_visible()
    # The case page holds no form: the marking has a page of its own.
    section.get_by_role("link", name="Ändra vem som har skyddade personuppgifter").click()
    axe(page, context_name=f"protected personal details, the form, at {width} px")
    assert _reflows(page)
    page.get_by_label("Avsändaren").check()
    page.get_by_role("button", name="Spara skyddade personuppgifter").click()
    expect(page.get_by_text("Sparat vem som har skyddade personuppgifter.")).to_be_visible()
    section = page.get_by_role("region", name="Skyddade personuppgifter")
    expect(section).to_contain_text("Avsändaren har skyddade personuppgifter.")
    expect(page.get_by_text(NAME)).to_have_count(0)
    expect(page.get_by_text("Hemliga gatan")).to_have_count(0)
    axe(page, context_name=f"case page, protected sender, at {width} px")
    assert _reflows(page)
