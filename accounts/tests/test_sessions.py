"""Sessions: they end after inactivity, "log out everywhere" ends them all, and failed log-ins lock out."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.actions import Action
from audit.models import Event
from organisations.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db
ACCOUNT = "/konto/"


def test_the_inactivity_timeout_is_thirty_minutes_and_pushed_by_use():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert "core.middleware.SessionInactivityMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_TOUCH_SECONDS <= 60
    assert settings.SESSION_COOKIE_HTTPONLY


def test_a_session_is_saved_at_most_once_a_minute_when_only_read(client, tree):
    from django.contrib.sessions.models import Session

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(tree.contact_staff)
        client.get(ACCOUNT)
        expiry = Session.objects.get().expire_date
        clock.move_to(start + timedelta(seconds=30))
        client.get(ACCOUNT)
        assert Session.objects.get().expire_date == expiry  # not written again within the minute
        clock.move_to(start + timedelta(seconds=90))
        client.get(ACCOUNT)
        assert Session.objects.get().expire_date == expiry + timedelta(seconds=90)


def test_a_session_ends_after_thirty_minutes_without_activity(client, tree):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(tree.contact_staff)
        assert client.get(ACCOUNT).status_code == 200
        clock.move_to(start + timedelta(minutes=25))
        assert client.get(ACCOUNT).status_code == 200  # activity pushes the expiry on
        clock.move_to(start + timedelta(minutes=50))
        assert client.get(ACCOUNT).status_code == 200
        clock.move_to(start + timedelta(minutes=81))
        response = client.get(ACCOUNT)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_log_out_everywhere_ends_every_session_of_that_person_only(tree):
    laptop, phone, colleague = Client(), Client(), Client()
    laptop.force_login(tree.contact_staff)
    phone.force_login(tree.contact_staff)
    colleague.force_login(tree.unit_manager)
    assert phone.get(ACCOUNT).status_code == 200

    response = laptop.post(reverse("accounts:logout_everywhere"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")

    for client in (laptop, phone):
        response = client.get(ACCOUNT)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert colleague.get(ACCOUNT).status_code == 200
    assert Event.objects.filter(action=Action.LOGGED_OUT_EVERYWHERE, actor=tree.contact_staff).count() == 1
    # And the person can log in again afterwards.
    tree.contact_staff.refresh_from_db()
    laptop.force_login(tree.contact_staff)
    assert laptop.get(ACCOUNT).status_code == 200


def test_log_out_everywhere_is_a_post_with_a_button_on_the_account_page(client, tree):
    client.force_login(tree.contact_staff)
    assert client.get(reverse("accounts:logout_everywhere")).status_code == 405
    body = client.get(ACCOUNT).content.decode()
    assert reverse("accounts:logout_everywhere") in body
    assert "Logga ut överallt" in body


def test_a_new_password_ends_old_sessions(client, tree):
    client.force_login(tree.contact_staff)
    tree.contact_staff.set_password("ett-helt-nytt-lösenord-99")
    tree.contact_staff.save()
    assert client.get(ACCOUNT).status_code == 302


def test_repeated_failed_log_ins_lock_the_account_with_a_clear_page(client, tree):
    statuses = [
        client.post(
            reverse("accounts:login"), {"username": tree.contact_staff.username, "password": "fel-lösenord"}
        ).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # "wrong password", with the form again
    response = client.post(
        reverse("accounts:login"), {"username": tree.contact_staff.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert "För många misslyckade inloggningar" in body
    assert "<html" in body and 'lang="sv"' in body
    assert "_auth_user_id" not in client.session  # the right password did not get in


def test_the_lock_out_page_is_in_english_too(client, tree):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            reverse("accounts:login"), {"username": tree.contact_staff.username, "password": "wrong"}
        )
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()


def test_a_huge_user_name_gets_a_message_not_an_error(client, tree):
    response = client.post(reverse("accounts:login"), {"username": "a" * 1_000_000, "password": "x" * 5000})
    assert response.status_code == 200
    body = response.content.decode()
    assert "som mest 150 tecken" in body


def test_the_password_step_is_rate_limited_per_address(client, tree, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "staff-login": "3/15m"}
    statuses = [
        client.post(reverse("accounts:login"), {"username": f"person-{n}", "password": "x"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
