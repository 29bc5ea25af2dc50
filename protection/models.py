"""Protected personal details (skyddade personuppgifter): a case's sender or the person it concerns marked, and
which roles of the organisation may still see their details (docs/decisions/0038)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from organisations.models import Organisation


class ProtectedIdentity(models.Model):
    """The mark on one case. Absent, or both flags off: nothing is protected."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="protected_identity", verbose_name=_("case")
    )
    sender = models.BooleanField(_("the sender has protected personal details"), default=False)
    person_concerned = models.BooleanField(
        _("the person concerned has protected personal details"), default=False
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    by_citizen = models.BooleanField(_("said so by the sender"), default=False)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("protected personal details")
        verbose_name_plural = _("protected personal details")

    def __str__(self) -> str:
        return str(self.case_id)

    @property
    def any(self) -> bool:
        return self.sender or self.person_concerned


class ProtectedIdentityAccess(models.Model):
    """The roles of an organisation that may see protected details (on the case's part of the tree or above it).
    None named: nobody sees them in Synpunkt."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="protected_identity_access",
        verbose_name=_("organisation"),
    )
    roles = models.JSONField(_("roles that may see protected personal details"), default=list, blank=True)

    class Meta:
        verbose_name = _("who sees protected personal details")
        verbose_name_plural = _("who sees protected personal details")

    def __str__(self) -> str:
        return str(self.organisation)
