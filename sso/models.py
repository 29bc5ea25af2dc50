"""Staff single sign-on: which identity at the organisation's identity provider is which staff account, and the
second factor that the identity provider vouched for (docs/decisions/0038)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


class Protocol(models.TextChoices):
    OIDC = "oidc", "OpenID Connect"
    SAML = "saml", "SAML 2.0"


class StaffIdentity(models.Model):
    """A person at an identity provider (its issuer, and the subject or NameID it gives them) tied to one staff
    account. Made on the first sign-on, by the e-mail address the provider asserts; after that the subject alone
    decides, so a changed address at the provider cannot move the person to another account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sso_identities",
        verbose_name=_("staff member"),
    )
    protocol = models.CharField(_("protocol"), max_length=8, choices=Protocol.choices)
    issuer = models.CharField(_("identity provider"), max_length=500)
    subject = models.CharField(_("subject"), max_length=500)
    created_at = models.DateTimeField(_("first signed on"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity at the identity provider")
        verbose_name_plural = _("identities at the identity provider")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_one_account"),
            models.UniqueConstraint(fields=["user", "issuer"], name="sso_identity_one_per_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class IdentityProviderDevice(Device):
    """The second factor as django-otp sees it when the identity provider asserted a multi-factor sign-on.

    It verifies no token of its own: a session is marked as passed through it only by `sso.services`, after a
    verified assertion that names a multi-factor method. Listed with the person's other devices, it never matches a
    typed code."""

    class Meta:
        verbose_name = _("second factor at the identity provider")
        verbose_name_plural = _("second factors at the identity provider")

    def verify_token(self, token: str) -> bool:
        return False
