"""The exchange endpoints, in process: tokens, problem details, replays, the hand-over as a case, the audit."""

import uuid

import pytest

from api.models import InboundMessage
from api.services import api_token_create, api_token_revoke
from audit.models import Event
from cases.models import Case, Channel

PROBLEM = "application/problem+json"


def handover(**changes):
    body = {
        "authority_reference": "IVO 3.5.1-00042/2026",
        "authority_name": "Inspektionen (fiktiv)",
        "unit_name": "Solgårdens äldreboende",
        "what_happened": "Nattpersonalen svarade inte på larm.",
        "occurred_on": "2026-11-02",
        "reporter": {"name": "Test Testsson", "email": "test@example.se"},
    }
    return body | changes


@pytest.fixture
def token(tree):
    return api_token_create(organisation=tree.organisation, name="IVO", acting_user=tree.administrator)


def post(client, path, body, *, secret, key=None):
    headers = {"Authorization": f"Bearer {secret}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(path, body, content_type="application/json", headers=headers)


def test_a_handover_arrives_as_a_case_from_the_supervisory_authority(client, tree, token):
    response = post(client, "/api/exchange/handovers", handover(), secret=token.secret, key=str(uuid.uuid4()))
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference_number=response.json()["reference"])
    assert case.organisation == tree.organisation
    assert case.channel == Channel.SUPERVISORY_AUTHORITY
    assert case.unit == tree.care_home
    assert case.holder is not None  # routed like any new case
    assert (case.event_year, case.event_month, case.event_day) == (2026, 11, 2)
    assert Event.objects.filter(
        action="registered", case_id=case.pk, actor_label=f"api-token:{token.token.pk}"
    ).exists()
    assert Event.objects.filter(action="api_called", actor_label=f"api-token:{token.token.pk}").exists()


def test_a_replayed_call_gets_a_problem_and_makes_nothing_twice(client, tree, token):
    key = str(uuid.uuid4())
    first = post(client, "/api/exchange/handovers", handover(), secret=token.secret, key=key)
    again = post(client, "/api/exchange/handovers", handover(), secret=token.secret, key=key)
    assert again.status_code == 409
    assert again["Content-Type"] == PROBLEM
    assert again.json()["type"].endswith("/already-received")
    assert again.json()["reference"] == first.json()["reference"]
    assert Case.objects.count() == 1
    other = post(
        client, "/api/exchange/handovers", handover(what_happened="Annat."), secret=token.secret, key=key
    )
    assert other.status_code == 422
    assert other.json()["type"].endswith("/idempotency-key-reused")
    assert Case.objects.count() == 1


def test_bad_calls_get_problem_details_in_the_callers_language(client, tree, token):
    missing_key = post(client, "/api/exchange/handovers", handover(), secret=token.secret)
    assert missing_key.status_code == 422 and missing_key["Content-Type"] == PROBLEM
    assert any("Idempotency-Key" in error["location"] for error in missing_key.json()["errors"])
    malformed = client.post(
        "/api/exchange/handovers",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token.secret}", "Idempotency-Key": "abcdefgh1"},
    )
    assert malformed.status_code == 400 and malformed.json()["title"] == "Anropet går inte att läsa"
    english = client.post(
        "/api/exchange/handovers",
        "{not json",
        content_type="application/json",
        headers={
            "Authorization": f"Bearer {token.secret}",
            "Idempotency-Key": "abcdefgh1",
            "Accept-Language": "en",
        },
    )
    assert english.json()["title"] == "The request cannot be read"
    nul = post(
        client, "/api/exchange/handovers", handover(what_happened="a\x00b"), secret=token.secret, key="k" * 10
    )
    assert nul.status_code == 422
    assert Case.objects.count() == 0


