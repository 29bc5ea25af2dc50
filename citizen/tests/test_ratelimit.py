"""The POSTs on the citizen's case page are rate-limited, per address and per case, with a clear message."""

import re

import pytest

from cases.models import Message


@pytest.fixture
def tight_limits(settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {
        **settings.RATELIMITS,
        "citizen-message": "2/h",
        "citizen-escalate": "2/h",
        "citizen-withdraw": "2/h",
    }


def test_replies_are_limited_and_the_typed_message_is_kept(citizen_client, registration, tight_limits):
    for n in range(2):
        assert citizen_client.post("/folj/arende/svara/", {"body": f"Meddelande {n}"}).status_code == 302
    response = citizen_client.post("/folj/arende/svara/", {"body": "Det tredje meddelandet."})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Det tredje meddelandet." in response.text  # what was typed is still there
    assert re.search(r"vänta \d+ minut", response.text)
    assert "<title>Fel:" in response.text
    assert Message.objects.filter(case=registration.case, from_citizen=True).count() == 2


def test_asking_for_the_next_step_is_limited(citizen_client, registration, tight_limits):
    for _ in range(2):  # refused ones count too
        assert citizen_client.post("/folj/arende/nasta-steg/", {"reason": ""}).status_code == 200
    response = citizen_client.post("/folj/arende/nasta-steg/", {"reason": "Ingenting har ändrats."})
    assert response.status_code == 429
    assert "Ingenting har ändrats." in response.text
    assert re.search(r"vänta \d+ minut", response.text)
    registration.case.refresh_from_db()
    assert registration.case.step == 1


def test_withdrawing_is_limited(citizen_client, registration, tight_limits, monkeypatch):
    from citizen import views

    monkeypatch.setattr(views, "case_withdraw", lambda **kwargs: None)
    for _ in range(2):
        assert citizen_client.post("/folj/arende/aterkalla/", {}).status_code == 302
    response = citizen_client.post("/folj/arende/aterkalla/", {})
    assert response.status_code == 429
    assert "För många försök" in response.text
