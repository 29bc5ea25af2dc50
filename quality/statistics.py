"""The statistics of the quality work (domain.md §7; issue 18.2): reads only, one function per figure.

Every figure counts the cases of one organisation, inside the reader's part of its tree (`StatisticsScope`),
narrowed by a `StatisticsFilter`: received in the period (whole months, in Swedish time), at a node, of a kind,
by a channel, about a topic, with a cause, from a kind of sender. "Overdue now" and the units' comparison with
their own past leave the period aside (module functions say so). Each figure is one or two GROUP BY queries on
the case table's indexed columns (organisation, received_at; node_path), whatever the number of cases; medians
are taken in Python from a histogram of whole days that the database groups, so they are the same on SQLite and
PostgreSQL without an engine switch.

Who sees statistics (`STATISTICS_ROLES`): quality developers and the managers of the ladder (unit manager, deputy
head, head of operations), each for the nodes where they hold the role and everything below. Contact staff and
registrars handle cases but do not analyse them; administrators maintain the organisation and are given no case
data by their role (cases/policy.py): not even counts, since the case-level export lists reference numbers. Every
statistics role is a reading role, so nobody counts a case they could not open.

The 14-day rule per step (`informed_per_step`). Each step a case was at has its own date to inform by (domain.md
§4). The case row holds the current step's clock (inform_by, informed_at); escalation keeps the clock of the step
left on the Escalation row (from_inform_by, from_informed_at) before it starts the next. For each step, a clock is
*counted* when the sender was informed at that step, or when its date passed without it: *in time* if informed on
or before the date (in Swedish time), *late* otherwise. A clock not yet decided (open, not informed, date not yet
passed) is *still running*. Limits: a clock that ended without information before its date (the case moved up or
was withdrawn first) is not counted, for it was neither kept nor missed; a withdrawn case that was not informed
is left out, since the day of withdrawal is not kept; escalations recorded before the step's clock was kept on
them (cases migration 0011) are left out of the step they left; and closing with the final answer counts as
informing, as cases.services.handling records it.
"""

import statistics as pystatistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from accounts.models import User
from cases.models import (
    Action,
    Case,
    CaseCategory,
    CaseKind,
    CaseState,
    Escalation,
    Message,
    MessageKind,
)
from organisations.models import STATISTICS_ROLES, Category, Organisation, OrgNode, RoleAssignment
from organisations.selectors import ladder_roles

# What tells the sender what will happen at a step: the information, or the final answer (or thanks) when it
# comes first (cases.services.handling sets informed_at on closing too).
NOTICE_KINDS = [MessageKind.INFORMATION, MessageKind.FINAL_ANSWER, MessageKind.THANKS]

# How far back the units' comparison looks.
PAST_MONTHS = 12


# --- who sees what --------------------------------------------------------------------------------------------


def statistics_organisations(user: User) -> list[Organisation]:
    """The organisations where `user` holds a role that may see statistics, by name."""
    if not user.is_active:
        return []
    return list(
        Organisation.objects.filter(
            nodes__role_assignments__user=user, nodes__role_assignments__role__in=STATISTICS_ROLES
        )
        .distinct()
        .order_by("name")
    )


@dataclass(frozen=True)
class StatisticsScope:
    """The part of one organisation's tree whose cases a user's statistics count: the nodes where they hold a
    statistics role, each with everything below it."""

    organisation: Organisation
    paths: list[str]
    # Every node within reach, in tree order (the filter's choices).
    nodes: list[OrgNode]
    # Those and the nodes above them, by id: the names of the units and areas the figures count by.
    names: dict[int, OrgNode] = field(default_factory=dict)

    def reaches(self, path: str) -> bool:
        return any(path.startswith(top) for top in self.paths)

    def node_at(self, path: str) -> OrgNode | None:
        """The node a path ends at."""
        ids = path_ids(path)
        return self.names.get(ids[-1]) if ids else None

    def area_of(self, path: str) -> OrgNode | None:
        """The area a path lies in (the second node from the root), or None for the root itself."""
        ids = path_ids(path)
        return self.names.get(ids[1]) if len(ids) > 1 else None


def path_ids(path: str) -> list[int]:
    """The ids of a materialised path, root first."""
    return [int(part) for part in path.strip("/").split("/") if part]


