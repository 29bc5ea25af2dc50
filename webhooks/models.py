"""Webhooks: an organisation's subscriptions and every delivery with its attempts (decision 36).

A delivery says that something happened to a case, with identifiers only, never what the case says.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    CASE_REGISTERED = "case.registered", _("A case was registered")
    NOTICE_SENT = "case.notice_sent", _("The sender was told what will happen")
    OUTCOME_DECIDED = "case.outcome_decided", _("The case was decided and closed")


class WebhookEndpoint(models.Model):
    """A URL an organisation has subscribed to some events, with the secret its deliveries are signed with
    (Standard Webhooks: `whsec_` and base64). The secret is shown once, when the subscription is made."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("organisation"),
    )
    url = models.URLField(_("address"), max_length=300)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=100)
    is_active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.url


class WebhookStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Gave up")


class WebhookDelivery(models.Model):
    """One event for one subscription. `message_id` is the `webhook-id` of every try, by which the receiver drops
    a copy it already has."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent)
    message_id = models.CharField(max_length=40, unique=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=WebhookStatus, default=WebhookStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_due"),
            # The sweep's pruning of finished deliveries, the oldest first (webhooks.services).
            models.Index(fields=["status", "created_at"], name="webhook_finished"),
        ]

    def __str__(self) -> str:
        return self.message_id


class WebhookAttempt(models.Model):
    """One try at a delivery: when, and what came back (the status code, or the kind of error)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.status_code or self.error}"
