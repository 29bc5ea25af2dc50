"""Staff accounts: enrolling the second factor, recovery codes, ending every session (writes, audited)."""

import secrets
from base64 import b32encode
from binascii import unhexlify

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User, new_session_token
from audit.services import Action, audit_record

RECOVERY_CODE_COUNT = 10
TOTP_STEP = 30


def totp_key_new() -> str:
    """A new TOTP secret, hex-encoded as django-otp stores it (160 bits, RFC 4226's recommendation)."""
    return secrets.token_hex(20)


def totp_key_base32(key_hex: str) -> str:
    """The secret as an authenticator app wants it typed: base32 in groups of four."""
    raw = b32encode(unhexlify(key_hex)).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def totp_token_matches(*, key_hex: str, token: str) -> int | None:
    """The TOTP time step that `token` belongs to (one step of clock drift either way), or None."""
    try:
        value = int(token.strip().replace(" ", ""))
    except ValueError:
        return None
    totp = TOTP(unhexlify(key_hex), step=TOTP_STEP)
    for drift in (0, -1, 1):
        totp.drift = drift
        if totp.token() == value:
            return totp.t()
    return None


def user_has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def totp_enrol(*, user: User, key_hex: str, token: str) -> list[str] | None:
    """Confirm a new authenticator with a code from it; return fresh recovery codes, or None if the code is wrong.

    Refused (None) when the person already has a confirmed authenticator: a second one is added only by an
    administrator resetting the first, never by someone who merely knows the password.
    """
    if user_has_second_factor(user):
        return None
    step = totp_token_matches(key_hex=key_hex, token=token)
    if step is None:
        return None
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="authenticator", key=key_hex, confirmed=True, last_t=step)
    codes = recovery_codes_replace(user=user)
    audit_record(action=Action.SECOND_FACTOR_ENROLLED, actor=user)
    return codes


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """Ten new single-use recovery codes; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def sessions_end_everywhere(*, user: User) -> None:
    """End every session of `user` on every device: their authentication hash changes, so none verifies again."""
    User.objects.filter(pk=user.pk).update(session_token=new_session_token())
    user.refresh_from_db(fields=["session_token"])
    audit_record(action=Action.LOGGED_OUT_EVERYWHERE, actor=user)
