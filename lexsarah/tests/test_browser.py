"""The Lex Sarah pages in a real browser, with axe-core (WCAG 2.1 AA) at 1280 and 320 pixels, in Swedish and in
English: the new-report form (with its errors), the list, and the record page with the form of each next step."""

import re

import pytest
from playwright.sync_api import expect

from lexsarah.models import LexSarahRecord, LexSarahState
from lexsarah.tests.conftest import make_people, report
from staff.tests.conftest import register


def _reflows(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def _to_english(page) -> None:
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_a_member_of_staff_reports_and_the_officer_handles_it(
    page, axe, login_staff, transactional_tree, width
):
    tree = transactional_tree
    people = make_people(tree)
    page.set_viewport_size({"width": width, "height": 900})

    # A contact staff member reports, first with an error.
    login_staff(page, tree.contact_staff)
    page.get_by_role("navigation", name="Personalmeny").get_by_role(
        "link", name="Rapportera missförhållande"
    ).click()
    page.get_by_role("heading", name="Rapportera missförhållande", level=1).wait_for()
    axe(page, context_name=f"new report at {width} px")
    assert _reflows(page)
    page.get_by_label("Den det gäller").fill("Boende i rum 4")
    page.get_by_role("button", name="Skicka rapporten").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.title().startswith("Fel:")
    assert page.get_by_label("Den det gäller").input_value() == "Boende i rum 4"
    axe(page, context_name=f"new report with errors at {width} px")
    page.get_by_label("Var det hände").select_option(label="Äldreomsorg › Solgårdens äldreboende")
    page.get_by_label("Vad som hände", exact=True).fill("En boende fick fel läkemedel på kvällen.")
    page.get_by_role("button", name="Skicka rapporten").click()
    page.get_by_role("heading", name="Din rapport har tagits emot").wait_for()
    record = LexSarahRecord.objects.get()
    expect(page.get_by_text(record.reference_number)).to_be_visible()
    axe(page, context_name=f"report received at {width} px")
    page.get_by_role("button", name="Logga ut", exact=True).click()
    page.wait_for_url("**/konto/logga-in/")

    # The officer finds it in the list, overdue by nothing yet, and takes it on.
    other = report(tree, node=tree.home_care, by=tree.unit_manager)
    login_staff(page, people.officer)
    page.get_by_role("navigation", name="Personalmeny").get_by_role("link", name="Lex Sarah").click()
    page.get_by_role("heading", name="Lex Sarah", level=1).wait_for()
    expect(page.get_by_role("link", name=other.reference_number)).to_be_visible()
    axe(page, context_name=f"list at {width} px")
    assert _reflows(page)
    page.get_by_role("link", name=record.reference_number).click()
    page.get_by_role("heading", name=f"Lex Sarah {record.reference_number}", level=1).wait_for()
    axe(page, context_name=f"record, reported, at {width} px")
    page.get_by_role("button", name="Starta utredningen").click()
    page.get_by_text("Utredningen har startat.", exact=False).wait_for()
    page.get_by_label("Vad som hände och när").fill("Dosen delades ut kl. 20 av en vikarie.")
    page.get_by_label("Följder för personen").fill("Den boende blev trött.")
    page.get_by_label("Orsaker som har hittats").fill("Ingen signeringslista.")
    page.get_by_label("Åtgärder som har vidtagits eller planeras").fill("Signeringslista införs.")
    page.get_by_role("button", name="Spara utredningen").click()
    page.get_by_text("Utredningen har sparats.").wait_for()
    axe(page, context_name=f"record, investigating, at {width} px")
    page.get_by_role("button", name="Registrera bedömningen").click()
    page.locator("#error-summary").wait_for()
    axe(page, context_name=f"record, assessment with errors, at {width} px")
    page.get_by_label("Ett allvarligt missförhållande", exact=True).check()
    page.get_by_label("Motivering").fill("Fel läkemedel kan ge allvarlig skada.")
    page.get_by_role("button", name="Registrera bedömningen").click()
    page.get_by_text("Bedömningen är registrerad.").wait_for()
    axe(page, context_name=f"record, assessed, at {width} px")
    assert _reflows(page)
    page.get_by_role("button", name="Registrera anmälan till IVO").click()
    page.get_by_text("Anmälan till IVO är registrerad.").wait_for()
    record.refresh_from_db()
    assert record.state == LexSarahState.REPORTED_TO_IVO

    # In English: the same pages, as fully.
    _to_english(page)
    page.get_by_role("heading", name=f"Lex Sarah {record.reference_number}", level=1).wait_for()
    expect(page.get_by_role("heading", name="The report to IVO")).to_be_visible()
    axe(page, context_name=f"record in English at {width} px")
    page.get_by_role("link", name="Back to the Lex Sarah records").click()
    page.get_by_role("heading", name="Lex Sarah", level=1).wait_for()
    axe(page, context_name=f"list in English at {width} px")
    page.get_by_role("link", name="New report").first.click()
    page.get_by_role("heading", name="Report a serious deficiency", level=1).wait_for()
    axe(page, context_name=f"new report in English at {width} px")


@pytest.mark.browser
def test_the_officer_starts_from_a_flagged_case_and_the_case_links_to_the_record(
    page, axe, login_staff, transactional_tree
):
    from cases.services import case_flag_serious_deficiency

    tree = transactional_tree
    people = make_people(tree)
    case = register(tree)
    case_flag_serious_deficiency(case=case, acting_user=tree.unit_manager)
    login_staff(page, people.officer)
    page.goto(f"/personal/arende/{case.pk}/")
    page.get_by_role("link", name="Starta Lex Sarah-utredning").click()
    page.get_by_role("heading", name="Starta Lex Sarah-utredning", level=1).wait_for()
    axe(page, context_name="start from a case")
    page.get_by_label("Vad som hände", exact=True).fill("Klagomålet beskriver ett fall efter larm.")
    page.get_by_role("button", name="Starta utredningen").click()
    record = LexSarahRecord.objects.get()
    page.get_by_role("heading", name=f"Lex Sarah {record.reference_number}", level=1).wait_for()
    page.get_by_role("link", name=case.reference_number).click()
    page.wait_for_url(re.compile(rf"/personal/arende/{case.pk}/"))
    expect(page.get_by_role("link", name=record.reference_number)).to_be_visible()
    axe(page, context_name="case page with its Lex Sarah record")
