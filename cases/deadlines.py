"""The deadline sweep: reminders to the holder before and on the date to inform, and overdue cases brought to the
holder's manager (domain.md §4; issue 3, item 1).

Run it periodically: cron runs `manage.py sweep` every 5 minutes (`*/5 * * * * .../manage.py sweep`), or a
`django.tasks` worker runs the `periodic_sweep` task below. Both are safe together and with themselves: every
reminder is claimed by one conditional UPDATE (the healthchecks pattern, style.md) and only the worker whose
UPDATE changed the row sends it, in the same transaction as the claim, so a reminder is sent exactly once
however many sweeps run at once, and a crashed sweep leaves nothing half-done.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from cases.handling import staff_email_enqueue
from cases.models import Case, CaseState
from core.calendar import add_working_days, is_working_day
from organisations.models import OrgNode
from organisations.selectors import ladder_roles, organisation_root, role_holder_for

logger = logging.getLogger(__name__)

# The first reminder goes this many working days before the date to inform.
REMIND_BEFORE_WORKING_DAYS = 2


class DeadlineAction:
    REMINDED_BEFORE = "deadline_reminded_before"
    REMINDED_DUE = "deadline_reminded_due"
    OVERDUE_REPORTED = "deadline_overdue_reported"


@dataclass
class SweepResult:
    reminded_before: int = 0
    reminded_due: int = 0
    overdue_reported: int = 0


def remind_before_on(inform_by: date) -> date:
    """The day of the first reminder: REMIND_BEFORE_WORKING_DAYS working days before the date to inform."""
    day = inform_by
    count = REMIND_BEFORE_WORKING_DAYS
    while count:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _open_with_clock():  # type: ignore[no-untyped-def]
    return Case.objects.filter(state=CaseState.REGISTERED, inform_by__isnull=False, holder__isnull=False)


def _claim(case: Case, column: str, today: date) -> bool:
    """Mark one reminder as sent, only if nobody has, and the case has not changed since it was read."""
    updated = Case.objects.filter(
        pk=case.pk,
        state=CaseState.REGISTERED,
        step=case.step,
        inform_by=case.inform_by,
        **{f"{column}__isnull": True},
    ).update(**{column: today})
    # 0: another worker got there first, or the case was informed, escalated or closed meanwhile.
    return updated == 1


def _manager_of(case: Case) -> tuple[User, OrgNode] | None:
    """The holder's manager: the holder of the next role up the ladder for the case's unit."""
    ladder = ladder_roles(case.organisation)
    node = case.unit if case.unit is not None else organisation_root(case.organisation)
    for position in range(case.step, len(ladder)):
        found = role_holder_for(node, ladder[position])
        if found is not None and found[0].pk != case.holder_id:
            return found
    return None


def deadline_sweep(*, today: date | None = None) -> SweepResult:
    """Send every reminder that is due today and not yet sent; report overdue cases to the holder's manager.

    Idempotent: a second run the same day (or a second worker at the same moment) sends nothing more.
    """
    today = today or timezone.localdate()
    result = SweepResult()

    # Before the date: inform_by within the next REMIND_BEFORE_WORKING_DAYS working days (not today).
    horizon = add_working_days(today, REMIND_BEFORE_WORKING_DAYS)
    before = _open_with_clock().filter(
        reminded_before_on__isnull=True,
        reminded_due_on__isnull=True,
        inform_by__gt=today,
        inform_by__lte=horizon,
    )
    for case in before.select_related("holder", "organisation").order_by("inform_by", "pk"):
        with transaction.atomic():
            if not _claim(case, "reminded_before_on", today):
                continue
            staff_email_enqueue(user=case.holder, case=case, template="staff_reminder_before")
            audit_record(
                action=DeadlineAction.REMINDED_BEFORE,
                case_id=case.pk,
                data={
                    "to": case.holder_id,
                    "inform_by": case.inform_by.isoformat() if case.inform_by else None,
                },
            )
            result.reminded_before += 1

    # On the date.
    due = _open_with_clock().filter(reminded_due_on__isnull=True, inform_by=today)
    for case in due.select_related("holder", "organisation").order_by("pk"):
        with transaction.atomic():
            if not _claim(case, "reminded_due_on", today):
                continue
            staff_email_enqueue(user=case.holder, case=case, template="staff_reminder_due")
            audit_record(
                action=DeadlineAction.REMINDED_DUE,
                case_id=case.pk,
                data={"to": case.holder_id, "inform_by": today.isoformat()},
            )
            result.reminded_due += 1

    # Past the date: the holder's manager is told (once per step), and the inbox shows the case as overdue.
    overdue = _open_with_clock().filter(overdue_reported_on__isnull=True, inform_by__lt=today)
    for case in overdue.select_related("holder", "organisation", "unit").order_by("inform_by", "pk"):
        with transaction.atomic():
            if not _claim(case, "overdue_reported_on", today):
                continue
            manager = _manager_of(case)
            manager_user = manager[0] if manager else None
            if manager_user is not None:
                staff_email_enqueue(user=manager_user, case=case, template="staff_overdue")
            audit_record(
                action=DeadlineAction.OVERDUE_REPORTED,
                case_id=case.pk,
                data={
                    "holder": case.holder_id,
                    "manager": manager_user.pk if manager_user else None,
                    "inform_by": case.inform_by.isoformat() if case.inform_by else None,
                },
            )
            if manager_user is None:
                logger.warning("Case %s is overdue and nobody above its holder can be told", case.pk)
            result.overdue_reported += 1
    return result


@task()
def periodic_sweep() -> dict[str, int]:
    """The whole periodic sweep (outbox and deadlines), for a tasks worker that runs it every few minutes."""
    from notifications.services import outbox_sweep

    result = deadline_sweep()
    sent = outbox_sweep()
    return {
        "emails_sent": sent,
        "reminded_before": result.reminded_before,
        "reminded_due": result.reminded_due,
        "overdue_reported": result.overdue_reported,
    }
