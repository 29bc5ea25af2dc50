"""Test support for the two-step staff log-in (imported only by tests and conftest.py).

- `totp_device_for(user)`: the person's confirmed authenticator, created on first use with a random key.
- `totp_code_for(user)`: the code their authenticator would show now (what a browser test types).
- `force_login_passes_second_factor()`: while active, `client.force_login(user)` gives a session that has also
  passed the second factor, so that tests of staff views need not walk the log-in pages. Only the test client's
  force_login is affected (it logs in on a bare HttpRequest); a log-in through the real pages still has to give
  the code. conftest.py turns this on for every test; a test that needs a password-only session logs in through
  the log-in page, or uses the `unverified_force_login` fixture.
"""

import contextlib
from collections.abc import Iterator

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def totp_device_for(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def totp_code_for(user: User) -> str:
    """The current code, usable once: the device forgets that this time step was used, so a test may log the same
    person in twice within 30 seconds."""
    device = totp_device_for(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _verify_forced_login(sender: object, request: HttpRequest, user: User, **kwargs: object) -> None:
    if type(request) is HttpRequest and isinstance(user, User):  # the test client's force_login, nothing else
        request.session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id


@contextlib.contextmanager
def force_login_passes_second_factor() -> Iterator[None]:
    user_logged_in.connect(_verify_forced_login, dispatch_uid="accounts.testing.verify_forced_login")
    try:
        yield
    finally:
        user_logged_in.disconnect(dispatch_uid="accounts.testing.verify_forced_login")
