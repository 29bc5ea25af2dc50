"""The two-step staff log-in: password, then TOTP (or a recovery code); enrolment on the first log-in."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.testing import totp_code_for
from audit.actions import Action
from audit.models import Event
from organisations.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def password_step(client, user, password=TEST_PASSWORD, next_url=""):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def test_it_asks_for_the_code_after_the_password(client, tree):
    totp_code_for(tree.contact_staff)
    response = password_step(client, tree.contact_staff)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_it_keeps_a_password_only_session_away_from_staff_pages(client, tree):
    totp_code_for(tree.contact_staff)
    password_step(client, tree.contact_staff)
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    # Even a view that only asks for login_required, and the admin, are out of reach (middleware).
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_it_lets_staff_in_with_the_right_code(client, tree):
    code = totp_code_for(tree.contact_staff)
    password_step(client, tree.contact_staff, next_url=reverse("accounts:account"))
    response = client.post(
        reverse("accounts:otp_verify"), {"code": code, "next": reverse("accounts:account")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    assert client.get(reverse("accounts:account")).status_code == 200
    assert Event.objects.filter(action=Action.SIGNED_IN, actor=tree.contact_staff).exists()


def test_it_refuses_a_wrong_code_with_a_message(client, tree):
    totp_code_for(tree.contact_staff)
    password_step(client, tree.contact_staff)
    response = client.post(reverse("accounts:otp_verify"), {"code": "000000"})
    assert response.status_code == 200
    assert "Koden stämmer inte" in response.content.decode()
    assert client.get(reverse("accounts:account")).status_code == 302


def test_it_refuses_a_code_used_once_already(client, tree):
    code = totp_code_for(tree.contact_staff)
    password_step(client, tree.contact_staff)
    client.post(reverse("accounts:otp_verify"), {"code": code})
    client.post(reverse("accounts:logout"))
    password_step(client, tree.contact_staff)
    response = client.post(reverse("accounts:otp_verify"), {"code": code})
    assert response.status_code == 200  # replay refused


def test_it_rejects_an_open_redirect_in_next(client, tree):
    code = totp_code_for(tree.contact_staff)
    password_step(client, tree.contact_staff)
    response = client.post(reverse("accounts:otp_verify"), {"code": code, "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_it_enrols_a_first_timer_and_shows_recovery_codes_once(client, tree):
    user = tree.unit_manager
    response = password_step(client, user)
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp_enrol"))
    body = response.content.decode()
    assert "<svg" in body and "style=" not in body.split("<svg", 1)[1].split("</svg>", 1)[0]
    key_hex = client.session["accounts_enrol_key"]
    assert not TOTPDevice.objects.filter(user=user).exists()  # nothing stored on GET

    from binascii import unhexlify

    from django_otp.oath import totp

    response = client.post(reverse("accounts:otp_enrol"), {"code": "123"})
    assert response.status_code == 200 and "sex siffror" in response.content.decode()
    code = f"{totp(unhexlify(key_hex)):06d}"
    response = client.post(reverse("accounts:otp_enrol"), {"code": code})
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get(reverse("accounts:account")).status_code == 200
    # A second visit to the enrolment page cannot add another authenticator.
    response = client.get(reverse("accounts:otp_enrol"))
    assert response.status_code == 302
    assert Event.objects.filter(action=Action.SECOND_FACTOR_ENROLLED, actor=user).count() == 1


def test_a_recovery_code_works_once(client, tree):
    user = tree.unit_manager
    totp_code_for(user)
    codes = services.recovery_codes_replace(user=user)
    password_step(client, user)
    response = client.post(reverse("accounts:otp_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    response = client.post(reverse("accounts:otp_verify"), {"code": codes[0]})
    assert response.status_code == 200


def test_someone_with_only_the_password_cannot_enrol_a_second_authenticator(client, tree):
    totp_code_for(tree.contact_staff)
    password_step(client, tree.contact_staff)
    response = client.get(reverse("accounts:otp_enrol"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert (
        services.totp_enrol(user=tree.contact_staff, key_hex=services.totp_key_new(), token="123456") is None
    )


def test_force_login_gives_a_verified_session_for_other_tests(client, tree):
    client.force_login(tree.contact_staff)
    assert client.get(reverse("accounts:account")).status_code == 200


def test_unverified_force_login_stays_at_the_second_step(client, tree, unverified_force_login):
    client.force_login(tree.contact_staff)
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_passwords_are_hashed_with_argon2(tree):
    assert tree.contact_staff.password.startswith("argon2")


def test_quick_retries_after_a_wrong_code_are_told_to_wait(client, tree):
    code = totp_code_for(tree.contact_staff)
    password_step(client, tree.contact_staff)
    client.post(reverse("accounts:otp_verify"), {"code": "000000" if code != "000000" else "111111"})
    response = client.post(reverse("accounts:otp_verify"), {"code": code})
    assert response.status_code == 200
    assert "Vänta en liten stund" in response.content.decode()


def test_the_admin_log_in_page_sends_people_to_the_one_staff_log_in(client, tree):
    """/admin/login/ would skip the per-user-name rate limit of the staff log-in: it only redirects there."""
    response = client.get("/admin/login/?next=/admin/cases/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=%2Fadmin%2Fcases%2F"
    # A POST of a password to the admin's page logs nobody in.
    response = client.post(
        "/admin/login/", {"username": tree.contact_staff.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    # The admin itself, asked without a session, ends at the staff log-in too.
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "next=%2Fadmin%2F" in response.redirect_chain[-1][0]
    # Another site is never a place to go next.
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == reverse("accounts:login") + "?next=%2Fadmin%2F"
