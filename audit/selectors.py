"""Reading the audit trail for the log review, scoped to the organisations the reviewer administers."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length, Substr
from django.utils import timezone

from accounts.models import User
from audit.actions import READ_ACTIONS, Action
from audit.models import Event
from cases.policy import READING_ROLES
from organisations.models import Role, RoleAssignment

# The reads of a case by staff: the ones that can fall outside the reader's part of the organisation. (Defined
# here rather than in audit.services, whose vocabulary is about to be reorganised.)
STAFF_READ_ACTIONS = [Action.VIEWED, Action.ATTACHMENT_DOWNLOADED]
STAFF_READ = Q(action__in=STAFF_READ_ACTIONS, actor_id__isnull=False, case_id__isnull=False)
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
        events = events.filter(read_outside_own_part())
    return events


def in_period(events: QuerySet[Event], *, date_from: date | None, date_to: date | None) -> QuerySet[Event]:
    """The events from the start of `date_from` to the end of `date_to` (local time), either end open."""
    zone = timezone.get_current_timezone()
    if date_from is not None:
        events = events.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to is not None:
        events = events.filter(at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return events


def read_outside_own_part() -> Q:
    """A read of a case by a member of staff who, today, holds no reading role on the case's unit or a node
    above it and does not hold the case: the read that cases.policy would not allow now.

    Today's roles and the case's present place: the trail does not keep who held which role when, so a read made
    before a role ended or before the case moved is marked too. An administrator's role gives no access to case
    content (cases.policy), so it does not count. As a filter it is a NOT EXISTS that PostgreSQL runs as an
    anti-join on the reader."""
    role_above = (
        RoleAssignment.objects.filter(user_id=OuterRef("actor_id"), role__in=READING_ROLES)
        .annotate(case_path_start=Substr(OuterRef("case__node_path"), 1, Length("node__path")))
        .filter(case_path_start=F("node__path"))
    )
    holds = Q(case__holder_id=F("actor_id"), case__holder_id__isnull=False)
    return STAFF_READ & ~holds & ~Q(Exists(role_above))


def outside_own_part() -> Case:
    """read_outside_own_part as a value: True or False for a read of a case by staff, None for any other event."""
    return Case(
        When(STAFF_READ, then=ExpressionWrapper(read_outside_own_part(), output_field=BooleanField())),
        default=Value(None),
        output_field=BooleanField(null=True),
    )


def with_run_edges(
    events: QuerySet[Event], *, date_from: date | None = None, date_to: date | None = None
) -> QuerySet[Event]:
    """`events` (events_for_review, with the same period), each with `earlier_in_run` and `later_in_run`: whether
    the same person read the same case in the same way within READ_RUN_GAP before it, or after it, in the period.

    For the rows of one page only: each is an index probe (event_case_at) per row, cheap for a page and
    never made for the whole selection."""
    grouping = Q(action__in=READ_ACTIONS, case_id__isnull=False)
    same_kind = in_period(
        Event.objects.filter(
            actor_label=OuterRef("actor_label"), case_id=OuterRef("case_id"), action=OuterRef("action")
        ),
        date_from=date_from,
        date_to=date_to,
    )
    at = OuterRef("at")
    # One range on (case, at) each; a tie in time is ordered by id, as the page orders them.
    earlier = same_kind.filter(
        at__gte=ExpressionWrapper(at - READ_RUN_GAP, output_field=DateTimeField()), at__lte=at
    ).filter(Q(at__lt=at) | Q(pk__lt=OuterRef("pk")))
    later = same_kind.filter(
        at__gte=at, at__lte=ExpressionWrapper(at + READ_RUN_GAP, output_field=DateTimeField())
    ).filter(Q(at__gt=at) | Q(pk__gt=OuterRef("pk")))
    return events.annotate(
        earlier_in_run=ExpressionWrapper(grouping & Q(Exists(earlier)), output_field=BooleanField()),
        later_in_run=ExpressionWrapper(grouping & Q(Exists(later)), output_field=BooleanField()),
    )


@dataclass
class ReviewRow:
    """One row of the review: an event, or a run of reads of one case by one person (newest first)."""

    events: list[Event] = field(default_factory=list)

    @property
    def event(self) -> Event:
        """The newest: who, what and which case, for the whole run."""
        return self.events[0]

    @property
    def outside(self) -> bool | None:
        """Whether the run is of reads outside the reader's part (the same for all its events)."""
        return getattr(self.events[0], "outside", None)

    @property
    def reads(self) -> int:
        return len(self.events)

    @property
    def first_at(self) -> datetime:
        return self.events[-1].at

    @property
    def last_at(self) -> datetime:
        return self.events[0].at

    @property
    def continues_on_later_pages(self) -> bool:
        """Older reads of the run are on later pages (annotated by with_run_edges: an older read of the run on
        this page would be in this row)."""
        return bool(getattr(self.events[-1], "earlier_in_run", False))

    @property
    def continued_from_earlier_pages(self) -> bool:
        return bool(getattr(self.events[0], "later_in_run", False))


def review_rows(events: Iterable[Event], *, grouped: bool = True) -> list[ReviewRow]:
    """The rows of one page of the review, from its events (newest first).

    Reads of one case by one person, of one kind, each at most READ_RUN_GAP before the one after it, are one
    row, in the place of the newest; every other event is a row of its own. Pages are pages of events, so the
    count and the pages stay those of the trail, every event on exactly one page; a run that a page boundary
    cuts is a row on each page, marked as going on (with_run_edges).
    """
    rows: list[ReviewRow] = []
    open_runs: dict[tuple[str, int, str], ReviewRow] = {}
    for event in events:
        if not grouped or event.action not in READ_ACTIONS or event.case_id is None:
            rows.append(ReviewRow([event]))
            continue
        key = (event.actor_label, event.case_id, event.action)
        run = open_runs.get(key)
        if run is not None and run.first_at - event.at <= READ_RUN_GAP:
            run.events.append(event)
            continue
        open_runs[key] = ReviewRow([event])
        rows.append(open_runs[key])
    return rows
