"""The periodic sweep, composed in one place: everything that must happen every few minutes, in order.

- the deadline reminders and overdue reports (cases.deadlines, and records.deadlines for requests for public
  documents), first, so that the mail they queue goes out in the same run;
- the outbox: mail that waits (notifications.services); then the messages to other installations and the webhook
  deliveries that wait (api.exchange, webhooks.services: decision 36);
- expired rate-limit counters (core.ratelimit), expired links to the citizen's case page (citizen.services) and
  files attached in the intake but never submitted (intake.tempfiles), and BankID orders used more than a month
  ago (bankid.services);
- last, the pruning of what would otherwise grow forever (decision 41): the idempotency keys of messages received
  from other installations (api.services, 30 days by default) and webhook deliveries delivered or given up, with
  their attempts (webhooks.services, 90 days by default), each in batches; nothing still waiting is touched.

It runs without cron: the `django.tasks` worker (`manage.py db_worker`) runs the task `periodic_sweep`, which first
schedules its own next run SWEEP_INTERVAL ahead (never two waiting: `sweep_schedule`), then sweeps. `manage.py
sweep --schedule` starts the chain (`./run demo` and `./run worker` do); `manage.py sweep` alone runs one sweep,
for cron (`*/5 * * * * .../manage.py sweep`) where there is no worker. Every part is idempotent and safe with
itself: each reminder and each mail is claimed by exactly one sweep (decision 5).
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from api.exchange import exchange_sweep
from api.services import inbound_messages_prune
from bankid.services import used_orders_prune
from cases.deadlines import deadline_sweep
from citizen.services import links_prune
from core.database import transaction_lock
from core.ratelimit import counters_expired_delete
from intake.tempfiles import temp_sweep
from notifications.services import outbox_sweep
from records.deadlines import request_deadline_sweep
from webhooks.services import webhook_deliveries_prune, webhook_sweep

SWEEP_INTERVAL = timedelta(minutes=5)

# A fixed key for the advisory lock that orders every scheduling of the sweep: "sweep" in ASCII.
SCHEDULE_LOCK_KEY = 0x7377656570


@dataclass(frozen=True)
class SweepReport:
    """What one sweep did, as counts."""

    reminded_before: int
    reminded_due: int
    overdue_reported: int
    reminded_acknowledge: int
    emails_sent: int
    exchange_sent: int
    webhooks_delivered: int
    counters_deleted: int
    links_deleted: int
    uploads_deleted: int
    # Requests for public documents (records.deadlines): reminded on the last day, reported the day after.
    requests_reminded: int = 0
    requests_overdue_reported: int = 0
    bankid_orders_deleted: int = 0
    idempotency_keys_deleted: int = 0
    webhook_deliveries_deleted: int = 0


def sweep_run(*, today: date | None = None) -> SweepReport:
    """One whole sweep, in order (see the module's docstring)."""
    deadlines = deadline_sweep(today=today)
    requests = request_deadline_sweep(today=today)
    emails_sent = outbox_sweep()
    return SweepReport(
        reminded_before=deadlines.reminded_before,
        reminded_due=deadlines.reminded_due,
        overdue_reported=deadlines.overdue_reported,
        reminded_acknowledge=deadlines.reminded_acknowledge,
        emails_sent=emails_sent,
        exchange_sent=exchange_sweep(),
        webhooks_delivered=webhook_sweep(),
        counters_deleted=counters_expired_delete(now=timezone.now()),
        links_deleted=links_prune(),
        uploads_deleted=temp_sweep(),
        requests_reminded=requests.reminded,
        requests_overdue_reported=requests.overdue_reported,
        bankid_orders_deleted=used_orders_prune(),
        idempotency_keys_deleted=inbound_messages_prune(),
        webhook_deliveries_deleted=webhook_deliveries_prune(),
    )


def _waiting_sweeps() -> int | None:
    """How many sweep tasks wait to run (not started), or None if the task backend cannot say."""
    if not isinstance(periodic_sweep.get_backend(), DatabaseBackend):
        return None
    return DBTaskResult.objects.filter(
        task_path=periodic_sweep.module_path, status=TaskResultStatus.READY
    ).count()


def sweep_schedule(*, delay: timedelta = SWEEP_INTERVAL, now: datetime | None = None) -> bool:
    """Have the worker run the sweep `delay` from now, unless a sweep already waits. True if one was enqueued.

    Idempotent and safe when called at once by several workers: the check and the enqueue happen under one lock,
    so there is never more than one waiting sweep. A backend that cannot defer (the immediate backend of tests
    and development) gets nothing: it would run the sweep at once, and then again, forever."""
    backend = periodic_sweep.get_backend()
    if not backend.supports_defer:
        return False
    run_after = (now or timezone.now()) + delay
    with transaction.atomic():
        transaction_lock(SCHEDULE_LOCK_KEY)
        if _waiting_sweeps():
            return False
        periodic_sweep.using(run_after=run_after).enqueue()
    return True


@task()
def periodic_sweep() -> dict[str, int]:
    """The whole sweep, for the tasks worker. It first schedules its own next run, so that the chain survives an
    error or a crash in the sweep itself."""
    sweep_schedule()
    return asdict(sweep_run())
