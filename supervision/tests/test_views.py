"""The authority's pages: anyone's report on the web (bad input keeps what was typed), staff registration, the
decision, the register's upload, the list and the planning view, each only for the department's own staff."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import Event
from cases.models import CaseState
from organisations.models import Category, CategoryDimension
from staff.tests.conftest import signed_in_client
from supervision.models import Outcome, Report
from supervision.services import report_register

START = reverse("supervision_public:start")
CHECK = reverse("supervision_public:check")
DONE = reverse("supervision_public:done")


def answers(ivo, **changes):
    data = {
        "county": "Västerbottens län",
        "unit": str(ivo.care_home.pk),
        "provider_in_words": "",
        "what_happened": "Min pappa får inte sina mediciner.",
        "sender_role": "relative",
        "contact_name": "Karin Exempel",
        "contact_email": "karin@example.se",
        "preferred_language": "sv",
    }
    return data | changes


def test_anyone_reports_checks_and_gets_a_receipt(ivo, mailoutbox):
    client = Client()
    assert client.get(START).status_code == 200
    response = client.post(START, answers(ivo))
    assert response.status_code == 302 and response["Location"] == CHECK
    page = client.get(CHECK).content.decode()
    assert "Björkhagens äldreboende" in page and "Min pappa" in page
    assert Report.objects.count() == 0
    response = client.post(CHECK)
    assert response["Location"] == DONE
    report = Report.objects.get()
    assert report.department == ivo.nord and report.unit == ivo.care_home
    page = client.get(DONE).content.decode()
    assert report.case.reference_number in page and report.case.receipt_code in page
    assert report.case.holder == ivo.registrar
    # The receipt mail says nothing of what was written.
    assert mailoutbox == [] or all("mediciner" not in m.body for m in mailoutbox)


def test_bad_input_says_what_to_correct_and_keeps_what_was_typed(ivo):
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    response = client.post(START, answers(ivo, county="Atlantis län", unit="words"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('href="#id_county"') == 1
    assert "Min pappa får inte sina mediciner." in page
    assert "Karin Exempel" in page
    assert "provider_in_words" in page and 'href="#id_provider_in_words"' in page
    assert Report.objects.count() == 0


def test_an_unknown_provider_is_refused_in_the_persons_language(ivo):
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.post(START, answers(ivo, unit="999999"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "Choose the provider or unit from the list" in page
    assert "Min pappa får inte sina mediciner." in page


def test_the_complaint_intake_does_not_list_the_authority(ivo, tree):
    # With one municipality and an authority, the complaint form starts at once with the municipality.
    response = Client().get(reverse("intake:start"))
    assert response.status_code == 200
    assert "Tillsynsmyndigheten" not in response.content.decode()
    assert Client().get(reverse("intake:choose", args=[ivo.authority.slug])).status_code == 404


def _report(ivo, **kwargs):
    values = {
        "authority": ivo.authority,
        "channel": "web",
        "county": "Västerbottens län",
        "what_happened": "Något hände.",
        "unit": ivo.care_home,
    }
    return report_register(**(values | kwargs)).report


def test_the_list_shows_only_my_departments_reports(ivo):
    nord = _report(ivo)
    syd = _report(ivo, county="Skåne län", unit=ivo.assistance)
    page = signed_in_client(ivo.inspector).get(reverse("supervision:reports")).content.decode()
    assert nord.case.reference_number in page and syd.case.reference_number not in page
    page = signed_in_client(ivo.other_inspector).get(reverse("supervision:reports")).content.decode()
    assert syd.case.reference_number in page and nord.case.reference_number not in page
    assert Event.objects.filter(action="reports_listed", actor=ivo.inspector).exists()


def test_municipal_staff_have_no_authority_pages(ivo, tree):
    client = signed_in_client(tree.registrar)
    for name in ("reports", "planning", "register", "register_report"):
        assert client.get(reverse(f"supervision:{name}")).status_code == 403


def test_staff_of_another_department_cannot_open_a_report(ivo):
    report = _report(ivo)
    url = reverse("supervision:decide", args=[report.pk])
    assert signed_in_client(ivo.other_inspector).get(url).status_code == 404
    assert not Event.objects.filter(case_id=report.pk, action="viewed").exists()


def test_the_inspector_decides_and_the_report_closes(ivo):
    report = _report(ivo)
    client = signed_in_client(ivo.inspector)
    url = reverse("supervision:decide", args=[report.pk])
    page = client.get(url).content.decode()
    assert "Något hände." in page
    # The case page leads here.
    case_page = client.get(reverse("staff:case_detail", args=[report.pk])).content.decode()
    assert url in case_page
    assert Event.objects.filter(case_id=report.pk, action="viewed", actor=ivo.inspector).exists()
    topic = Category.objects.filter(organisation=ivo.authority, dimension=CategoryDimension.TOPIC).first()
    # A hand-over without a recipient: the error, and the notice kept.
    response = client.post(
        url, {"outcome": Outcome.HANDED_OVER, "topics": [topic.pk], "notice": "Vi lämnar över."}
    )
    assert response.status_code == 200 and "Vi lämnar över." in response.content.decode()
    response = client.post(
        url,
        {
            "outcome": Outcome.HANDED_OVER,
            "hand_to": ivo.municipal.pk,
            "topics": [topic.pk],
            "notice": "Vi lämnar över.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.outcome == Outcome.HANDED_OVER
    assert report.case.state == CaseState.CLOSED
    assert report.hand_over.recipient_provider == ivo.municipal


def test_a_registrar_registers_a_report_that_came_by_post(ivo):
    client = signed_in_client(ivo.registrar)
    url = reverse("supervision:register_report")
    assert client.get(url).status_code == 200
    data = answers(
        ivo, channel="post", received_day="1", received_month="12", received_year="2026", county="Skåne län"
    )
    data["unit"] = str(ivo.assistance.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.objects.get()
    assert report.case.channel == "post" and report.department == ivo.syd
    page = client.get(reverse("supervision:registered")).content.decode()
    assert report.case.reference_number in page
    # An inspector is not a registrar.
    assert signed_in_client(ivo.inspector).get(url).status_code == 403


def test_the_register_upload_reports_refusals(ivo):
    client = signed_in_client(ivo.central_registrar)
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = (
        "organisationsnummer;huvudman;typ;enhet;verksamhet;län\n"
        "556123-4567;Trygga Händer AB;privat;Linden;LSS;Hallands län\n"
        "556123-4568;Fel AB;privat;Enheten;LSS;Hallands län\n"
    )
    response = client.post(
        reverse("supervision:register"), {"file": SimpleUploadedFile("r.csv", csv.encode(), "text/csv")}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "556123-4568" in page and "Linden" in page
    # Inspectors read the register but do not replace it.
    upload = SimpleUploadedFile("r.csv", csv.encode(), "text/csv")
    assert (
        signed_in_client(ivo.inspector).post(reverse("supervision:register"), {"file": upload}).status_code
        == 403
    )


def test_the_planning_view_ranks_providers_within_my_departments(ivo):
    for _ in range(3):
        _report(ivo)
    _report(ivo, unit=ivo.group_home)
    _report(ivo, county="Skåne län", unit=ivo.assistance)
    client = signed_in_client(ivo.inspector)
    client.get(reverse("supervision:planning"))
    cache.clear()  # each page below drawn afresh: its figures are kept between requests otherwise
    with CaptureQueriesContext(connection) as first:
        page = client.get(reverse("supervision:planning")).content.decode()
    # The same number of queries for more reports, providers and units: grouped counts, no query per row.
    _report(ivo, unit=ivo.group_home)
    _report(ivo, county="Norrbottens län", unit=None, provider_in_words="Ett boende")
    cache.clear()
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("supervision:planning"))
    assert len(second) == len(first)
    assert "Omsorgsbolaget Exempel AB" in page
    assert "Exempelby kommun, socialnämnden" not in page  # the syd department's provider
    assert Event.objects.filter(action="signals_viewed", actor=ivo.inspector).exists()
    page = client.get(reverse("supervision:planning"), {"service_kind": "lss"}).content.decode()
    assert "Granens gruppbostad" in page and "Björkhagens äldreboende" not in page
    central = signed_in_client(ivo.central_registrar).get(reverse("supervision:planning")).content.decode()
    assert "Exempelby kommun, socialnämnden" in central
