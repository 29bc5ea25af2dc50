"""The outbox. Mail is rendered and stored in the caller's transaction, with the task that will send it; sending
happens after commit, in the tasks worker, with retries and back-off. E-mails never carry case content
(domain.md §3): only that there is news.

Delivery is at-least-once and, in practice, exactly once:
- a message is *claimed* by one conditional UPDATE (status still queued, due now) that also counts the attempt and
  pushes `next_attempt_at` a lease ahead, so a task and a sweep (or two workers) never send the same message at
  once, and no database lock is held while the mail server is being talked to;
- on failure the message stays queued with the error's class name and the time of its next try (back-off);
- if the process dies mid-send, the lease runs out and the sweep tries again;
- the task is queued once the caller's transaction commits (transaction.on_commit), so that it never runs before
  the message exists, and nothing is queued for a change that was rolled back;
- if the task could not even be enqueued, the row is still there and the sweep sends it;
- after MAX_ATTEMPTS the message is marked FAILED, logged at ERROR and counted by `outbox_status`, and
  `manage.py outbox --retry-failed` puts it back in the queue.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
# How long a claimed message is left alone before it counts as abandoned (well above the SMTP timeout).
SEND_LEASE = timedelta(minutes=5)
SWEEP_BATCH = 500


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most six hours between tries: a day-long outage still loses nothing."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def email_enqueue(
    *,
    to: str,
    kind: str,
    template: str,
    context: dict[str, object],
    language: str,
    case_id: int | None = None,
) -> OutboundEmail:
    """Render a message in the recipient's language, store it in the caller's transaction, and have it sent once
    that transaction commits."""
    with translation.override(language):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"notifications/email/{template}_body.txt", context)
    message = OutboundEmail.objects.create(
        to=to,
        subject=" ".join(subject.split())[:200],
        body_text=body,
        kind=kind,
        case_id=case_id,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(partial(_enqueue_delivery, message.pk))
    return message


def _enqueue_delivery(message_id: int) -> None:
    try:
        deliver_email.enqueue(message_id)
    except Exception:
        # The row is safe in the outbox; the sweep will pick it up.
        logger.exception("Could not enqueue e-mail %s; the sweep will retry", message_id)


def _message_id(message: OutboundEmail) -> str:
    """The same Message-ID on every try, so that a receiving system can drop a duplicate after a lost reply."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<outbox.{message.pk}.{int(message.created_at.timestamp())}@{domain}>"


def _send(message: OutboundEmail) -> None:
    EmailMessage(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": _message_id(message), "Auto-Submitted": "auto-generated"},
    ).send()


# What one try came to: sent by this call, sent earlier (by a task or another sweep), or still not sent.
SENT_NOW, SENT_BEFORE, NOT_SENT = "sent_now", "sent_before", "not_sent"


def email_deliver(message_id: int) -> bool:
    """Try to send one message if it is due. True if it is sent (now or before); False if it is still queued
    (not due yet, being sent by someone else, or this try failed and the next is scheduled) or given up."""
    return _deliver(message_id) in {SENT_NOW, SENT_BEFORE}


def _deliver(message_id: int) -> str:
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(
        pk=message_id, status=EmailStatus.QUEUED, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + SEND_LEASE)
    if claimed != 1:
        sent = OutboundEmail.objects.filter(pk=message_id, status=EmailStatus.SENT).exists()
        return SENT_BEFORE if sent else NOT_SENT
    message = OutboundEmail.objects.get(pk=message_id)
    try:
        _send(message)
    except Exception as error:  # any transport failure: keep the message and try later
        _delivery_failed(message, error)
        return NOT_SENT
    OutboundEmail.objects.filter(pk=message_id, status=EmailStatus.QUEUED).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return SENT_NOW


def _delivery_failed(message: OutboundEmail, error: Exception) -> None:
    # The class name only: an SMTP error text may echo the recipient's address.
    last_error = type(error).__name__[:200]
    if message.attempts >= MAX_ATTEMPTS:
        OutboundEmail.objects.filter(pk=message.pk, status=EmailStatus.QUEUED).update(
            status=EmailStatus.FAILED, last_error=last_error
        )
        logger.error(
            "E-mail %s given up after %s attempts (%s); `manage.py outbox --retry-failed` queues it again",
            message.pk,
            message.attempts,
            last_error,
        )
        return
    next_attempt_at = timezone.now() + backoff(message.attempts)
    OutboundEmail.objects.filter(pk=message.pk, status=EmailStatus.QUEUED).update(
        next_attempt_at=next_attempt_at, last_error=last_error
    )
    logger.warning(
        "E-mail %s not sent (attempt %s, %s); next try at %s",
        message.pk,
        message.attempts,
        last_error,
        next_attempt_at.isoformat(timespec="seconds"),
    )


def outbox_sweep(*, now: datetime | None = None) -> int:
    """Send every queued message whose time has come, oldest first. Returns how many this sweep sent.

    Catches what the task chain missed: an enqueue lost after commit, a worker that died mid-send (its lease has
    run out), a task that failed for another reason. Safe to run while workers run: each message is claimed.
    """
    now = now or timezone.now()
    due = list(
        OutboundEmail.objects.filter(status=EmailStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(1 for message_id in due if _deliver(message_id) == SENT_NOW)


@dataclass(frozen=True)
class OutboxStatus:
    queued: int
    failed: int
    oldest_queued_at: datetime | None


def outbox_status() -> OutboxStatus:
    """How the outbox stands, for operators: anything FAILED needs a person to look at the mail server."""
    queued = OutboundEmail.objects.filter(status=EmailStatus.QUEUED)
    oldest = queued.order_by("created_at").values_list("created_at", flat=True).first()
    return OutboxStatus(
        queued=queued.count(),
        failed=OutboundEmail.objects.filter(status=EmailStatus.FAILED).count(),
        oldest_queued_at=oldest,
    )


def outbox_retry_failed() -> int:
    """Put every given-up message back in the queue with a fresh count of attempts. Returns how many."""
    ids = list(OutboundEmail.objects.filter(status=EmailStatus.FAILED).values_list("pk", flat=True))
    OutboundEmail.objects.filter(pk__in=ids, status=EmailStatus.FAILED).update(
        status=EmailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    for message_id in ids:
        transaction.on_commit(partial(_enqueue_delivery, message_id))
    return len(ids)


# --- The worker's tasks (manage.py db_worker) ----------------------------------------------------------------


@task()
def deliver_email(message_id: int) -> bool:
    """Send one message; while it is still queued (mail server down, or someone else holds it), schedule this
    task again for the message's next try. One chain per message: only this task enqueues its successor."""
    if email_deliver(message_id):
        return True
    message = OutboundEmail.objects.filter(pk=message_id).values("status", "next_attempt_at").first()
    if message and message["status"] == EmailStatus.QUEUED:
        run_after = max(message["next_attempt_at"], timezone.now() + timedelta(seconds=1))
        deliver_email.using(run_after=run_after).enqueue(message_id)
    return False


@task()
def sweep_outbox() -> int:
    """The outbox sweep as a task, for installations that schedule work through the worker instead of cron."""
    return outbox_sweep()