def test_a_wrong_or_revoked_token_is_refused_and_recorded(client, tree, token):
    wrong = post(client, "/api/exchange/handovers", handover(), secret="spk_wrong", key=str(uuid.uuid4()))
    assert wrong.status_code == 401 and wrong["Content-Type"] == PROBLEM
    assert wrong["WWW-Authenticate"].startswith("Bearer")
    api_token_revoke(token=token.token, acting_user=tree.administrator)
    revoked = post(client, "/api/exchange/handovers", handover(), secret=token.secret, key=str(uuid.uuid4()))
    assert revoked.status_code == 401
    assert Event.objects.filter(action="api_refused").count() == 2
    assert Case.objects.count() == 0


def test_an_unknown_organisation_is_a_problem(client, tree):
    response = client.get("/api/organisations/finns-inte")
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    assert client.get(f"/api/organisations/{tree.organisation.slug}").json()["slug"] == tree.organisation.slug


def test_a_token_sees_its_own_organisations_cases_only(client, tree, token):
    from organisations.testing import build_tree

    other = build_tree(slug="annanby", prefix="AB")
    post(client, "/api/exchange/handovers", handover(), secret=token.secret, key=str(uuid.uuid4()))
    other_token = api_token_create(organisation=other.organisation, name="x", acting_user=None)
    headers = {"Authorization": f"Bearer {other_token.secret}"}
    assert client.get("/api/cases", headers=headers).json()["items"] == []
    mine = client.get("/api/cases", headers={"Authorization": f"Bearer {token.secret}"}).json()["items"]
    assert len(mine) == 1
    assert client.get(f"/api/cases/{mine[0]['id']}", headers=headers).status_code == 404
    detail = client.get(f"/api/cases/{mine[0]['id']}", headers={"Authorization": f"Bearer {token.secret}"})
    assert detail.status_code == 200
    assert b"Nattpersonalen" not in detail.content
    assert Event.objects.filter(
        action="viewed", case_id=mine[0]["id"], actor_label=f"api-token:{token.token.pk}"
    ).exists()


def report_body(**changes):
    body = {
        "kind": "citizen_report",
        "sender_reference": "SN 2026/00001",
        "sender_organisation": "Exempelby kommun",
        "county": "Västerbottens län",
        "unit_name": "Solgårdens äldreboende",
        "what_happened": "Larmen besvarades inte.",
        "reporter": {"name": "Test Testsson", "email": "test@example.se"},
    }
    return body | changes


def test_the_authority_registers_a_report_once_per_sender_reference(client, tree):
    from supervision.models import Report
    from supervision.testing import build_authority

    authority = build_authority()
    secret = api_token_create(organisation=authority.authority, name="Exempelby", acting_user=None).secret
    response = post(client, "/api/exchange/reports", report_body(), secret=secret, key=str(uuid.uuid4()))
    assert response.status_code == 201, response.content
    report = Report.objects.get()
    assert report.case.reference_number == response.json()["reference"]
    assert report.case.channel == Channel.INSTALLATION
    assert report.department == authority.nord
    assert report.provider_in_words == "Solgårdens äldreboende"
    assert report.case.contact_email == "test@example.se"
    assert InboundMessage.objects.get().payload is None  # kept in the authority's records, not in the API's
    again = post(client, "/api/exchange/reports", report_body(), secret=secret, key=str(uuid.uuid4()))
    assert again.status_code == 409 and again.json()["reference"] == report.case.reference_number
    assert Report.objects.count() == 1


def test_a_report_names_a_real_county_and_goes_to_an_authority(client, tree, token):
    from supervision.testing import build_authority

    authority = build_authority()
    secret = api_token_create(organisation=authority.authority, name="x", acting_user=None).secret
    bad = post(
        client, "/api/exchange/reports", report_body(county="Atlantis län"), secret=secret, key="k" * 12
    )
    assert bad.status_code == 422 and bad["Content-Type"] == PROBLEM
    assert any(error["location"].endswith("county") for error in bad.json()["errors"])
    municipality = post(client, "/api/exchange/reports", report_body(), secret=token.secret, key="m" * 12)
    assert municipality.status_code == 403
    assert municipality.json()["type"].endswith("/not-an-authority")
