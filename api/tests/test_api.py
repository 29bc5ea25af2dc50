import re
import uuid

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth

from audit.models import Event
from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_register

MARKER = "api-markör-8f3a"


def register(tree, unit=None):
    return case_register(
        submission=CaseSubmission(
            organisation=tree.organisation,
            kind=CaseKind.COMPLAINT,
            sender_role=SenderRole.RELATIVE,
            what_happened=f"Bemötandet var dåligt. {MARKER}",
            unit=unit or tree.care_home,
            contact_name="Test Testsson",
            contact_email="test@example.se",
        )
    ).case


def test_it_lists_organisations_and_units_publicly(client, tree):
    response = client.get("/api/organisations")
    assert response.status_code == 200
    [organisation] = response.json()
    assert organisation["reference_prefix"] == "SN"
    assert {unit["name"] for unit in organisation["units"]} == {
        "Solgårdens äldreboende",
        "Hemtjänst Norr",
        "Gruppbostad Björken",
    }


def test_it_refuses_cases_without_a_staff_session(client, tree):
    case = register(tree)
    assert client.get("/api/cases").status_code == 401
    assert client.get(f"/api/cases/{case.pk}").status_code == 401


@pytest.mark.usefixtures("unverified_force_login")
def test_it_refuses_a_session_without_the_second_factor(client, tree):
    register(tree)
    client.force_login(tree.contact_staff)
    response = client.get("/api/cases")
    # Sent back to the second step of the log-in (accounts' middleware), never given data.
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/")


def test_the_holder_sees_metadata_and_never_content(client, tree):
    case = register(tree)
    client.force_login(tree.contact_staff)
    response = client.get("/api/cases")
    assert response.status_code == 200
    assert [item["reference_number"] for item in response.json()["items"]] == [case.reference_number]
    detail = client.get(f"/api/cases/{case.pk}")
    assert detail.json()["reference_number"] == case.reference_number
    for body in (response.content, detail.content):
        assert MARKER.encode() not in body
        assert b"Testsson" not in body and b"test@example.se" not in body
    assert Event.objects.filter(case_id=case.pk, action="viewed", actor=tree.contact_staff).exists()


@pytest.mark.parametrize("persona", ["other_unit_staff", "other_unit_manager", "administrator"])
def test_charlie_has_no_access_to_alices_case(client, tree, persona):
    case = register(tree)
    client.force_login(getattr(tree, persona))
    assert client.get("/api/cases").json()["items"] == []
    assert client.get(f"/api/cases/{case.pk}").status_code == 404
    assert not Event.objects.filter(case_id=case.pk, action="viewed").exists()


def test_it_pages_by_id(client, tree):
    cases = [register(tree) for _ in range(5)]
    client.force_login(tree.head_of_operations)
    first = client.get("/api/cases?limit=2").json()
    assert [item["id"] for item in first["items"]] == [cases[4].pk, cases[3].pk]
    second = client.get(f"/api/cases?limit=2&after={first['next_after']}").json()
    assert [item["id"] for item in second["items"]] == [cases[2].pk, cases[1].pk]


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def _keep_test_connection():
    """Calling the WSGI application directly would close the test's database connection at the end of each
    request; Django's own test client disconnects the same signal handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection", "tree")
@schema.parametrize()
@settings(max_examples=25, suppress_health_check=list(HealthCheck), deadline=None)
def test_the_api_honours_its_own_openapi_schema(case):
    """Schemathesis: generated requests never get a server error or a response outside the schema."""
    case.call_and_validate()


def test_the_docs_page_has_a_language_a_title_a_main_landmark_and_no_inline_script(client, tree):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "<title>API-dokumentation – Synpunkt API</title>" in html
    assert "<main" in html
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert html.count(f'nonce="{nonce}"') == 2
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.fixture
def api_token(tree):
    from api.services import api_token_create

    return api_token_create(organisation=tree.organisation, name="fuzz", acting_user=None).secret


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection")
@schema.parametrize()
@settings(max_examples=40, suppress_health_check=list(HealthCheck), deadline=None)
def test_the_api_honours_its_own_openapi_schema_with_a_token(case, api_token):
    """Schemathesis with an organisation's token: every operation, the exchange's included (bodies, the
    Idempotency-Key header), gets an answer its description allows, a problem-details document for every error.
    (Refusing a bad token or session is the run above's; here the good token is sent with every request, so
    Schemathesis's check that swaps in a bad one would still find the good one.)"""
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and re.fullmatch(r"[A-Za-z0-9._:-]{8,100}", key):
        # A fresh key for each valid message: the generator repeats keys, and the same key with another body is
        # rightly refused (422, test_exchange.py), which is not what this run looks for.
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
    case.call_and_validate(headers={"Authorization": f"Bearer {api_token}"}, excluded_checks=[ignored_auth])


@pytest.mark.django_db
def test_a_filter_given_twice_is_refused_with_a_problem_in_the_callers_language(client, tree, api_token):
    response = client.get(
        "/api/cases?state=registered&state=closed",
        headers={"Authorization": f"Bearer {api_token}", "Accept-Language": "sv"},
    )
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"] == [{"location": "query.state", "message": "Ange värdet bara en gång."}]
    # Once is fine.
    response = client.get("/api/cases?state=registered", headers={"Authorization": f"Bearer {api_token}"})
    assert response.status_code == 200
