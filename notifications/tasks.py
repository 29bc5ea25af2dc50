"""Background work for e-mail, run by `manage.py db_worker`."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from notifications.models import EmailStatus, OutboundEmail
from notifications.services import email_deliver, outbox_sweep


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
