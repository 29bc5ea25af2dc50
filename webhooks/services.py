"""Webhooks: subscribing, emitting an event in the caller's transaction, and delivering it from the worker.

Each delivery is signed as the Standard Webhooks specification says, by its own library (`webhook-id`,
`webhook-timestamp`, `webhook-signature`), carries identifiers only (never what a case says: domain.md §3), and
is sent by the tasks worker after the change commits, retried with exponential back-off. Claiming, leases and
the sweep work as the e-mail outbox's do (decision 21); decision 36 says the rest.
"""

import json
import logging
import secrets
import urllib.error
import urllib.request
import uuid
from base64 import b64encode
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from organisations.models import Organisation
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
SEND_LEASE = timedelta(minutes=5)
SWEEP_BATCH = 500
# Pruning deletes this many finished deliveries per statement, and at most PRUNE_BATCHES statements per sweep: a
# first run over a long history spreads over a few sweeps instead of holding one long transaction.
PRUNE_BATCH = 1000
PRUNE_BATCHES = 20


def retry_backoff(attempts: int) -> timedelta:
    """The pause after the `attempts`-th failure: the base (a minute by default), doubled each time, at most six
    hours. Shared by the API's outbox (api.exchange)."""
    seconds = settings.RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, 6 * 3600))


def webhook_secret_new() -> str:
    """A new signing secret in the form Standard Webhooks gives it to receivers."""
    return "whsec_" + b64encode(secrets.token_bytes(32)).decode()


@transaction.atomic
def webhook_subscribe(
    *, organisation: Organisation, url: str, events: list[str], acting_user: User
) -> WebhookEndpoint:
    """Subscribe `url` to `events` of the organisation. The secret is on the returned object: show it once."""
    unknown = set(events) - set(WebhookEvent.values)
    if unknown or not events:
        raise ValueError(f"Unknown or no events: {sorted(unknown)}")
    endpoint = WebhookEndpoint.objects.create(
        organisation=organisation,
        url=url,
        events=sorted(set(events)),
        secret=webhook_secret_new(),
        created_by=acting_user,
    )
    audit_record(
        action=Action.WEBHOOK_SUBSCRIBED,
        actor=acting_user,
        data={"organisation": organisation.pk, "webhook": endpoint.pk, "events": endpoint.events},
    )
    return endpoint


@transaction.atomic
def webhook_unsubscribe(*, endpoint: WebhookEndpoint, acting_user: User) -> None:
    """Stop sending to the subscription; its deliveries stay listed, those still waiting are not sent."""
    if not endpoint.is_active:
        return
    endpoint.is_active = False
    endpoint.save(update_fields=["is_active"])
    audit_record(
        action=Action.WEBHOOK_UNSUBSCRIBED,
        actor=acting_user,
        data={"organisation": endpoint.organisation_id, "webhook": endpoint.pk},
    )