def statistics_scope(user: User, organisation: Organisation) -> StatisticsScope:
    """`user`'s part of `organisation` for statistics (two queries); no paths if they have none there."""
    held = sorted(
        set(
            RoleAssignment.objects.filter(
                user=user, role__in=STATISTICS_ROLES, node__organisation=organisation
            ).values_list("node__path", flat=True)
        )
    )
    paths: list[str] = []
    for path in held:
        if not any(path.startswith(top) for top in paths):
            paths.append(path)
    if not paths:
        return StatisticsScope(organisation=organisation, paths=[], nodes=[])
    wanted = Q(pk__in={pk for path in paths for pk in path_ids(path)})
    for path in paths:
        wanted |= Q(path__startswith=path)
    names = {node.pk: node for node in OrgNode.objects.filter(wanted, organisation=organisation)}
    nodes = sorted(
        (node for node in names.values() if any(node.path.startswith(top) for top in paths)),
        key=lambda node: node.path,
    )
    return StatisticsScope(organisation=organisation, paths=paths, nodes=nodes, names=names)


# --- the filter -----------------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """The first days of the months from `first` to `last`, both included."""
    months = []
    month = month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class StatisticsFilter:
    """What to count: the cases received from the first day of `first_month` to the last of `last_month`, and
    optionally only those at or below `node`, of a kind, channel and sender, with a topic or a cause."""

    first_month: date
    last_month: date
    node: OrgNode | None = None
    kind: str = ""
    channel: str = ""
    sender_role: str = ""
    topic: Category | None = None
    cause: Category | None = None

    @property
    def start(self) -> datetime:
        return local_midnight(self.first_month)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return local_midnight(add_months(self.last_month, 1))

    @property
    def months(self) -> list[date]:
        return months_between(self.first_month, self.last_month)

    def codes(self) -> dict[str, object]:
        """The filter as codes and ids: for the audit trail and the export's links, never anything typed."""
        codes: dict[str, object] = {
            "from_month": self.first_month.strftime("%Y-%m"),
            "to_month": self.last_month.strftime("%Y-%m"),
        }
        if self.node is not None:
            codes["node"] = self.node.pk
        for name in ("kind", "channel", "sender_role"):
            if value := getattr(self, name):
                codes[name] = value
        if self.topic is not None:
            codes["topic"] = self.topic.pk
        if self.cause is not None:
            codes["cause"] = self.cause.pk
        return codes


def scoped_cases(
    scope: StatisticsScope, selection: StatisticsFilter, *, period: bool = True
) -> QuerySet[Case]:
    """The cases a figure counts: the organisation's, inside the scope, narrowed by the filter (and by its period
    unless `period` is False). Nothing outside the scope, whatever the filter says."""
    if not scope.paths:
        return Case.objects.none()
    cases = Case.objects.filter(organisation=scope.organisation)
    if not any(len(path_ids(path)) == 1 for path in scope.paths):
        # Below the root: the reader's nodes. (At the root every case of the organisation is in reach, and a
        # prefix match that keeps them all would only cost the planner a second index to combine.)
        within = Q()
        for path in scope.paths:
            within |= Q(node_path__startswith=path)
        cases = cases.filter(within)
    if selection.node is not None:
        cases = cases.filter(node_path__startswith=selection.node.path)
    if period:
        cases = cases.filter(received_at__gte=selection.start, received_at__lt=selection.end)
    for name, value in (
        ("kind", selection.kind),
        ("channel", selection.channel),
        ("sender_role", selection.sender_role),
    ):
        if value:
            cases = cases.filter(**{name: value})
    for category in (selection.topic, selection.cause):
        if category is not None:
            cases = cases.filter(Exists(CaseCategory.objects.filter(case=OuterRef("pk"), category=category)))
    return cases


# --- counts ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    cases: int
    open: int
    closed: int
    withdrawn: int


def summary(cases: QuerySet[Case]) -> Summary:
    """How many cases, and how many open, closed and withdrawn; one query."""
    figures = cases.aggregate(
        cases=Count("pk"),
        open=Count("pk", filter=Q(state__in=[CaseState.REGISTERED, CaseState.INFORMED])),
        closed=Count("pk", filter=Q(state=CaseState.CLOSED)),
        withdrawn=Count("pk", filter=Q(state=CaseState.WITHDRAWN)),
    )
    return Summary(**figures)


