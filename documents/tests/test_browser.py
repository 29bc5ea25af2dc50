"""The citizen's IVO report end to end: log in to the case through the real pages, then ask for the report."""

import pytest
from playwright.sync_api import expect

from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_register
from documents.tests.pdfcheck import is_tagged, render_first_page, text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_logged_in_citizen_gets_the_report_of_their_own_case(page, transactional_tree):
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
    page.goto("/folj/")
    page.get_by_label("Kvittokod", exact=True).fill(case.receipt_code)
    page.get_by_label("Hemlig kod", exact=True).fill(registration.receipt_secret)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference_number)

    # The button belongs on the citizen's case page; the request is the one it makes: a POST with the CSRF token.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        "/dokument/ivo-anmalan/", form={"csrfmiddlewaretoken": token}, headers={"Referer": page.url}
    )
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert is_tagged(pdf)
    text = " ".join(text_of(pdf).split())
    assert case.reference_number in text and "Hemtjänst Norr" in text
    assert "Ingen kom på mitt besök i tisdags." in text
    render_first_page(pdf, "ivo-report-browser")

    # After logging out there is no case in the session: no report.
    page.get_by_role("button", name="Logga ut").click()
    response = page.request.post(
        "/dokument/ivo-anmalan/",
        form={"csrfmiddlewaretoken": token},
        headers={"Referer": page.url},
        max_redirects=0,
    )
    assert response.status == 302
