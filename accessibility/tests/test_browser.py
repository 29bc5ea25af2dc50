"""The accessibility statement and a problem report in a real browser, with axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_reports_an_accessibility_problem(page, axe, transactional_tree):
    page.goto("/tillganglighet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tillgänglighetsredogörelse")
    axe(page, context_name="statement")
    page.get_by_role("link", name="Rapportera ett tillgänglighetsproblem").click()
    axe(page, context_name="report form")
    page.get_by_label("Var var det? (valfritt)").fill("Startsidan")
    page.get_by_role("button", name="Skicka").click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("Var var det? (valfritt)")).to_have_value("Startsidan")
    axe(page, context_name="report form with an error")
    page.get_by_label("Vad är problemet?").fill("Länkarna syns inte när jag använder tangentbordet.")
    # The honeypot is off screen, out of the tab order and hidden from assistive technology.
    honeypot = page.locator("#id_website")
    assert honeypot.get_attribute("tabindex") == "-1"
    box = honeypot.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0
    expect(page.get_by_role("textbox", name="Lämna det här fältet tomt")).to_have_count(0)
    page.get_by_role("button", name="Skicka").click()
    expect(page).to_have_url(re.compile(r"/tillganglighet/tack/$"))
    case = Case.objects.get()
    expect(page.locator("main")).to_contain_text(case.reference_number)
    axe(page, context_name="thanks")


def test_the_statement_in_english(page, axe, transactional_tree):
    page.goto("/tillganglighet/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    axe(page, context_name="statement, English")


@pytest.mark.parametrize("width", [1280, 320])
def test_the_statement_and_report_form_reflow(page, axe, transactional_tree, width):
    page.set_viewport_size({"width": width, "height": 900})
    for url, name in (("/tillganglighet/", "statement"), ("/tillganglighet/rapportera/", "report form")):
        page.goto(url)
        # A long word such as "Tillgänglighetsredogörelse" breaks instead of pushing the page sideways.
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), (url, width)
        axe(page, context_name=f"{name} at {width} px")
