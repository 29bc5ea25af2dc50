import pytest
import time_machine
from django.utils import timezone

from audit.models import Event
from citizen.tests.conftest import WHAT_HAPPENED, log_in, register
from citizen.views import SESSION_CASE

GENERIC = "Kvittokoden eller den hemliga koden stämmer inte"


def test_it_shows_the_log_in_form(client, db):
    response = client.get("/folj/")
    assert response.status_code == 200
    assert "Kvittokod" in response.text and "Hemlig kod" in response.text


def test_it_logs_in_with_the_right_code_and_secret(client, registration):
    response = log_in(client, registration)
    assert response.status_code == 302
    # Nothing that identifies the case goes into the address.
    assert response["Location"] == "/folj/arende/"
    assert client.session[SESSION_CASE] == registration.case.pk


def test_it_rotates_the_session_key_at_log_in(client, registration):
    client.get("/folj/")
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    log_in(client, registration)
    assert client.session.session_key != before


def test_it_refuses_a_wrong_secret(client, registration):
    response = client.post(
        "/folj/", {"code": registration.case.receipt_code, "secret": "AAAAA-BBBBB-CCCCC-DDDDD"}
    )
    assert response.status_code == 200
    assert GENERIC in response.text
    assert SESSION_CASE not in client.session
    assert "<title>Fel:" in response.text


def _error_summary(html):
    start = html.index("ds-error-summary")
    return html[start : html.index("</div>", start)]


def test_it_says_the_same_for_a_code_that_does_not_exist(client, registration):
    wrong_secret = client.post(
        "/folj/", {"code": registration.case.receipt_code, "secret": "AAAAA-BBBBB-CCCCC-DDDDD"}
    )
    unknown_code = client.post("/folj/", {"code": "ZZZZ-ZZZZ", "secret": "AAAAA-BBBBB-CCCCC-DDDDD"})
    assert unknown_code.status_code == wrong_secret.status_code == 200
    assert _error_summary(unknown_code.text) == _error_summary(wrong_secret.text)
    assert GENERIC in _error_summary(unknown_code.text)


def test_it_keeps_what_was_typed_after_an_error(client, registration):
    response = client.post("/folj/", {"code": "k7p2", "secret": "abc"})
    assert 'value="k7p2"' in response.text and 'value="abc"' in response.text
    assert "8 tecken" in response.text or "8 bokstäver" in response.text


def test_it_accepts_what_people_type(client, registration):
    code = registration.case.receipt_code.lower().replace("-", " ")  # e.g. "k7p2 9xqm"
    secret = registration.receipt_secret.lower().replace("-", "")
    response = client.post("/folj/", {"code": f"  {code} ", "secret": secret})
    assert response.status_code == 302
    assert client.session[SESSION_CASE] == registration.case.pk


def test_it_limits_tries_per_receipt_code(client, settings, registration):
    settings.RATELIMITS = {**settings.RATELIMITS, "citizen-login": "5/15m"}
    code = registration.case.receipt_code
    with time_machine.travel(timezone.now(), tick=False):  # one window, whatever the clock says
        for number in range(5):
            response = client.post(
                "/folj/",
                {"code": code.lower(), "secret": "AAAAA-BBBBB-CCCCC-DDDDD"},
                REMOTE_ADDR=f"10.0.0.{number}",
            )
            assert response.status_code == 200
        # Even the right secret is refused now, from any address, however the code is typed.
        response = client.post(
            "/folj/",
            {"code": code.replace("-", " "), "secret": registration.receipt_secret},
            REMOTE_ADDR="10.0.1.1",
        )
    assert response.status_code == 429
    assert "För många försök" in response.text
    assert "<title>Fel:" in response.text
    assert response["Retry-After"]
    assert SESSION_CASE not in client.session


def test_it_limits_tries_per_address(client, settings, registration):
    settings.RATELIMITS = {**settings.RATELIMITS, "citizen-login": "5/15m"}
    with time_machine.travel(timezone.now(), tick=False):
        for number in range(5):
            client.post("/folj/", {"code": f"AAAA-{number:04d}", "secret": "AAAAA-BBBBB-CCCCC-DDDDD"})
        response = log_in(client, registration)
        assert response.status_code == 429
        # Another address is not affected.
        response = client.post(
            "/folj/",
            {"code": registration.case.receipt_code, "secret": registration.receipt_secret},
            REMOTE_ADDR="10.0.0.9",
        )
    assert response.status_code == 302


def test_the_rate_limit_message_is_in_english_too(client, settings, registration):
    settings.RATELIMITS = {**settings.RATELIMITS, "citizen-login": "1/15m"}
    with time_machine.travel(timezone.now(), tick=False):
        client.post("/folj/", {"code": registration.case.receipt_code, "secret": "AAAAA-BBBBB-CCCCC-DDDDD"})
        response = client.post(
            "/folj/",
            {"code": registration.case.receipt_code, "secret": "AAAAA-BBBBB-CCCCC-DDDDD"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 429
    assert "Too many tries" in response.text


def test_the_case_page_needs_a_log_in(client, db):
    response = client.get("/folj/arende/")
    assert response.status_code == 302
    assert response["Location"] == "/folj/"


def test_every_view_of_the_case_page_is_audited(citizen_client, registration):
    citizen_client.get("/folj/arende/")
    citizen_client.get("/folj/arende/")
    events = Event.objects.filter(case=registration.case, action="citizen_viewed")
    assert events.count() == 2
    assert {event.actor_label for event in events} == {"citizen"}
    assert all(event.actor_id is None for event in events)
    assert all(WHAT_HAPPENED not in str(event.data) for event in events)


def test_another_citizens_session_cannot_see_this_case(client, tree, registration):
    other = register(tree, what_happened="En helt annan sak om hemtjänsten.", contact_email="")
    log_in(client, other)
    response = client.get("/folj/arende/")
    assert other.case.reference_number in response.text
    assert registration.case.reference_number not in response.text
    assert WHAT_HAPPENED not in response.text


def test_a_session_without_a_case_sees_nothing(client, registration):
    session = client.session
    session[SESSION_CASE] = "1"  # not an int written by the log-in: ignored
    session.save()
    assert client.get("/folj/arende/").status_code == 302


def test_logging_out_clears_the_session(citizen_client):
    assert citizen_client.get("/folj/logga-ut/").status_code == 200  # GET changes nothing
    assert SESSION_CASE in citizen_client.session
    response = citizen_client.post("/folj/logga-ut/")
    assert response.status_code == 302
    assert SESSION_CASE not in citizen_client.session
    assert citizen_client.get("/folj/arende/").status_code == 302


@pytest.mark.parametrize("path", ["/folj/", "/folj/arende/", "/folj/skicka-lank/"])
def test_pages_are_never_cached(citizen_client, path):
    response = citizen_client.get(path)
    assert "no-store" in response["Cache-Control"]
