"""The appeal letter in a real browser: the live character count on its long texts, autocomplete on the person's
details, a personnummer message that says what is wrong, and axe-core at 1280 and 320 px."""

import re

import pytest
from playwright.sync_api import expect

from core.tests.count_browser import NBSP, check_live_count, count_parts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_appeal_letter_counts_and_checks(page, axe, transactional_tree, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/vart-vander-jag-mig/overklaga/hjalp/")
    page.locator("#id_decision_0").check()
    page.locator("#id_received_0").fill("3")
    page.locator("#id_received_1").fill("12")
    page.locator("#id_received_2").fill("2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Visa sista dagen").click()

    _, _, visible, _ = count_parts(page, "id_reasons")
    expect(visible).to_have_text(f"Du har 8{NBSP}000 tecken kvar")
    axe(page, context_name=f"appeal letter, count at {width} px")
    check_live_count(page, "id_change", limit=4_000)
    check_live_count(page, "id_reasons", limit=8_000)
    for name, token in [("name", "name"), ("address", "street-address"), ("postcode", "postal-code")]:
        assert page.locator(f"#id_{name}").get_attribute("autocomplete") == token

    page.locator("#id_change").fill("Jag vill få daglig verksamhet tre dagar i veckan.")
    page.locator("#id_reasons").fill("Jag behöver sysselsättning och gemenskap.")
    page.locator("#id_personal_number").fill("19121212-1213")
    with page.expect_navigation():
        page.get_by_role("button", name="Ladda ner överklagandet (pdf)").click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.locator("#error-summary")).to_contain_text(
        "Kontrollsiffran stämmer inte – kontrollera att du skrivit rätt"
    )
    expect(page.locator("#id_personal_number")).to_have_value("19121212-1213")
    expect(page.locator("#id_reasons")).to_have_value("Jag behöver sysselsättning och gemenskap.")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    axe(page, context_name=f"appeal letter, wrong personnummer at {width} px")
