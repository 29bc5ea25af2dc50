"""django-axes locks out by the client's address as the rate limits see it (core.ratelimit.client_ip): behind the
proxy, wrong passwords from one address do not lock the account for everyone else."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from accounts.testing import totp_code_for
from organisations.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches Django from here


def post_password(client, user, password, *, address):
    return client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
        HTTP_X_FORWARDED_PROTO="https",
        secure=True,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.AXES_ENABLED = True


def test_failures_from_one_address_do_not_lock_out_another(client, tree, behind_proxy):
    staff = tree.contact_staff
    totp_code_for(staff)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(client, staff, "fel-lösenord", address="198.51.100.7")
    assert post_password(client, staff, TEST_PASSWORD, address="198.51.100.7").status_code == 429

    response = post_password(client, staff, TEST_PASSWORD, address="203.0.113.20")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_the_locked_address_is_the_clients_not_the_proxys(client, tree, behind_proxy):
    staff = tree.contact_staff
    post_password(client, staff, "fel-lösenord", address="192.0.2.1, 198.51.100.7")
    attempt = AccessAttempt.objects.get(username=staff.username)
    # The last address the proxy added, as for the rate limits: the first one is whatever the client claimed.
    assert attempt.ip_address == "198.51.100.7"
