"""BankID in a real browser against the project's own BankID test server (mutual TLS), whose phone page plays the
person's phone in a second tab: the whole way to "Mina ärenden", every way it can fail, and without JavaScript.
axe-core (WCAG 2.1 AA) runs on every page, at 1280 and at 320 pixels."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from bankid.certificates import stranger
from bankid.identity import identified_person
from citizen.services import case_tie_to_person
from citizen.tests.conftest import register
from core.personnummer import parse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KARIN = identified_person(parse("19121212-1212"), name="Karin Exempel", given_name="Karin", surname="Exempel")


def phone(page, server):
    """The person's phone: the test server's page, in a tab of its own."""
    tab = page.context.new_page()
    tab.goto(server.phone_url)
    return tab


RELOAD_TRIES = 3


def on_phone(tab, button, *, person=None):
    """Press `button` on the phone page (a form the test server answers), and wait until its answer has loaded:
    a reload while the answer is still on its way fails ("Not attached to an active page") on a busy machine.

    While no order waits, the phone page reloads itself every two seconds (a meta refresh): a reload of ours that
    meets that navigation is aborted (net::ERR_ABORTED), and the next one finds the page loaded."""
    for attempt in range(1, RELOAD_TRIES + 1):
        try:
            tab.reload()
            break
        except PlaywrightError:
            if attempt == RELOAD_TRIES:
                raise
    target = tab.get_by_role("button", name=button, exact=True).first
    # The order is on the page (after one of the page's own reloads, if it was not yet there when ours came):
    # from here the page no longer reloads itself, so the click's navigation is the one waited for.
    expect(target).to_be_visible()
    if person:
        tab.get_by_label("Identifiera som").first.select_option(label=person)
    with tab.expect_navigation():
        target.click()


@pytest.mark.parametrize("width", [1280, 320])
def test_a_citizen_logs_in_with_bankid_and_opens_a_case(page, axe, transactional_tree, bankid_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    case = register(transactional_tree).case
    case_tie_to_person(case=case, person=KARIN)

    page.goto("/folj/")
    page.get_by_role("link", name="Mina ärenden, med BankID").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in med BankID")
    axe(page, context_name="BankID start page")
    page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
    expect(page.get_by_role("img", name="QR-kod att skanna med BankID-appen")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Starta BankID-appen.")
    axe(page, context_name="BankID waiting page with the QR code")

    tab = phone(page, bankid_server)
    axe(tab, context_name="the test server's phone page")
    on_phone(tab, "Läs av QR-koden")
    expect(page.get_by_role("status")).to_contain_text("Söker efter BankID")
    on_phone(tab, "Identifiera", person="Karin Exempel (191212121212)")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du är identifierad")
    expect(page.get_by_text("Enligt BankID är du Karin Exempel.")).to_be_visible()
    axe(page, context_name="BankID identified")
    page.get_by_role("button", name="Fortsätt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mina ärenden")
    axe(page, context_name="my cases")
    page.get_by_role("button", name=f"Öppna ärende {case.reference_number}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference_number)
    page.get_by_role("link", name="Tillbaka till Mina ärenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina ärenden")
    assert "19121212" not in page.url and "1212" not in page.url


@pytest.mark.parametrize("width", [1280, 320])
def test_every_way_bankid_can_fail_says_so_clearly(
    page, axe, transactional_tree, bankid_server, settings, tmp_path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/bankid/")
    page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
    tab = phone(page, bankid_server)
    for button, words in (
        ("Avbryt", "Åtgärden avbruten."),
        ("Låt tiden gå ut", "BankID-appen svarar inte."),
        ("Misslyckas att starta", "Misslyckades att läsa av QR-koden."),
        ("Spärrat BankID", "Det BankID du försöker använda är för gammalt eller spärrat."),
    ):
        expect(page.get_by_role("status")).to_have_text("Starta BankID-appen.")
        on_phone(tab, button)
        expect(page.get_by_role("alert")).to_contain_text(words)
        expect(page).to_have_title(re.compile(r"^Fel: "))
        axe(page, context_name=f"BankID failed: {button}")
        page.get_by_role("button", name="Försök igen").click()

    # A number that does not exist (a wrong check digit): refused, nobody logged in.
    expect(page.get_by_role("status")).to_have_text("Starta BankID-appen.")
    on_phone(tab, "Identifiera", person="Fel Kontrollsiffra (191212121213)")
    expect(page.get_by_role("alert")).to_contain_text("personnummer som inte finns")
    axe(page, context_name="BankID: a personnummer that does not exist")

    # The person stops it themselves.
    page.get_by_role("button", name="Försök igen").click()
    page.get_by_role("button", name="Avbryt", exact=True).click()
    expect(page.get_by_text("Du avbröt identifieringen med BankID.")).to_be_visible()

    # The wrong person approved: the name shows, and "That is not me" stops it.
    page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
    expect(page.get_by_role("status")).to_have_text("Starta BankID-appen.")  # the order exists at BankID
    on_phone(tab, "Identifiera", person="Olle Testsson (201212121212)")
    expect(page.get_by_text("Enligt BankID är du Olle Testsson.")).to_be_visible()
    page.get_by_role("button", name="Det är inte jag – avbryt").click()
    expect(page.get_by_text("Du avbröt identifieringen med BankID.")).to_be_visible()
    page.goto("/folj/mina-arenden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in med BankID")

    # A client certificate the BankID server does not trust.
    cert, key = stranger(tmp_path)
    settings.BANKID_CERT, settings.BANKID_KEY = str(cert), str(key)
    page.get_by_role("button", name="BankID på den här enheten").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Internt tekniskt fel. Försök igen.")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    axe(page, context_name="BankID: certificate refused")


def test_bankid_on_this_device_opens_the_app(page, axe, transactional_tree, bankid_server):
    page.goto("/bankid/")
    page.get_by_role("button", name="BankID på den här enheten").click()
    link = page.get_by_role("link", name="Starta BankID-appen")
    expect(link).to_have_attribute(
        "href", re.compile(r"^bankid:///\?autostarttoken=[0-9a-f-]{36}&redirect=null$")
    )
    expect(page.get_by_role("status")).to_have_text("Försöker starta BankID-appen.")
    axe(page, context_name="BankID on this device")


def test_it_works_without_javascript(_playwright_browser, live_server, transactional_tree, bankid_server):
    context = _playwright_browser.new_context(
        locale="sv-SE", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/lamna/")
        page.get_by_role("link", name="Logga in med BankID").click()
        page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
        expect(page.get_by_role("img", name="QR-kod att skanna med BankID-appen")).to_be_visible()
        bankid_server.act(bankid_server.latest_order_ref(), "approve")
        # The page reloads itself every second; the button looks again at once.
        page.get_by_role("button", name="Jag har identifierat mig – fortsätt").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Du är identifierad")
        page.get_by_role("button", name="Fortsätt").click()
        expect(page).to_have_url(re.compile(r"/lamna/$"))
        expect(page.get_by_text("Du är inloggad med BankID som Karin Exempel.")).to_be_visible()
    finally:
        context.close()


def test_the_page_reloads_itself_without_javascript(
    _playwright_browser, live_server, transactional_tree, bankid_server
):
    context = _playwright_browser.new_context(
        locale="sv-SE", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/bankid/")
        page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
        bankid_server.act(bankid_server.latest_order_ref(), "approve")
        expect(page.get_by_role("heading", level=1)).to_have_text("Du är identifierad")
    finally:
        context.close()
