"""Reading the audit trail for the log review, scoped to the organisations the reviewer administers."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length, Substr
from django.utils import timezone

from accounts.models import User
from audit.models import Event
from audit.services import READ_ACTIONS, Action
from cases.policy import READING_ROLES
from organisations.models import Role, RoleAssignment

# The reads of a case by staff: the ones that can fall outside the reader's part of the organisation. (Defined
# here rather than in audit.services, whose vocabulary is about to be reorganised.)
STAFF_READ_ACTIONS = [Action.VIEWED, Action.ATTACHMENT_DOWNLOADED]
# Reads of one case by one person, each within this time of the one before, are one row of the review.
READ_RUN_GAP = timedelta(minutes=30)


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
    actions: Sequence[str] | None = READ_ACTIONS,
    outside_only: bool = False,
) -> QuerySet[Event]:
    """Events newest first, with the case's reference number and the actor, filtered as asked (`actions`: None
    for every action), each with `outside`: whether it is a read outside the reader's part of the organisation.

    An administrator sees the events of the cases of the organisations where they hold the administrator role,
    and the events without a case (log-ins, log reviews) of people with a role there; a superuser sees all.
    """
    events: QuerySet[Event] = (
        Event.objects.select_related("case", "actor")
        .annotate(outside=outside_own_part())
        .order_by("-at", "-pk")
    )
    organisations = organisations_reviewed_by(reviewer)
    if organisations is not None:
        members = RoleAssignment.objects.filter(node__organisation_id__in=organisations).values("user_id")
        events = events.filter(
            Q(case__organisation_id__in=organisations) | Q(case__isnull=True, actor_id__in=members)
        )
    if actions is not None:
        events = events.filter(action__in=actions)
    if staff is not None:
        events = events.filter(actor=staff)
    if reference:
        events = events.filter(case__reference_number__iexact=" ".join(reference.split()))
    events = in_period(events, date_from=date_from, date_to=date_to)
    if outside_only:
        events = events.filter(outside=True)
    return events


def in_period(events: QuerySet[Event], *, date_from: date | None, date_to: date | None) -> QuerySet[Event]:
    """The events from the start of `date_from` to the end of `date_to` (local time), either end open."""
    zone = timezone.get_current_timezone()
    if date_from is not None:
        events = events.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to is not None:
        events = events.filter(at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return events


def outside_own_part() -> Case:
    """For a read of a case by a member of staff: True when they, today, hold no reading role on the case's unit
    or a node above it and do not hold the case (the read that cases.policy would not allow now), else False.
    None for every other event.

    Today's roles and the case's present place: the trail does not keep who held which role when, so a read made
    before a role ended or before the case moved is marked too. An administrator's role gives no access to case
    content (cases.policy), so it does not count."""
    role_above = (
        RoleAssignment.objects.filter(user_id=OuterRef("actor_id"), role__in=READING_ROLES)
        .annotate(case_path_start=Substr(OuterRef("case__node_path"), 1, Length("node__path")))
        .filter(case_path_start=F("node__path"))
    )
    holds = Q(case__holder_id=F("actor_id"), case__holder_id__isnull=False)
    return Case(
        When(
            Q(action__in=STAFF_READ_ACTIONS, actor_id__isnull=False, case_id__isnull=False),
            then=ExpressionWrapper(~holds & ~Exists(role_above), output_field=BooleanField()),
        ),
        default=Value(None),
        output_field=BooleanField(null=True),
    )


def review_rows(
    events: QuerySet[Event],
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    grouped: bool = True,
) -> QuerySet[Event]:
    """The rows of the review: `events` (events_for_review, with the same period) with repeated reads grouped.

    Reads of one case by one person, of one kind, each at most READ_RUN_GAP after the one before, form a run;
    a run is one row, its newest event, carrying `first_at` (when the run began) and `reads` (how many events it
    holds). Every other event is a row of its own (`reads` 1). Grouping happens in the database, so the rows can
    be counted and paginated as any queryset: a run is never split over two pages, and every event still is in
    the trail, and in the count of its run.

    A run is made of the events of its person, case and action within the period, whatever the other filters:
    they filter whole runs (the same person, case and action, and so the same `outside`), never part of one.
    """
    if not grouped:
        return events.annotate(first_at=F("at"), reads=Value(1, output_field=IntegerField()))
    # The events of the outer row's run: the same person, case and action, in the period.
    same_kind = in_period(
        Event.objects.filter(
            actor_label=OuterRef("actor_label"), case_id=OuterRef("case_id"), action=OuterRef("action")
        ),
        date_from=date_from,
        date_to=date_to,
    ).order_by()
    at = OuterRef("at")
    later_in_run = same_kind.filter(
        Q(at__gt=at, at__lte=ExpressionWrapper(at + READ_RUN_GAP, output_field=DateTimeField()))
        | Q(at=at, pk__gt=OuterRef("pk"))
    )
    earlier_in_run = same_kind.filter(
        Q(at__lt=at, at__gte=ExpressionWrapper(at - READ_RUN_GAP, output_field=DateTimeField()))
        | Q(at=at, pk__lt=OuterRef("pk"))
    )
    up_to_here = same_kind.filter(Q(at__lt=at) | Q(at=at, pk__lte=OuterRef("pk")))
    # The first event of this run: the latest event up to this one with no event of the run just before it.
    run_start = up_to_here.filter(~Exists(earlier_in_run)).order_by("-at", "-pk").values("at")[:1]
    run_size = (
        up_to_here.filter(at__gte=OuterRef("first_at"))
        .values("action")
        .annotate(events=Count("pk"))
        .values("events")
    )
    grouping = Q(action__in=READ_ACTIONS, case_id__isnull=False)
    return (
        events.filter(~grouping | ~Exists(later_in_run))  # a run shows as its newest event
        .annotate(
            first_at=Case(
                When(grouping, then=Subquery(run_start, output_field=DateTimeField())), default=F("at")
            )
        )
        .annotate(
            reads=Case(
                When(grouping, then=Subquery(run_size, output_field=IntegerField())),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
    )