def counts_by_month(cases: QuerySet[Case], months: list[date]) -> list[tuple[date, int]]:
    """Cases received per month of `months` (the period's), in order, with the months without any as 0."""
    rows = (
        cases.annotate(month=TruncMonth("received_at"))
        .order_by()
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    found: Counter[date] = Counter()
    for month, count in rows:
        found[timezone.localtime(month).date() if isinstance(month, datetime) else month] += count
    return [(month, found[month]) for month in months]


def counts_by(cases: QuerySet[Case], field_name: str) -> list[tuple[str, int]]:
    """Cases per value of a column (kind, channel, sender_role, node_path), most first."""
    rows = cases.order_by().values(field_name).annotate(count=Count("pk")).values_list(field_name, "count")
    return sorted(rows, key=lambda row: (-row[1], row[0]))


@dataclass(frozen=True)
class CategoryCounts:
    """Cases per category (of both taxonomies), and how many cases have no topic and no cause yet."""

    by_category: dict[int, int]
    without_topic: int
    without_cause: int


def counts_by_category(cases: QuerySet[Case], categories: dict[int, Category]) -> CategoryCounts:
    """Cases per category of the organisation's taxonomies, and the cases without a topic or a cause; two queries.
    A case may have several of each: the counts of one taxonomy can add up to more than the cases.

    The categories are named by id (the organisation's, read once for the page): joined by their dimension
    instead, PostgreSQL started from every organisation's categories and probed the links of each (EXPLAIN at
    100,000 cases: 270 ms against 20 ms)."""
    ids = {
        dimension: [pk for pk, c in categories.items() if c.dimension == dimension]
        for dimension in ("topic", "cause")
    }
    rows = (
        cases.filter(category_links__category__in=list(categories))
        .order_by()
        .values("category_links__category")
        .annotate(count=Count("pk"))
        .values_list("category_links__category", "count")
    )

    def has(dimension: str) -> Exists:
        return Exists(CaseCategory.objects.filter(case=OuterRef("pk"), category__in=ids[dimension]))

    without = cases.aggregate(
        topic=Count("pk", filter=~Q(has("topic"))), cause=Count("pk", filter=~Q(has("cause")))
    )
    return CategoryCounts(
        by_category=dict(rows), without_topic=without["topic"], without_cause=without["cause"]
    )


# --- the 14-day rule per step ---------------------------------------------------------------------------------


@dataclass
class StepClocks:
    step: int
    in_time: int = 0
    late: int = 0
    running: int = 0

    @property
    def counted(self) -> int:
        return self.in_time + self.late

    @property
    def share_in_time(self) -> float | None:
        return self.in_time / self.counted if self.counted else None


def informed_per_step(cases: QuerySet[Case], today: date) -> list[StepClocks]:
    """Per step, the clocks counted in time and late, and those still running (module docstring: the rule and
    its limits). Two queries: the current steps from the cases, the steps left from their escalations."""
    by_step: dict[int, StepClocks] = {}
    current = (
        cases.filter(inform_by__isnull=False)
        .exclude(state=CaseState.WITHDRAWN, informed_at__isnull=True)
        .alias(informed_on=TruncDate("informed_at"))
        .order_by()
        .values("step")
        .annotate(
            in_time=Count("pk", filter=Q(informed_on__lte=F("inform_by"))),
            late=Count(
                "pk",
                filter=Q(informed_on__gt=F("inform_by")) | Q(informed_at__isnull=True, inform_by__lt=today),
            ),
            running=Count("pk", filter=Q(informed_at__isnull=True, inform_by__gte=today)),
        )
        .values_list("step", "in_time", "late", "running")
    )
    left = (
        Escalation.objects.filter(case__in=cases, from_inform_by__isnull=False)
        .alias(informed_on=TruncDate("from_informed_at"), left_on=TruncDate("created_at"))
        .order_by()
        .values("from_step")
        .annotate(
            in_time=Count("pk", filter=Q(informed_on__lte=F("from_inform_by"))),
            late=Count(
                "pk",
                filter=Q(informed_on__gt=F("from_inform_by"))
                | Q(from_informed_at__isnull=True, from_inform_by__lt=F("left_on")),
            ),
        )
        .values_list("from_step", "in_time", "late")
    )
    for step, in_time, late, running in current:
        clocks = by_step.setdefault(step, StepClocks(step))
        clocks.in_time += in_time
        clocks.late += late
        clocks.running += running
    for step, in_time, late in left:
        clocks = by_step.setdefault(step, StepClocks(step))
        clocks.in_time += in_time
        clocks.late += late
    return [by_step[step] for step in sorted(by_step)]


# --- time taken ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    cases: int
    median_days: float | None


def median_of_histogram(histogram: Iterable[tuple[int, int]]) -> float | None:
    """The median of values given as (value, how many): the middle one, or the mean of the middle two."""
    counts = sorted((value, count) for value, count in histogram if count)
    total = sum(count for _, count in counts)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # 0-based positions of the middle value(s)
    found: list[int] = []
    seen = 0
    for value, count in counts:
        while len(found) < len(wanted) and wanted[len(found)] < seen + count:
            found.append(value)
        seen += count
    return float(pystatistics.mean(found))


def _days_histogram(cases: QuerySet[Case], start: str, end: str) -> list[tuple[int, int]]:
    """(whole days from the date of `start` to the date of `end`, cases), grouped in the database. A difference
    of two dates is an interval on PostgreSQL and microseconds on SQLite; Django reads both as a timedelta."""
    rows = (
        cases.annotate(
            days=ExpressionWrapper(TruncDate(end) - TruncDate(start), output_field=DurationField())
        )
        .order_by()
        .values("days")
        .annotate(count=Count("pk"))
        .values_list("days", "count")
    )
    return [(days.days if isinstance(days, timedelta) else int(days), count) for days, count in rows]


def first_notice_subquery() -> Subquery:
    """When the sender was first told what will happen, at any step (NOTICE_KINDS)."""
    return Subquery(
        Message.objects.filter(case=OuterRef("pk"), from_citizen=False, kind__in=NOTICE_KINDS)
        .order_by("created_at", "pk")
        .values("created_at")[:1],
        output_field=DateTimeField(),
    )


def days_to_first_notice(cases: QuerySet[Case]) -> Duration:
    """Median days from the day received to the first notice of what will happen, over the cases with a clock
    (not praise) that have had one."""
    noticed = (
        cases.exclude(kind=CaseKind.PRAISE)
        .annotate(first_notice=first_notice_subquery())
        .filter(first_notice__isnull=False)
    )
    histogram = _days_histogram(noticed, "received_at", "first_notice")
    return Duration(cases=sum(count for _, count in histogram), median_days=median_of_histogram(histogram))


def days_to_closure(cases: QuerySet[Case]) -> Duration:
    """Median days from the day received to the day closed, over the closed cases."""
    histogram = _days_histogram(
        cases.filter(state=CaseState.CLOSED, closed_at__isnull=False), "received_at", "closed_at"
    )
    return Duration(cases=sum(count for _, count in histogram), median_days=median_of_histogram(histogram))


# --- escalations, actions, overdue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EscalationCount:
    from_step: int
    to_step: int
    by_sender: int
    by_staff: int

    @property
    def total(self) -> int:
        return self.by_sender + self.by_staff


def escalations_per_step(cases: QuerySet[Case]) -> list[EscalationCount]:
    """Moves up the ladder of the cases counted, per step left and reached, asked for by the sender or by staff."""
    rows = (
        Escalation.objects.filter(case__in=cases)
        .order_by()
        .values("from_step", "to_step")
        .annotate(
            by_sender=Count("pk", filter=Q(requested_by_citizen=True)),
            by_staff=Count("pk", filter=Q(requested_by_citizen=False)),
        )
        .values_list("from_step", "to_step", "by_sender", "by_staff")
    )
    return [EscalationCount(*row) for row in sorted(rows)]


@dataclass(frozen=True)
class ActionFollowUp:
    total: int
    done: int
    not_done: int
    waiting: int
    late: int


def action_follow_up(cases: QuerySet[Case], today: date) -> ActionFollowUp:
    """The actions taken on the cases counted and their follow-up: done, followed up but not done, waiting for
    their date, and late (the date has passed without a follow-up). One query."""
    not_followed = Q(followed_up_at__isnull=True)
    figures = Action.objects.filter(case__in=cases).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(followed_up_at__isnull=False, was_done=True)),
        not_done=Count("pk", filter=Q(followed_up_at__isnull=False) & ~Q(was_done=True)),
        waiting=Count("pk", filter=not_followed & Q(due_on__gte=today)),
        late=Count("pk", filter=not_followed & Q(due_on__lt=today)),
    )
    return ActionFollowUp(**figures)


