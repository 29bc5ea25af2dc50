"""The API's own records: the tokens an organisation gives out, the other installations it talks to (peers), the
messages it sends them (an outbox, like notifications'), and the messages it has received (for replay protection).

Decision 36 (docs/decisions/0036-the-api-between-installations.md) says why they look as they do.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token of one organisation: calls made with it see and act as that organisation only. The token
    itself is shown once, when it is made; only its SHA-256 is kept (it has 256 random bits: no salt or slow hash
    is needed, as for the receipt secrets of decision 2)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters, so that people can tell tokens apart in the list without the token itself.
    prefix = models.CharField(_("begins with"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class PeerRole(models.TextChoices):
    AUTHORITY = "authority", _("The supervisory authority")
    MUNICIPALITY = "municipality", _("A municipality or provider")


class Peer(models.Model):
    """Another installation this organisation sends to: its address and the token it gave us. The token is kept
    as it is, since it must be sent; it is never shown again after it is saved."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="peers",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("who they are"), max_length=20, choices=PeerRole)
    name = models.CharField(_("name"), max_length=200)
    base_url = models.URLField(_("address of their installation"), max_length=300)
    # A municipality's or provider's organisation number, as in the authority's register of providers: how a
    # hand-over (supervision.HandOver) finds the installation to go to.
    organisation_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    token = models.CharField(_("their token for us"), max_length=200)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("connected installation")
        verbose_name_plural = _("connected installations")

    def __str__(self) -> str:
        return self.name


class MessageKind(models.TextChoices):
    REPORT = "report", _("Report to the supervisory authority")
    HANDOVER = "handover", _("Hand-over from the supervisory authority")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Gave up")


class OutboundMessage(models.Model):
    """A report or hand-over waiting to be sent to a peer, written in the transaction that decided to send it
    and sent by the worker with retries. The same idempotency key goes with every try, so that the receiver
    registers it once however often it arrives. What it says is wiped once it has been received."""

    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="messages", verbose_name=_("to"))
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(default=dict)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    # The authority's hand-over this message carries, told when it has arrived (supervision.services).
    hand_over = models.OneToOneField(
        "supervision.HandOver", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    remote_reference = models.CharField(_("their reference number"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("message to another installation")
        verbose_name_plural = _("messages to other installations")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="api_outbound_due")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class InboundMessage(models.Model):
    """A report or hand-over received through the API, once per idempotency key and organisation: a call that
    comes again with the same key is answered with what the first made, and nothing is made twice."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind)
    idempotency_key = models.CharField(max_length=100)
    body_sha256 = models.CharField(max_length=64)
    reference = models.CharField(_("reference number"), max_length=60, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    # Kept only while nothing on this installation has taken the report in (api.receivers): nothing is lost.
    payload = models.JSONField(null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("message from another installation")
        verbose_name_plural = _("messages from other installations")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "idempotency_key"], name="api_inbound_once"),
        ]
        # The sweep's pruning of old keys, the oldest first (api.services.inbound_messages_prune).
        indexes = [models.Index(fields=["received_at"], name="api_inbound_received")]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"
