"""The citizen's pre-filled report to IVO: built from the case of the session only, as a tagged PDF."""

import pytest

from audit.models import Event
from cases.handling import message_add
from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_register
from citizen.views import SESSION_CASE
from documents.tests.pdfcheck import is_tagged, read, render_first_page, text_of

URL = "/dokument/ivo-anmalan/"


@pytest.fixture
def case(tree):
    case = case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind=CaseKind.COMPLAINT,
            sender_role=SenderRole.RELATIVE,
            what_happened="Min pappa fick inte sin medicin på tre dagar.",
            desired_outcome="Att rutinerna för medicin ses över.",
            unit=tree.care_home,
            event_day=2,
            event_month=11,
            event_year=2026,
            contact_name="Tolvan Tolvansson",
        )
    ).case
    message_add(
        case=case,
        body="Vi har gått igenom rutinerna med personalen.",
        from_citizen=False,
        acting_user=tree.contact_staff,
    )
    return case


def log_in(client, case):
    session = client.session
    session[SESSION_CASE] = case.pk
    session.save()


def test_it_renders_the_citizens_own_case(client, case):
    log_in(client, case)
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    pdf = response.content
    assert is_tagged(pdf)
    text = " ".join(text_of(pdf).split())
    assert case.reference_number in text
    assert "Solgårdens äldreboende" in text and "Testby kommun" in text
    assert "medicin på tre dagar" in text
    assert "gått igenom rutinerna" in text
    assert "Avdelning nord" in text and "Umeå" in text  # Västerbottens län
    assert "2 11 2026" in text
    fields = read(pdf).get_fields()
    assert fields["name"].get("/V") == "Tolvan Tolvansson"
    assert "addition" in fields
    render_first_page(pdf, "ivo-report")


def test_it_records_the_read_in_the_audit_trail(client, case):
    log_in(client, case)
    client.post(URL)
    event = Event.objects.filter(case_id=case.pk, action="citizen_viewed").get()
    assert event.data == {"document": "ivo_report"}
    assert event.actor_label == "citizen"


def test_without_a_case_in_the_session_it_sends_to_the_log_in(client, case):
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"] == "/folj/"


def test_it_never_answers_a_get(client, case):
    log_in(client, case)
    assert client.get(URL).status_code == 405
