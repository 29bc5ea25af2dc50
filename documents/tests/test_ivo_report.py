"""The citizen's pre-filled report to IVO: built from the case of the session only, as a tagged PDF."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from audit.models import Event
from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_register, message_add
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
    assert "2 november 2026" in text  # dates in words, as the pages write them
    assert f"{timezone.localdate(case.received_at).day} " in text and "Y-m-d" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
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


def test_the_citizen_chooses_the_county_and_the_report_names_its_department(client, case):
    log_in(client, case)
    pdf = client.post(URL, {"lan": "Skåne län"}).content
    text = " ".join(text_of(pdf).split())
    assert "Avdelning syd" in text and "Malmö" in text and "(Skåne län)" in text
    assert "Avdelning nord" not in text


@pytest.mark.parametrize("chosen", ["", "Atlantis län", "<script>"])
def test_no_county_or_an_unknown_one_falls_back_to_the_organisations(client, case, chosen):
    log_in(client, case)
    text = " ".join(text_of(client.post(URL, {"lan": chosen}).content).split())
    assert "Avdelning nord" in text and "(Västerbottens län)" in text
    assert "Atlantis" not in text


def test_without_any_county_it_sends_the_reader_to_ivo_se(client, case):
    case.organisation.county = ""
    case.organisation.save(update_fields=["county"])
    log_in(client, case)
    text = " ".join(text_of(client.post(URL).content).split())
    assert "Avdelning" not in text and "ivo.se" in text


def test_it_is_rate_limited(client, case, settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {**settings.RATELIMITS, "ivo-report": "2/h"}
    log_in(client, case)
    for _ in range(2):
        assert client.post(URL).status_code == 200
    response = client.post(URL)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "application/pdf" not in response["Content-Type"]


def test_the_default_limit_is_configured():
    from django.conf import settings

    assert settings.RATELIMITS["ivo-report"]


def test_the_case_page_offers_the_report_as_a_post_form_in_the_ivo_section(client, case, tree):
    from cases.services import case_flag_serious_deficiency

    log_in(client, case)
    assert "Hämta en ifylld anmälan till IVO" not in client.get("/folj/arende/").content.decode()
    case_flag_serious_deficiency(case=case, acting_user=case.holder)
    page = client.get("/folj/arende/").content.decode()
    ivo = page[page.index('id="ivo-heading"') :]
    form = ivo[ivo.index("<form") : ivo.index("</form>")]
    assert 'method="post"' in form and f'action="{URL}"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<option value="Västerbottens län" selected>' in form
    assert form.count("<option") == 21
    assert "Hämta en ifylld anmälan till IVO" in form


def test_the_report_prints_the_departments_postal_address_once_it_is_in_the_data(client, case, monkeypatch):
    from dataclasses import replace

    from guide import ivo_regions

    log_in(client, case)
    assert "Box 1" not in text_of(client.post(URL).content)  # no address is in the data yet (not verified)
    checked = tuple(
        replace(region, postal_address="Box 1, 901 00 Umeå") if region.key == "nord" else region
        for region in ivo_regions.REGIONS
    )
    monkeypatch.setattr(ivo_regions, "REGIONS", checked)
    assert "Box 1, 901 00 Umeå" in text_of(client.post(URL).content)


@time_machine.travel(datetime(2026, 3, 3, 12, 0, tzinfo=UTC), tick=False)
def test_it_prints_todays_date_in_words_in_the_persons_language(client, case):
    log_in(client, case)
    text = " ".join(text_of(client.post(URL).content).split())
    assert "3 mars 2026" in text
    client.cookies["django_language"] = "en"
    text = " ".join(text_of(client.post(URL).content).split())
    assert "3 March 2026" in text and "2 November 2026" in text
