import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(AbstractUser):  # type: ignore[django-manager-missing]  # sso.IdentityProviderDevice (django-otp)
    """A member of staff. Citizens never have accounts: they follow their case with a receipt code or a link."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Part of every session's authentication hash: giving it a new value ends every session of this person at
    # once ("log out everywhere"), on every device, whatever the session store.
    session_token = models.CharField(max_length=32, default=new_session_token, editable=False)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's own hash covers the password (a new password ends old sessions); ours adds the session token.
        key_salt = "accounts.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_token}", secret=secret, algorithm="sha256"
        ).hexdigest()
