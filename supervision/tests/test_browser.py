"""The authority's pages in a real browser, with axe-core (WCAG 2.1 AA) at 1280 and 320 pixels: anyone's report
(with its errors, the check page and the receipt), and the staff's list, decision, registration of post, register
and planning view."""

import pytest
from playwright.sync_api import expect

from bankid.tests.test_browser import on_phone, phone
from organisations.models import Category, CategoryDimension
from supervision.models import Outcome, Report, ServiceKind, SupervisedUnit
from supervision.services import report_decide, report_register
from supervision.testing import build_authority

pytestmark = [pytest.mark.browser]


def _reflows(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def ivo(transactional_db):
    return build_authority()


@pytest.mark.parametrize("width", [1280, 320])
def test_anyone_reports_with_an_error_on_the_way(page, axe, ivo, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/anmal-till-tillsynen/")
    page.get_by_role("heading", level=1).wait_for()
    axe(page, context_name=f"report form at {width} px")
    assert _reflows(page)
    page.locator("#id_what_happened").fill("Min pappa får inte sina mediciner på kvällen.")
    page.get_by_label("Vilken verksamhet eller enhet gäller det?").select_option(
        label="Den finns inte i listan, eller jag vet inte: jag skriver den nedan"
    )
    page.get_by_role("button", name="Fortsätt").click()
    page.locator("#error-summary").wait_for()
    assert page.title().startswith("Fel:")
    assert page.locator("#id_what_happened").input_value() == "Min pappa får inte sina mediciner på kvällen."
    axe(page, context_name=f"report form with errors at {width} px")
    assert _reflows(page)
    page.get_by_label("I vilket län hände det?").select_option("Västerbottens län")
    page.get_by_label("Verksamheten eller enheten med dina egna ord").fill("Boendet vid torget")
    page.get_by_label("En närstående").check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("heading", name="Kontrollera din anmälan").wait_for()
    axe(page, context_name=f"check page at {width} px")
    page.get_by_role("button", name="Skicka anmälan").click()
    page.get_by_role("heading", name="Din anmälan är registrerad").wait_for()
    report = Report.objects.get()
    expect(page.get_by_text(report.case.reference_number)).to_be_visible()
    axe(page, context_name=f"receipt at {width} px")
    assert _reflows(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_staff_list_decide_register_and_plan(page, axe, login_staff, ivo, width):
    page.set_viewport_size({"width": width, "height": 900})
    topic = Category.objects.filter(organisation=ivo.authority, dimension=CategoryDimension.TOPIC).first()
    decided = report_register(
        authority=ivo.authority,
        channel="web",
        county="Västerbottens län",
        what_happened="Larmet besvaras inte.",
        unit=ivo.care_home,
    ).report
    report_decide(
        report=decided,
        outcome=Outcome.SUPERVISION_OPENED,
        notice="Vi inleder tillsyn.",
        topics=[topic],
        acting_user=ivo.inspector,
    )
    waiting = report_register(
        authority=ivo.authority,
        channel="web",
        county="Västerbottens län",
        what_happened="Maten serveras kall.",
        unit=None,
        provider_in_words="Boendet vid torget",
    ).report

    login_staff(page, ivo.registrar)
    menu = page.get_by_role("navigation", name="Personalmeny")
    menu.get_by_role("link", name="Anmälningar").click()
    page.get_by_role("heading", name="Anmälningar", level=1).wait_for()
    axe(page, context_name=f"report list at {width} px")
    assert _reflows(page)

    page.get_by_role("link", name=waiting.case.reference_number).click()
    page.get_by_role("heading", name=f"Anmälan {waiting.case.reference_number}").wait_for()
    axe(page, context_name=f"decision page at {width} px")
    page.get_by_role("button", name="Besluta och skicka beskedet").click()
    page.locator("#error-summary").wait_for()
    axe(page, context_name=f"decision page with errors at {width} px")
    page.get_by_label("Registrerad utan vidare utredning").check()
    page.get_by_label(topic.name).check()
    page.get_by_label("Beskedet till den som anmälde").fill("Vi har registrerat dina uppgifter.")
    page.get_by_role("button", name="Besluta och skicka beskedet").click()
    page.get_by_text("Registrerad utan vidare utredning (").wait_for()

    menu = page.get_by_role("navigation", name="Personalmeny")
    menu.get_by_role("link", name="Registrera anmälan").click()
    page.get_by_role("heading", name="Registrera en anmälan som kom med post eller per telefon").wait_for()
    axe(page, context_name=f"registration at {width} px")
    assert _reflows(page)

    page.goto("/personal/tillsyn/register/")
    page.get_by_role("heading", name="Register över verksamheter och enheter").wait_for()
    page.get_by_label("Registret som CSV-fil").set_input_files(
        files=[
            {
                "name": "register.csv",
                "mimeType": "text/csv",
                "buffer": (
                    "organisationsnummer;huvudman;typ;enhet;verksamhet;län\n"
                    "556123-4567;Trygga Händer AB;privat;Linden;LSS;Hallands län\n"
                    "556123-4568;Fel AB;privat;Enheten;LSS;Atlantis\n"
                ).encode(),
            }
        ]
    )
    page.get_by_role("button", name="Läs in filen").click()
    page.get_by_role("heading", name="Filen är inläst").wait_for()
    axe(page, context_name=f"register with refusals at {width} px")
    assert _reflows(page)

    # More units than a provider's row shows at once: the rest behind a disclosure, checked open and closed.
    for number in range(6):
        report_register(
            authority=ivo.authority,
            channel="web",
            county="Västerbottens län",
            what_happened="Något hände.",
            unit=SupervisedUnit.objects.create(
                provider=ivo.care_home.provider,
                name=f"Boende {number}",
                service_kind=ServiceKind.SOL,
                county="Västerbottens län",
            ),
        )
    page.goto("/personal/tillsyn/planering/")
    page.get_by_role("heading", name="Signaler för planering av tillsyn").wait_for()
    expect(page.get_by_role("link", name="Omsorgsbolaget Exempel AB")).to_be_visible()
    axe(page, context_name=f"planning, disclosure closed, at {width} px")
    page.get_by_text("enheter till").first.click()
    expect(page.get_by_role("link", name="Boende 5")).to_be_visible()
    axe(page, context_name=f"planning at {width} px")
    assert _reflows(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_reporter_logs_in_with_bankid_and_reports(page, axe, ivo, bankid_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/anmal-till-tillsynen/")
    page.get_by_role("heading", name="Logga in med BankID om du vill").wait_for()
    axe(page, context_name=f"report form offering BankID at {width} px")
    page.get_by_role("link", name="Logga in med BankID").click()
    page.get_by_role("button", name="Mobilt BankID på en annan enhet").click()
    expect(page.get_by_role("status")).to_have_text("Starta BankID-appen.")
    tab = phone(page, bankid_server)
    on_phone(tab, "Identifiera", person="Karin Exempel (191212121212)")
    expect(page.get_by_text("Enligt BankID är du Karin Exempel.")).to_be_visible()
    page.get_by_role("button", name="Fortsätt").click()

    expect(page.get_by_text("Du är inloggad med BankID som Karin Exempel.")).to_be_visible()
    expect(page.get_by_label("Ditt namn")).to_have_value("Karin Exempel")
    axe(page, context_name=f"report form logged in with BankID at {width} px")
    assert _reflows(page)
    page.get_by_label("I vilket län hände det?").select_option("Västerbottens län")
    page.get_by_label("Vilken verksamhet eller enhet gäller det?").select_option(
        label="Den finns inte i listan, eller jag vet inte: jag skriver den nedan"
    )
    page.get_by_label("Verksamheten eller enheten med dina egna ord").fill("Boendet vid torget")
    page.locator("#id_what_happened").fill("Larmet besvaras inte på natten.")
    page.get_by_label("En närstående").check()
    page.get_by_label("Jag har skyddade personuppgifter").check()
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_role("heading", name="Kontrollera din anmälan").wait_for()
    expect(page.get_by_text("Ja, som Karin Exempel")).to_be_visible()
    axe(page, context_name=f"check page with BankID at {width} px")
    page.get_by_role("button", name="Skicka anmälan").click()
    page.get_by_role("heading", name="Din anmälan är registrerad").wait_for()
    expect(page.get_by_text("Du var inloggad med BankID")).to_be_visible()
    axe(page, context_name=f"receipt with BankID at {width} px")
    assert _reflows(page)
    report = Report.objects.select_related("case__identity").get()
    assert report.case.identity.masked == "19121212-****"
    page.get_by_role("link", name="Mina ärenden").click()
    expect(page.get_by_role("button", name=f"Öppna ärende {report.case.reference_number}")).to_be_visible()
