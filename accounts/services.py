"""Staff accounts: enrolling the second factor, recovery codes, ending every session, and what an administrator
changes (accounts, access to the admin, passwords, second factors). Every change is audited into the hash chain.

Nobody changes their own access to the admin or resets their own second factor: another administrator must.
"""

import secrets
from base64 import b32encode
from binascii import unhexlify

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User, new_session_token
from audit.actions import Action
from audit.services import audit_record

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
            step: int = totp.t()  # django-otp has no type hints
            return step
    return None


def user_has_second_factor(user: User) -> bool:
    has_factor: bool = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return has_factor


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


# --- What an administrator changes ----------------------------------------------------------------------------

# The details of a staff account that staff_account_change may set (never access, password or second factor).
DETAIL_FIELDS = ("username", "first_name", "last_name", "email", "phone")


def own_account_refusal(*, user: User, acting_user: User | None) -> str | None:
    """Why `acting_user` may not change `user`'s access or second factor, or None."""
    if acting_user is not None and acting_user.pk == user.pk:
        return gettext(
            "You cannot change your own access or reset your own second factor: another administrator must do it."
        )
    return None


def _refuse_own_account(*, user: User, acting_user: User | None) -> None:
    refusal = own_account_refusal(user=user, acting_user=acting_user)
    if refusal:
        raise ValidationError(refusal, code="own_account")


@transaction.atomic
def staff_account_create(
    *,
    username: str,
    password: str | None,
    acting_user: User | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
) -> User:
    """Create a staff account; `password` None gives one that cannot log in with a password until one is set.
    The person connects their authenticator app at the first log-in; roles are given separately."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, phone=phone)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        action=Action.STAFF_ACCOUNT_CREATED,
        actor=acting_user,
        data={"user": user.pk, "password": password is not None},
    )
    return user


@transaction.atomic
def staff_account_change(*, user: User, changes: dict[str, str], acting_user: User | None) -> User:
    """Change a staff member's name, user name or contact details; the audit event names the fields only."""
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"staff_account_change sets only {DETAIL_FIELDS}, not {sorted(unknown)}")
    current = User.objects.get(pk=user.pk)
    fields = sorted(name for name, value in changes.items() if getattr(current, name) != value)
    if not fields:
        return user
    for name in fields:
        setattr(user, name, changes[name])
    user.save(update_fields=fields)
    audit_record(
        action=Action.STAFF_ACCOUNT_CHANGED, actor=acting_user, data={"user": user.pk, "fields": fields}
    )
    return user


@transaction.atomic
def staff_privileges_set(*, user: User, is_staff: bool, is_superuser: bool, acting_user: User | None) -> User:
    """Give or take away access to the admin (`is_staff`) and every permission in it (`is_superuser`)."""
    current = User.objects.get(pk=user.pk)
    if (current.is_staff, current.is_superuser) == (is_staff, is_superuser):
        return user
    _refuse_own_account(user=user, acting_user=acting_user)
    user.is_staff, user.is_superuser = is_staff, is_superuser
    user.save(update_fields=["is_staff", "is_superuser"])
    audit_record(
        action=Action.STAFF_PRIVILEGES_CHANGED,
        actor=acting_user,
        data={
            "user": user.pk,
            "old": {"is_staff": current.is_staff, "is_superuser": current.is_superuser},
            "new": {"is_staff": is_staff, "is_superuser": is_superuser},
        },
    )
    return user


@transaction.atomic
def staff_account_deactivate(*, user: User, acting_user: User | None) -> User:
    """Turn an account off: it can no longer log in, and every session it has ends now. Its roles stay, so
    turning it on again restores them; they no longer count as someone who receives cases."""
    if not User.objects.get(pk=user.pk).is_active:
        return user
    user.is_active = False
    user.session_token = new_session_token()
    user.save(update_fields=["is_active", "session_token"])
    audit_record(action=Action.STAFF_ACCOUNT_DEACTIVATED, actor=acting_user, data={"user": user.pk})
    return user


@transaction.atomic
def staff_account_reactivate(*, user: User, acting_user: User | None) -> User:
    """Turn an account on again."""
    if User.objects.get(pk=user.pk).is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(action=Action.STAFF_ACCOUNT_REACTIVATED, actor=acting_user, data={"user": user.pk})
    return user


@transaction.atomic
def password_set(*, user: User, password: str | None, acting_user: User | None) -> User:
    """Set a staff member's password (None: no password log-in at all). Every session the person has ends,
    since the password is part of each session's authentication hash."""
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        action=Action.PASSWORD_SET,
        actor=acting_user,
        data={"user": user.pk, "usable": password is not None},
    )
    return user


@transaction.atomic
def second_factor_reset(*, user: User, acting_user: User | None) -> int:
    """Remove a staff member's authenticator and recovery codes (a lost phone): at the next log-in they connect
    a new app. Every session they have ends now. Returns how many devices were removed."""
    _refuse_own_account(user=user, acting_user=acting_user)
    totp_removed: int
    static_removed: int
    totp_removed, _ = TOTPDevice.objects.filter(user=user).delete()
    static_devices = StaticDevice.objects.filter(user=user)
    StaticToken.objects.filter(device__in=static_devices).delete()
    static_removed, _ = static_devices.delete()
    User.objects.filter(pk=user.pk).update(session_token=new_session_token())
    user.refresh_from_db(fields=["session_token"])
    audit_record(
        action=Action.SECOND_FACTOR_RESET,
        actor=acting_user,
        data={"user": user.pk, "authenticators": totp_removed, "recovery_code_sets": static_removed},
    )
    return totp_removed + static_removed