def overdue_now(scope: StatisticsScope, selection: StatisticsFilter, today: date) -> list[tuple[str, int]]:
    """Open cases whose current step's date to inform has passed without the sender being informed, today, per
    node path, whenever they were received (the filter's period is left aside: a case overdue now matters now)."""
    cases = scoped_cases(scope, selection, period=False).filter(
        state=CaseState.REGISTERED, inform_by__lt=today
    )
    return counts_by(cases, "node_path")


# --- units compared with their own past ------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRate:
    path: str
    in_period: int
    in_past: int
    months: int

    @property
    def per_month(self) -> float:
        return self.in_period / self.months

    @property
    def past_per_month(self) -> float:
        return self.in_past / PAST_MONTHS

    @property
    def change(self) -> float | None:
        """The change of the rate against the past, as a fraction (0.5: half as many again); None without a
        past to compare with."""
        if not self.in_past:
            return None
        return self.per_month / self.past_per_month - 1


def units_compared(scope: StatisticsScope, selection: StatisticsFilter) -> list[UnitRate]:
    """Per node with cases, cases per month in the period against cases per month in the twelve months before
    it. One query over the period and the year before it."""
    past_start = local_midnight(add_months(selection.first_month, -PAST_MONTHS))
    rows = (
        scoped_cases(scope, selection, period=False)
        .filter(received_at__gte=past_start, received_at__lt=selection.end)
        .order_by()
        .values("node_path")
        .annotate(
            in_period=Count("pk", filter=Q(received_at__gte=selection.start)),
            in_past=Count("pk", filter=Q(received_at__lt=selection.start)),
        )
        .values_list("node_path", "in_period", "in_past")
    )
    months = len(selection.months)
    return [UnitRate(path, now, past, months) for path, now, past in sorted(rows)]


