"""The staff frame in a real browser: axe-core (WCAG 2.1 AA) at 1280 and 320 pixels on the inbox and the case page,
and a member of staff who logs in, opens a case from the inbox, informs the sender, closes the case and logs out
by keyboard alone (Tab, Shift+Tab, Enter, Space and typing: no mouse)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.testing import totp_code_for
from cases.models import CaseState
from cases.tests.handling_helpers import register
from organisations.testing import TEST_PASSWORD


def _tab_to(page, predicate: str, *, most: int = 60) -> None:
    """Press Tab until the focused element satisfies `predicate` (JavaScript, given the element)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def _named(text: str) -> str:
    return f"el => (el.textContent || '').trim() === {text!r}"


def _labelled(label: str) -> str:
    return f"el => el.labels && el.labels.length > 0 && el.labels[0].textContent.trim().startsWith({label!r})"


def _header_fits(page) -> bool:
    return page.evaluate(
        "() => [...document.querySelectorAll('.site-header, .staff-nav')]"
        ".every(el => el.scrollWidth <= window.innerWidth)"
    )


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_the_inbox_and_the_case_page_in_the_frame_pass_axe(page, axe, login_staff, transactional_tree, width):
    tree = transactional_tree
    case = register(tree)
    page.set_viewport_size({"width": width, "height": 900})
    login_staff(page, tree.contact_staff)
    page.goto("/personal/")
    page.get_by_role("heading", name="Inkorg", level=1).wait_for()
    nav = page.get_by_role("navigation", name="Personalmeny")
    assert nav.get_by_role("link", name="Inkorg").get_attribute("aria-current") == "page"
    expect(page.get_by_role("banner").get_by_text("Anna Kontaktsson")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"Du loggas ut kl\. \d\d:\d\d om du inte gör något\."))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Logga ut", exact=True)).to_be_visible()
    assert _header_fits(page)
    axe(page, context_name=f"inbox in the staff frame at {width} px")

    page.goto(f"/personal/arende/{case.pk}/")
    assert nav.get_by_role("link", name="Inkorg").get_attribute("aria-current") == "true"
    assert _header_fits(page)
    axe(page, context_name=f"case page in the staff frame at {width} px")


@pytest.mark.browser
def test_log_in_handle_a_case_and_log_out_by_keyboard_alone(page, axe, transactional_tree):
    tree = transactional_tree
    case = register(tree)
    person = tree.contact_staff
    code = totp_code_for(person)

    page.goto("/konto/logga-in/")
    _tab_to(page, _labelled("Användarnamn"))
    page.keyboard.type(person.username)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/konto/tvastegsverifiering/**")
    _tab_to(page, _labelled("Kod"))
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/personal/$"))
    page.get_by_role("heading", name="Inkorg", level=1).wait_for()

    # From the inbox to the case, by its reference.
    _tab_to(page, _named(case.reference_number))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))

    # One handling step: inform the sender, on the form's own page.
    _tab_to(page, _named("Informera avsändaren om vad som ska hända"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/informera/$"))
    _tab_to(page, _labelled("Vad som ska hända med ärendet"))
    page.keyboard.type("Vi pratar med personalen och återkommer.")
    _tab_to(page, _named("Skicka informationen"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    expect(page.get_by_text("Avsändaren är informerad.")).to_be_visible()

    # And the closure: the final answer.
    _tab_to(page, _named("Ge det slutliga svaret och avsluta ärendet"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/avsluta/$"))
    _tab_to(page, _labelled("Slutligt svar till avsändaren"))
    page.keyboard.type("Vi har pratat med personalen. Tack för att du hörde av dig.")
    # What it concerned and the cause found, ticked with Space.
    _tab_to(page, _labelled("Bemötande"))
    page.keyboard.press("Space")
    _tab_to(page, _labelled("Rutiner saknades eller följdes inte"))
    page.keyboard.press("Space")
    _tab_to(page, _named("Skicka svaret och avsluta"))
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    expect(page.get_by_text("Inget mer kan göras med ärendet.")).to_be_visible()
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED

    # Log out from the frame: the button is reached by Tab, its focus is visible, and Space presses it.
    _tab_to(page, _named("Logga ut"))
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Space")
    page.wait_for_url("**/konto/logga-in/")
    page.goto("/personal/")
    page.wait_for_url("**/konto/logga-in/?next=/personal/")  # the session is gone, not just the page