def webhook_event_emit(
    *, organisation_id: int, event: str, case_id: int, reference_number: str
) -> list[WebhookDelivery]:
    """Queue `event` for every active subscription of the organisation to it, in the caller's transaction, and
    have each sent once that transaction commits. The payload holds identifiers only."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(organisation_id=organisation_id, is_active=True)
        if event in endpoint.events
    ]
    if not endpoints:
        return []
    now = timezone.now()
    payload = {
        "type": event,
        "timestamp": now.isoformat(),
        "data": {
            "case_id": case_id,
            "reference_number": reference_number,
            "organisation_id": organisation_id,
        },
    }
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=event,
            message_id=f"msg_{uuid.uuid4().hex}",
            payload=payload,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    ]
    for delivery in deliveries:
        transaction.on_commit(partial(_enqueue, delivery.pk))
    return deliveries


def _enqueue(delivery_id: int, run_after: datetime | None = None) -> None:
    try:
        if run_after is None:
            deliver_webhook.enqueue(delivery_id)
        else:
            deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
    except Exception:
        logger.exception("Could not enqueue webhook delivery %s; the sweep will retry", delivery_id)


def _post(delivery: WebhookDelivery) -> int:
    """Send one signed try; the receiver's status code. Raises on a network error."""
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    sent_at = timezone.now()
    signature = Webhook(endpoint.secret).sign(msg_id=delivery.message_id, timestamp=sent_at, data=body)
    request = urllib.request.Request(  # noqa: S310 (the URL was checked to be http(s) when subscribed)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Synpunkt-Webhooks/1",
            "webhook-id": delivery.message_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": signature,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.OUTBOUND_HTTP_TIMEOUT) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def webhook_deliver(delivery_id: int) -> bool:
    """Try one delivery if it is due and its subscription is in use. True once it is delivered (now or before)."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookStatus.QUEUED, next_attempt_at__lte=now, endpoint__is_active=True
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + SEND_LEASE)
    if claimed != 1:
        return WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookStatus.DELIVERED).exists()
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    status_code: int | None = None
    error = ""
    try:
        status_code = _post(delivery)
    except Exception as exception:  # the receiver is down or unreachable: try again later
        error = type(exception).__name__[:200]
    WebhookAttempt.objects.create(delivery=delivery, status_code=status_code, error=error)
    if status_code is not None and 200 <= status_code < 300:
        WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookStatus.QUEUED).update(
            status=WebhookStatus.DELIVERED, delivered_at=timezone.now()
        )
        return True
    if delivery.attempts >= MAX_ATTEMPTS:
        WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookStatus.QUEUED).update(
            status=WebhookStatus.FAILED
        )
        logger.error("Webhook delivery %s given up after %s attempts", delivery_id, delivery.attempts)
        return False
    WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookStatus.QUEUED).update(
        next_attempt_at=timezone.now() + retry_backoff(delivery.attempts)
    )
    logger.warning(
        "Webhook delivery %s failed (attempt %s, %s)", delivery_id, delivery.attempts, status_code or error
    )
    return False


def webhook_sweep(*, now: datetime | None = None) -> int:
    """Deliver every waiting delivery whose time has come (a lost task, a worker that died mid-try)."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookStatus.QUEUED, next_attempt_at__lte=now, endpoint__is_active=True
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(1 for delivery_id in due if webhook_deliver(delivery_id))


@task()
def deliver_webhook(delivery_id: int) -> bool:
    """One try; while the delivery still waits, this task queues itself again for its next try."""
    if webhook_deliver(delivery_id):
        return True
    row = WebhookDelivery.objects.filter(pk=delivery_id, endpoint__is_active=True).values(
        "status", "next_attempt_at"
    )
    waiting = row.first()
    if waiting and waiting["status"] == WebhookStatus.QUEUED:
        _enqueue(delivery_id, max(waiting["next_attempt_at"], timezone.now() + timedelta(seconds=1)))
    return False


def webhook_deliveries_prune(
    *, now: datetime | None = None, days: int | None = None, batch_size: int = PRUNE_BATCH
) -> int:
    """Delete deliveries that were delivered or given up more than `days` ago (settings.WEBHOOK_DELIVERIES_KEEP_DAYS,
    90 by default), with their attempts, in batches (decision 41). A delivery still waiting or retrying is kept,
    however old, so nothing is lost that may yet be sent. Returns how many deliveries were deleted."""
    now = now or timezone.now()
    keep = timedelta(days=settings.WEBHOOK_DELIVERIES_KEEP_DAYS if days is None else days)
    finished = WebhookDelivery.objects.filter(
        status__in=[WebhookStatus.DELIVERED, WebhookStatus.FAILED], created_at__lt=now - keep
    )
    deleted = 0
    for _ in range(PRUNE_BATCHES):
        ids = list(finished.order_by("created_at", "pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        with transaction.atomic():
            WebhookAttempt.objects.filter(delivery_id__in=ids).delete()
            count, _by_model = WebhookDelivery.objects.filter(pk__in=ids).delete()
        deleted += count
        if len(ids) < batch_size:
            break
    return deleted
