"""Staff sessions end after STAFF_IDLE_MINUTES without a request, and the log-in page says why."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from synpunkt.env import env_int

pytestmark = pytest.mark.django_db
INBOX = "/personal/"


def test_twenty_nine_minutes_without_activity_keep_the_session(client, tree):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(tree.contact_staff)
        assert client.get(INBOX).status_code == 200
        clock.move_to(start + timedelta(minutes=29))
        assert client.get(INBOX).status_code == 200
        clock.move_to(start + timedelta(minutes=58))  # 29 minutes after the last request, 58 after the first
        assert client.get(INBOX).status_code == 200


def test_thirty_one_minutes_without_activity_log_out_and_say_why(client, tree):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(tree.contact_staff)
        assert client.get(INBOX).status_code == 200
        clock.move_to(start + timedelta(minutes=31))
        response = client.get(INBOX)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next=/personal/"
        assert SESSION_KEY not in client.session
        body = client.get(response["Location"]).content.decode()
        assert "Du loggades ut efter 30 minuter utan aktivitet." in body
        # Logged out for good: the next request is simply not signed in, with no second message.
        response = client.get(INBOX)
        assert response.status_code == 302
        assert "utan aktivitet" not in client.get(response["Location"]).content.decode()


def test_the_reason_is_in_english_too(client, tree, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(tree.contact_staff)
        client.get(INBOX)
        clock.move_to(start + timedelta(minutes=31))
        response = client.get(INBOX, follow=True)
    assert "You were logged out after 30 minutes without activity." in response.content.decode()


def test_the_idle_time_is_a_setting(client, tree, settings):
    settings.STAFF_IDLE_MINUTES = 10
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(tree.contact_staff)
        body = client.get(INBOX).content.decode()
        assert f"Du loggas ut kl. {timezone.localtime(start + timedelta(minutes=10)):%H:%M}" in body
        clock.move_to(start + timedelta(minutes=11))
        response = client.get(INBOX, follow=True)
    assert "Du loggades ut efter 10 minuter utan aktivitet." in response.content.decode()


def test_the_page_says_when_the_session_ends_in_swedish_time(client, tree):
    # 12:00 UTC in June is 14:00 in Stockholm; the session ends at 14:30 there.
    with time_machine.travel(datetime(2026, 6, 15, 12, 0, tzinfo=UTC), tick=False):
        client.force_login(tree.contact_staff)
        body = client.get(INBOX).content.decode()
    assert "Du loggas ut kl. 14:30 om du inte gör något." in body


def test_a_request_moves_the_time_on(client, tree):
    start = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(tree.contact_staff)
        assert "kl. 10:30" in client.get(INBOX).content.decode()
        clock.move_to(start + timedelta(minutes=20))
        assert "kl. 10:50" in client.get(INBOX).content.decode()


def test_an_htmx_request_after_the_timeout_sends_the_whole_page_to_the_log_in(client, tree):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(tree.contact_staff)
        client.get(INBOX)
        clock.move_to(start + timedelta(minutes=31))
        response = client.get(INBOX, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))
    assert SESSION_KEY not in client.session


def test_citizens_are_not_timed_out_by_it(client, tree):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/")
    assert "staff_last_activity" not in client.session


def test_settings_refuse_a_bad_idle_time_at_start_up():
    environment = {**os.environ, "SYNPUNKT_STAFF_IDLE_MINUTES": "0"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SYNPUNKT_STAFF_IDLE_MINUTES='0' is out of range" in result.stderr


@pytest.mark.parametrize("raw", ["0", "-5", "721", "thirty"])
def test_a_bad_idle_time_is_refused_at_start_up(monkeypatch, raw):
    monkeypatch.setenv("SYNPUNKT_STAFF_IDLE_MINUTES", raw)
    with pytest.raises(ImproperlyConfigured, match="SYNPUNKT_STAFF_IDLE_MINUTES"):
        env_int("SYNPUNKT_STAFF_IDLE_MINUTES", 30, minimum=1, maximum=12 * 60)


def test_the_idle_time_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("SYNPUNKT_STAFF_IDLE_MINUTES", "45")
    assert env_int("SYNPUNKT_STAFF_IDLE_MINUTES", 30, minimum=1, maximum=12 * 60) == 45
    monkeypatch.delenv("SYNPUNKT_STAFF_IDLE_MINUTES")
    assert env_int("SYNPUNKT_STAFF_IDLE_MINUTES", 30, minimum=1, maximum=12 * 60) == 30
