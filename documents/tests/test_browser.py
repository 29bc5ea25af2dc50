"""The citizen's IVO report end to end: log in to the case through the real pages, choose the county on the case
page and press the real button; the download is the PDF of the citizen's own case."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_flag_serious_deficiency, case_register
from documents.tests.pdfcheck import is_tagged, read, render_first_page, text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_logged_in_citizen_gets_the_report_of_their_own_case(page, axe, transactional_tree):
    tree = transactional_tree
    registration = case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind=CaseKind.COMPLAINT,
            sender_role=SenderRole.PERSON_CONCERNED,
            what_happened="Ingen kom på mitt besök i tisdags.",
            unit=tree.home_care,
            is_anonymous=True,
        )
    )
    case = registration.case
    # Staff flag a possible serious deficiency (the real service): the case page then shows the IVO path.
    case_flag_serious_deficiency(case=case, acting_user=case.holder)

    page.goto("/folj/")
    axe(page)
    page.get_by_label("Kvittokod", exact=True).fill(case.receipt_code)
    page.get_by_label("Hemlig kod", exact=True).fill(registration.receipt_secret)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference_number)
    expect(page.get_by_role("heading", name="Du kan vända dig till IVO")).to_be_visible()
    axe(page)

    # The county defaults to the organisation's; the citizen says it happened elsewhere.
    county = page.get_by_label("I vilket län hände det?")
    expect(county).to_have_value("Västerbottens län")
    county.select_option("Skåne län")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Hämta en ifylld anmälan till IVO").click()
    download = download_info.value
    assert download.suggested_filename == "anmalan-till-ivo.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert is_tagged(pdf)
    text = " ".join(text_of(pdf).split())
    assert case.reference_number in text and "Hemtjänst Norr" in text
    assert "Ingen kom på mitt besök i tisdags." in text
    assert "Avdelning syd" in text and "Malmö" in text and "(Skåne län)" in text
    assert "addition" in read(pdf).get_fields()
    render_first_page(pdf, "ivo-report-browser")

    # The case page is still there (a download does not navigate away); log out, and the POST gives no report.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    page.get_by_role("button", name="Logga ut").click()
    response = page.request.post(
        "/dokument/ivo-anmalan/",
        form={"csrfmiddlewaretoken": token},
        headers={"Referer": page.url},
        max_redirects=0,
    )
    assert response.status == 302