# --- the case-level export -----------------------------------------------------------------------------------


@dataclass
class CaseRow:
    """One case as the case-level export shows it: no names, no contact details, no free text."""

    reference_number: str
    received_on: date
    kind: str
    channel: str
    sender_role: str
    node_path: str
    step: int
    state: str
    inform_by: date | None
    first_notice_on: date | None
    closed_on: date | None
    topics: list[int] = field(default_factory=list)
    causes: list[int] = field(default_factory=list)

    @property
    def days_to_first_notice(self) -> int | None:
        return (self.first_notice_on - self.received_on).days if self.first_notice_on else None

    @property
    def days_to_closure(self) -> int | None:
        return (self.closed_on - self.received_on).days if self.closed_on else None


def case_rows(cases: QuerySet[Case]) -> list[CaseRow]:
    """The cases counted, one row each, oldest first: two queries (the cases; their categories)."""
    rows: dict[int, CaseRow] = {}
    for values in (
        cases.annotate(first_notice=first_notice_subquery())
        .order_by("received_at", "pk")
        .values_list(
            "pk",
            "reference_number",
            "received_at",
            "kind",
            "channel",
            "sender_role",
            "node_path",
            "step",
            "state",
            "inform_by",
            "first_notice",
            "closed_at",
        )
        .iterator(chunk_size=2000)
    ):
        pk, reference, received, kind, channel, sender, path, step, state, inform_by, notice, closed = values
        rows[pk] = CaseRow(
            reference_number=reference,
            received_on=timezone.localdate(received),
            kind=kind,
            channel=channel,
            sender_role=sender,
            node_path=path,
            step=step,
            state=state,
            inform_by=inform_by,
            # Praise is thanked, not told what will happen: no notice, as in days_to_first_notice.
            first_notice_on=timezone.localdate(notice) if notice and kind != CaseKind.PRAISE else None,
            closed_on=timezone.localdate(closed) if closed and state == CaseState.CLOSED else None,
        )
    links = CaseCategory.objects.filter(case__in=cases).values_list(
        "case_id", "category_id", "category__dimension"
    )
    for case_id, category_id, dimension in links.order_by("category__position", "category_id"):
        row = rows.get(case_id)
        if row is not None:
            (row.topics if dimension == "topic" else row.causes).append(category_id)
    return list(rows.values())


def organisation_categories(organisation: Organisation) -> dict[int, Category]:
    """The organisation's categories by id, retired ones too (they stay on their cases and in the figures)."""
    return {category.pk: category for category in Category.objects.filter(organisation=organisation)}


def step_names(organisation: Organisation) -> list[str]:
    """The roles of the organisation's ladder, step 1 first."""
    return ladder_roles(organisation)
