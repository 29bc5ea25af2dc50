"""Reading the audit trail for the log review, scoped to the organisations the reviewer administers."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from audit.actions import READ_ACTIONS
from audit.models import Event
from organisations.models import Role, RoleAssignment


def organisations_reviewed_by(reviewer: User) -> "QuerySet[RoleAssignment, Any] | None":
    """The ids of the organisations whose log this person may review (as a subquery); None for every one."""
    if reviewer.is_superuser:
        return None
    return (
        RoleAssignment.objects.filter(user=reviewer, role=Role.ADMINISTRATOR)
        .values("node__organisation_id")
        .distinct()
    )


def staff_for_review(*, reviewer: User) -> QuerySet[User]:
    """The people the reviewer may filter by: those with a role in an organisation they administer."""
    users = User.objects.order_by("first_name", "last_name", "username")
    organisations = organisations_reviewed_by(reviewer)
    if organisations is None:
        return users
    return users.filter(
        pk__in=RoleAssignment.objects.filter(node__organisation_id__in=organisations).values("user_id")
    )


def events_for_review(
    *,
    reviewer: User,
    staff: User | None = None,
    reference: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    all_actions: bool = False,
) -> QuerySet[Event]:
    """Events newest first, with the case's reference number and the actor, filtered as asked.

    An administrator sees the events of the cases of the organisations where they hold the administrator role,
    and the events without a case (log-ins, log reviews) of people with a role there; a superuser sees all.
    """
    events = Event.objects.select_related("case", "actor").order_by("-at", "-pk")
    organisations = organisations_reviewed_by(reviewer)
    if organisations is not None:
        members = RoleAssignment.objects.filter(node__organisation_id__in=organisations).values("user_id")
        events = events.filter(
            Q(case__organisation_id__in=organisations) | Q(case__isnull=True, actor_id__in=members)
        )
    if not all_actions:
        events = events.filter(action__in=READ_ACTIONS)
    if staff is not None:
        events = events.filter(actor=staff)
    if reference:
        events = events.filter(case__reference_number__iexact=" ".join(reference.split()))
    zone = timezone.get_current_timezone()
    if date_from is not None:
        events = events.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to is not None:
        events = events.filter(at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return events
