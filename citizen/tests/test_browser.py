"""The citizen's whole path in a real browser: log in with code and secret, read, reply, ask for the next step.
axe-core (WCAG 2.1 AA) runs on every page the test passes."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case, CaseKind, Message, SenderRole
from cases.services import CaseSubmission, case_inform, case_register
from citizen.services import citizen_link_for

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _register(tree):
    return case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind=CaseKind.COMPLAINT,
            sender_role=SenderRole.RELATIVE,
            what_happened="Min mamma fick vänta på hjälp i över en timme.",
            unit=tree.care_home,
            contact_name="Karin Exempel",
            contact_email="karin.exempel@example.se",
        )
    )


def test_a_citizen_follows_their_case(page, axe, transactional_tree):
    tree = transactional_tree
    registration = _register(tree)
    case = registration.case
    case_inform(
        case=case, body="Enhetschefen pratar med personalen i veckan.", acting_user=tree.contact_staff
    )

    page.goto("/folj/")
    axe(page, context_name="log-in page")
    # A wrong secret: an error summary, focused, and the typed text kept.
    page.get_by_label("Kvittokod", exact=True).fill(case.receipt_code.lower().replace("-", " "))
    page.get_by_label("Hemlig kod", exact=True).fill("AAAAA-BBBBB-CCCCC-DDDDD")
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    expect(page.locator("[data-error-summary]")).to_be_focused()
    axe(page, context_name="log-in page with an error")

    page.get_by_label("Hemlig kod", exact=True).fill(registration.receipt_secret.lower())
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(re.compile(r"/folj/arende/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference_number)
    expect(page.get_by_text("Enhetschefen pratar med personalen i veckan.")).to_be_visible()
    axe(page, context_name="case page")

    # An empty reply: the error summary links to the field.
    page.get_by_role("button", name="Skicka meddelandet").click()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    axe(page, context_name="case page with an error")
    page.get_by_label("Ditt meddelande").fill("Det har inte blivit bättre.")
    page.get_by_role("button", name="Skicka meddelandet").click()
    expect(page.get_by_text("Tack. Ditt meddelande är skickat.")).to_be_visible()
    expect(page.get_by_text("Det har inte blivit bättre.")).to_be_visible()
    assert Message.objects.filter(case=case, from_citizen=True).count() == 1

    # A reply with a file: it is listed under the message and can be opened again.
    page.get_by_label("Ditt meddelande").fill("Här är brevet vi fick.")
    page.get_by_label("Bifoga filer (valfritt)").set_input_files(
        files=[{"name": "brev.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Skicka meddelandet").click()
    expect(page.get_by_role("link", name="brev.pdf")).to_be_visible()
    axe(page, context_name="case page with an attachment")

    page.get_by_role("link", name="Be om nästa steg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Be om nästa steg")
    axe(page, context_name="next step page")
    page.get_by_label("Varför vill du att ärendet ska gå vidare till nästa steg?").fill(
        "Ingenting har ändrats efter en vecka."
    )
    page.get_by_role("button", name="Skicka till nästa steg").click()
    expect(page.get_by_text("Steg 2 av 4")).to_be_visible()
    axe(page, context_name="case page after the next step")
    case.refresh_from_db()
    assert case.step == 2 and case.holder == tree.unit_manager

    page.get_by_role("link", name="Ta tillbaka ditt ärende").click()
    axe(page, context_name="withdraw page")
    page.get_by_role("link", name="Nej, behåll mitt ärende").click()

    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(re.compile(r"/folj/$"))
    expect(page.get_by_text("Du är utloggad.")).to_be_visible()
    page.goto("/folj/arende/")
    expect(page).to_have_url(re.compile(r"/folj/$"))
    assert Case.objects.get(pk=case.pk).state == "registered"


def test_a_mailed_link_and_asking_for_one(page, axe, transactional_tree):
    registration = _register(transactional_tree)
    link = citizen_link_for(registration.case)
    page.goto(link.split("/folj/", 1)[1].join(["/folj/", ""]))
    axe(page, context_name="link page")
    page.get_by_role("button", name="Visa mitt ärende").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(registration.case.reference_number)

    page.goto("/folj/lank/inte-en-riktig-lank/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Länken fungerar inte")
    axe(page, context_name="broken link page")

    page.goto("/folj/skicka-lank/")
    axe(page, context_name="ask for a link")
    page.get_by_label("Din e-postadress").fill("karin.exempel@example.se")
    page.get_by_label("Diarienummer").fill(registration.case.reference_number)
    page.get_by_role("button", name="Skicka länken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din e-post")
    axe(page, context_name="link sent")
