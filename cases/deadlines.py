"""The deadline sweep: reminders to the holder before and on the date to inform (and on the date to confirm
receipt, for organisations with that clock), and overdue cases brought to the holder's manager (domain.md §4;
issue 3, item 1).

It is one part of the periodic sweep, which the sweep app composes and schedules (sweep/services.py). It is safe
run at once by several workers, and with itself: every reminder is claimed by one conditional UPDATE (the healthchecks pattern, style.md) and only the
worker whose UPDATE changed the row sends it, in the same transaction as the claim, so a reminder is sent exactly
once however many sweeps run at once, and a crashed sweep leaves nothing half-done.

A reminder is never lost to a day without a sweep: the reminder on the date is sent on the first sweep on or after
the date (saying, if late, that the date has passed), and so is the one to confirm receipt.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from cases.models import Case, CaseState
from cases.services import staff_email_enqueue
from core.calendar import add_working_days, is_working_day
from organisations.models import OrgNode, Role
from organisations.selectors import ladder_roles, organisation_root, role_holder_for

logger = logging.getLogger(__name__)

# The first reminder goes this many working days before the date to inform.
REMIND_BEFORE_WORKING_DAYS = 2
# Above the top of the ladder, an overdue case is brought to the first of these (not the holder) for its unit.
TOP_OF_LADDER_RECIPIENTS = [Role.HEAD_OF_OPERATIONS, Role.REGISTRAR]


@dataclass
class SweepResult:
    reminded_before: int = 0
    reminded_due: int = 0
    overdue_reported: int = 0
    reminded_acknowledge: int = 0


def remind_before_on(inform_by: date) -> date:
    """The day of the first reminder: REMIND_BEFORE_WORKING_DAYS working days before the date to inform."""
    day = inform_by
    count = REMIND_BEFORE_WORKING_DAYS
    while count:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _open_with_clock() -> QuerySet[Case]:
    return Case.objects.filter(state=CaseState.REGISTERED, inform_by__isnull=False, holder__isnull=False)


def _claim(case: Case, column: str, today: date, **unchanged: Any) -> bool:
    """Mark one reminder as sent, only if nobody has, and the case has not changed since it was read."""
    updated = Case.objects.filter(
        pk=case.pk,
        state=CaseState.REGISTERED,
        step=case.step,
        inform_by=case.inform_by,
        **unchanged,
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


def _above_the_top(case: Case) -> tuple[User, str] | None:
    """Nobody is above the holder on the ladder: the organisation's head of operations, or else its registrar,
    for the case's unit (whoever of them is not the holder)."""
    node = case.unit if case.unit is not None else organisation_root(case.organisation)
    for role in TOP_OF_LADDER_RECIPIENTS:
        found = role_holder_for(node, role)
        if found is not None and found[0].pk != case.holder_id:
            return found[0], role
    return None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def deadline_sweep(*, today: date | None = None) -> SweepResult:
    """Send every reminder that is due today (or was due on a day without a sweep) and not yet sent; report
    overdue cases to the holder's manager, or above the top of the ladder to the head of operations or registrar.

    Idempotent: a second run the same day (or a second worker at the same moment) sends nothing more.
    """
    today = today or timezone.localdate()
    result = SweepResult()

    # Confirming receipt: on the last day, or on the first sweep after it, while nobody has written to the sender.
    acknowledge = _open_with_clock().filter(
        acknowledge_by__lte=today, acknowledged_at__isnull=True, reminded_acknowledge_on__isnull=True
    )
    for case in acknowledge.select_related("holder", "organisation").order_by("acknowledge_by", "pk"):
        with transaction.atomic():
            if not _claim(
                case,
                "reminded_acknowledge_on",
                today,
                acknowledge_by=case.acknowledge_by,
                acknowledged_at__isnull=True,
            ):
                continue
            late = case.acknowledge_by is not None and case.acknowledge_by < today
            staff_email_enqueue(
                user=case.holder,
                case=case,
                template="staff_reminder_acknowledge",
                extra={"acknowledge_by": case.acknowledge_by, "late": late},
            )
            audit_record(
                action=Action.DEADLINE_REMINDED_ACKNOWLEDGE,
                case_id=case.pk,
                data={"to": case.holder_id, "acknowledge_by": _iso(case.acknowledge_by), "late": late},
            )
            result.reminded_acknowledge += 1

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
                action=Action.DEADLINE_REMINDED_BEFORE,
                case_id=case.pk,
                data={"to": case.holder_id, "inform_by": _iso(case.inform_by)},
            )
            result.reminded_before += 1

    # On the date, or on the first sweep after it (a day without a sweep loses nothing).
    due = _open_with_clock().filter(reminded_due_on__isnull=True, inform_by__lte=today)
    for case in due.select_related("holder", "organisation").order_by("inform_by", "pk"):
        with transaction.atomic():
            if not _claim(case, "reminded_due_on", today):
                continue
            late = case.inform_by is not None and case.inform_by < today
            staff_email_enqueue(
                user=case.holder, case=case, template="staff_reminder_due", extra={"late": late}
            )
            audit_record(
                action=Action.DEADLINE_REMINDED_DUE,
                case_id=case.pk,
                data={"to": case.holder_id, "inform_by": _iso(case.inform_by), "late": late},
            )
            result.reminded_due += 1

    # Past the date: the holder's manager is told (once per step), and the inbox shows the case as overdue. At
    # the top of the ladder, with nobody above, the head of operations or the registrar is told instead.
    overdue = _open_with_clock().filter(overdue_reported_on__isnull=True, inform_by__lt=today)
    for case in overdue.select_related("holder", "organisation", "unit").order_by("inform_by", "pk"):
        with transaction.atomic():
            if not _claim(case, "overdue_reported_on", today):
                continue
            recipient: User | None = None
            role: str | None = None
            manager = _manager_of(case)
            if manager is not None:
                recipient = manager[0]
                staff_email_enqueue(user=recipient, case=case, template="staff_overdue")
            else:
                above = _above_the_top(case)
                if above is not None:
                    recipient, role = above
                    staff_email_enqueue(
                        user=recipient,
                        case=case,
                        template="staff_overdue_top",
                        extra={"role": Role(role).label},
                    )
            audit_record(
                action=Action.DEADLINE_OVERDUE_REPORTED,
                case_id=case.pk,
                data={
                    "holder": case.holder_id,
                    "manager": manager[0].pk if manager else None,
                    "to": recipient.pk if recipient else None,
                    "above_the_top": manager is None,
                    "role": role,
                    "inform_by": _iso(case.inform_by),
                },
            )
            if recipient is None:
                logger.warning("Case %s is overdue and nobody but its holder can be told", case.pk)
            result.overdue_reported += 1
    return result
