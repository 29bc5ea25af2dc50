"""The audit trail: every read and every change of a case, append-only (domain.md §8)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One thing that happened to a case, or a staff read of it.

    Rows are never updated or deleted. Foreign keys carry no database constraint and no cascade, so that removing
    a case under the retention rules can never rewrite its trail. `data` holds identifiers and codes only, never
    the case's content or personal data.
    """

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=100)
    action = models.CharField(_("what"), max_length=50, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("when"), db_index=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["case", "at"], name="event_case_at"),
            models.Index(fields=["actor", "at"], name="event_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
