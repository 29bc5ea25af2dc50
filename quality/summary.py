"""The statistics' summary table (quality.models.CaseMonthly; docs/decisions/0034): its facts, how it is kept and
rebuilt, and the figures read from it.

**The facts.** Each case contributes facts (`case_facts`), each kept under the case's organisation, node and month received (in
Swedish time), with kind, channel and sender all ANY; the case fact is kept also under its kind alone, its channel
alone and its sender alone, for the counts by those. A filter by kind, channel, sender, topic or cause is counted
from the case table (quality.statistics), narrowed by it: kept for every combination of the three, or per
category, the table would hold some fifty rows a case, barely grouped (20,000 cases gave over a million rows),
where a few rows a case, grouping as the cases grow, keep the unfiltered page, the one every reader opens, at a
few thousand rows whatever the number of cases (docs/decisions/0034).

- ``case`` (code: the state): one per case. The counts, the months, the nodes, the units compared.
- ``category`` (number: the category's id), ``no_topic``, ``no_cause``: the category counts.
- ``clock`` (number: the step; code: ``in_time``, ``late`` or ``none``): a clock decided for good, the current
  step's (informed) or a step left (kept on its escalation); ``none`` for a step left whose clock was neither kept
  nor missed, so that the step is still listed, as quality.statistics.informed_per_step lists it.
- ``open_clock`` (number: the step; day: the date to inform by): the current step's clock, not informed, of a case
  not withdrawn: late once `day` has passed, running until then, decided when the page is read.
- ``notice_days``, ``closure_days`` (number: whole days): the histograms the medians are taken from.
- ``escalation`` (number: from step; other: to step; code: ``sender`` or ``staff``).
- ``action`` (code: ``done``, ``not_done``, or ``open`` with day: the date it is due).
- ``registered`` (day: the date to inform by): an open case not informed, for "overdue now", read over every
  month.

Every fact that depends on today keeps its date, so nothing in the table goes stale as days pass; the figures are
exactly those of quality.statistics, which stays for a topic or cause filter (a case's categories cannot be
summed across cases) and as the reference the tests compare with.

**Kept up to date.** `case_registered` adds a new case's rows; `cases_changed` recomputes the months of the nodes
a case is counted under, from the case table, in the caller's transaction; the services that register, inform,
close, withdraw, move, escalate, categorise and act on a case call it; `summary_forget_cases` takes out the cases
a retention run deletes (a hook, registered in `QualityConfig.ready`). The node's row is locked first, so two
changes in one node's month are counted one after the other. `statistics_rebuild` (the command) recomputes an
organisation set-based (quality.summary_rebuild), or with `--per-case` its months one at a time here
(`organisation_rebuild`).
"""

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

from cases.models import Action, Case, CaseCategory, CaseKind, CaseState, Escalation
from organisations.models import OrgNode
from quality import statistics as stats
from quality.models import ANY, CaseMonthly

# The dimensions a fact is kept under besides its node and month (ANY but for the count of cases by one of them).
DIMENSIONS = ("kind", "channel", "sender_role")
# The facts the page sums over the period, read together (SummaryReader._facts).
PERIOD_FACTS = (
    "category",
    "no_topic",
    "no_cause",
    "clock",
    "open_clock",
    "notice_days",
    "closure_days",
    "escalation",
    "action",
)

type Row = Mapping[str, Any]
type Fact = tuple[str, str, int, int, date | None]  # fact, code, number, other, day
type Key = tuple[int, str, date, str, str, str, str, str, int, int, date | None]
# CaseMonthly's columns, in the order of a Key.
KEY_FIELDS = (
    "organisation_id",
    "node_path",
    "month",
    "kind",
    "channel",
    "sender_role",
    "fact",
    "code",
    "number",
    "other",
    "day",
)

CASE_FIELDS = (
    "pk",
    "organisation_id",
    "node_path",
    "received_at",
    "kind",
    "channel",
    "sender_role",
    "state",
    "step",
    "inform_by",
    "informed_at",
    "closed_at",
    "first_notice",
)


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


def case_facts(
    case: Row,
    escalations: Iterable[Row],
    actions: Iterable[Row],
    categories: Iterable[tuple[int, str]],
) -> list[Fact]:
    """The facts one case contributes (module docstring), from its values (CASE_FIELDS), its escalations, its
    actions and its categories as (id, dimension). The rules are those of quality.statistics, one case at a
    time."""
    facts: list[Fact] = []
    state = str(case["state"])
    received = _day(case["received_at"])
    facts.append(("case", state, 0, 0, None))
    dimensions = set()
    for category, dimension in categories:
        facts.append(("category", "", category, 0, None))
        dimensions.add(dimension)
    if "topic" not in dimensions:
        facts.append(("no_topic", "", 0, 0, None))
    if "cause" not in dimensions:
        facts.append(("no_cause", "", 0, 0, None))
    # The current step's clock.
    inform_by = case["inform_by"]
    informed_at = case["informed_at"]
    step = int(case["step"])
    if isinstance(inform_by, date) and not (state == CaseState.WITHDRAWN and informed_at is None):
        if informed_at is None:
            facts.append(("open_clock", "", step, 0, inform_by))
        else:
            decided = "in_time" if _day(informed_at) <= inform_by else "late"
            facts.append(("clock", decided, step, 0, None))
    if state == CaseState.REGISTERED and isinstance(inform_by, date):
        facts.append(("registered", "", 0, 0, inform_by))
    # The clocks of the steps left, and the moves.
    for escalation in escalations:
        from_step = int(escalation["from_step"])
        who = "sender" if escalation["requested_by_citizen"] else "staff"
        facts.append(("escalation", who, from_step, int(escalation["to_step"]), None))
        left_by = escalation["from_inform_by"]
        if isinstance(left_by, date):
            left_informed = escalation["from_informed_at"]
            if left_informed is not None:
                decided = "in_time" if _day(left_informed) <= left_by else "late"
            elif left_by < _day(escalation["created_at"]):
                decided = "late"
            else:
                decided = "none"
            facts.append(("clock", decided, from_step, 0, None))
    # Time taken.
    notice = case["first_notice"]
    if notice is not None and case["kind"] != CaseKind.PRAISE:
        facts.append(("notice_days", "", (_day(notice) - received).days, 0, None))
    closed_at = case["closed_at"]
    if state == CaseState.CLOSED and closed_at is not None:
        facts.append(("closure_days", "", (_day(closed_at) - received).days, 0, None))
    for action in actions:
        if action["followed_up_at"] is not None:
            facts.append(("action", "done" if action["was_done"] is True else "not_done", 0, 0, None))
        else:
            facts.append(("action", "open", 0, 0, action["due_on"]))
    return facts


def _keys(case: Row, facts: list[Fact]) -> Iterator[Key]:
    """Each fact under "any" kind, channel and sender; the case fact also under each of the three alone, for the
    counts by kind, channel and sender (module docstring: why not every combination)."""
    organisation, path = int(case["organisation_id"]), str(case["node_path"])
    month = _day(case["received_at"]).replace(day=1)
    for fact in facts:
        yield (organisation, path, month, ANY, ANY, ANY, *fact)
    state = facts[0]  # the case fact comes first
    yield (organisation, path, month, str(case["kind"]), ANY, ANY, *state)
    yield (organisation, path, month, ANY, str(case["channel"]), ANY, *state)
    yield (organisation, path, month, ANY, ANY, str(case["sender_role"]), *state)


def _counted(cases: QuerySet[Case], chunk: int = 2000) -> Counter[Key]:
    """The rows of the summary for `cases`, counted: a few queries per chunk of cases, whatever their number."""
    counted: Counter[Key] = Counter()
    rows = cases.annotate(first_notice=stats.first_notice_subquery()).order_by("pk").values(*CASE_FIELDS)
    batch: list[Row] = []

    def flush() -> None:
        ids = [int(row["pk"]) for row in batch]
        escalations: dict[int, list[Row]] = {}
        for escalation in Escalation.objects.filter(case_id__in=ids).values(
            "case_id",
            "from_step",
            "to_step",
            "requested_by_citizen",
            "from_inform_by",
            "from_informed_at",
            "created_at",
        ):
            escalations.setdefault(escalation["case_id"], []).append(escalation)
        actions: dict[int, list[Row]] = {}
        for action in Action.objects.filter(case_id__in=ids).values(
            "case_id", "followed_up_at", "was_done", "due_on"
        ):
            actions.setdefault(action["case_id"], []).append(action)
        categories: dict[int, list[tuple[int, str]]] = {}
        for case_id, category_id, dimension in CaseCategory.objects.filter(case_id__in=ids).values_list(
            "case_id", "category_id", "category__dimension"
        ):
            categories.setdefault(case_id, []).append((category_id, dimension))
        for case in batch:
            facts = case_facts(
                case,
                escalations.get(case["pk"], []),
                actions.get(case["pk"], []),
                categories.get(case["pk"], []),
            )
            counted.update(_keys(case, facts))
        batch.clear()

    for row in rows.iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()
    return counted


def _write(counted: Counter[Key], batch_size: int = 5000) -> None:
    rows = (
        CaseMonthly(**dict(zip(KEY_FIELDS, key, strict=True)), count=count) for key, count in counted.items()
    )
    CaseMonthly.objects.bulk_create(rows, batch_size=batch_size)


def _month_bounds(month: date) -> Q:
    return Q(
        received_at__gte=stats.local_midnight(month),
        received_at__lt=stats.local_midnight(stats.add_months(month, 1)),
    )


def _bucket_refresh(organisation_id: int, node_path: str, month: date) -> None:
    CaseMonthly.objects.filter(organisation_id=organisation_id, node_path=node_path, month=month).delete()
    cases = Case.objects.filter(_month_bounds(month), organisation_id=organisation_id, node_path=node_path)
    _write(_counted(cases))


def _lock_nodes(paths: Iterable[str]) -> None:
    """One change at a time per node: a refresh deletes and rewrites the node's month (one query)."""
    node_ids = sorted({stats.path_ids(path)[-1] for path in paths if stats.path_ids(path)})
    list(OrgNode.objects.select_for_update().filter(pk__in=node_ids).order_by("pk").values_list("pk"))


def case_registered(case: Case) -> None:
    """Add a case just registered to the summary, inside the registration's transaction (two queries): it has no
    messages, escalations, actions or categories yet, so its facts come from the row alone, added as rows of
    their own (the figures sum the rows; the node's next refresh or a rebuild merges them)."""
    _lock_nodes([case.node_path])
    values = {name: getattr(case, name) for name in CASE_FIELDS if name not in ("pk", "first_notice")}
    values |= {"pk": case.pk, "first_notice": None}
    _write(Counter(_keys(values, case_facts(values, [], [], []))))


def summary_forget_cases(record_class: str, ids: Sequence[int]) -> None:
    """retention.hooks: the cases a retention run is deleting leave the summary in the same transaction, before
    they go. What they contribute is added again counted negative, as rows of their own (the figures sum the
    rows; the node's next refresh or a rebuild merges them), so that the figures stay those of the case table
    (quality.statistics) and of a rebuild. Without it the deleted cases were still counted until a service
    refreshed their node's month, and never by a filter counted from the case table."""
    cases = Case.objects.filter(pk__in=list(ids))
    paths = list(cases.order_by().values_list("node_path", flat=True).distinct())
    if not paths:
        return
    _lock_nodes(paths)  # before counting: a refresh of these months waits until the cases are gone
    _write(Counter({key: -count for key, count in _counted(cases).items()}))


def cases_changed(case: Case, *, previous_path: str | None = None) -> None:
    """Recompute what `case` and the other cases of its node's month contribute to the summary, after a service
    has changed it (and its old node's month, if it moved), inside the service's transaction (the caller's:
    the node's lock is held until it ends)."""
    paths = sorted({case.node_path, *([previous_path] if previous_path else [])})
    _lock_nodes(paths)
    month = timezone.localdate(case.received_at).replace(day=1)
    for path in paths:
        _bucket_refresh(case.organisation_id, path, month)


def organisation_rebuild(organisation_id: int, *, chunk: int = 2000) -> int:
    """Recompute an organisation's summary, one month at a time (one transaction each; memory bounded by one
    month's rows); returns the number of months. Idempotent."""
    months = [
        timezone.localtime(moment).date()
        for moment in Case.objects.filter(organisation_id=organisation_id).datetimes("received_at", "month")
    ]
    CaseMonthly.objects.filter(organisation_id=organisation_id).exclude(month__in=months).delete()
    for month in months:
        with transaction.atomic():
            CaseMonthly.objects.filter(organisation_id=organisation_id, month=month).delete()
            cases = Case.objects.filter(_month_bounds(month), organisation_id=organisation_id)
            _write(_counted(cases, chunk=chunk))
    return len(months)


def summary_version(organisation_id: int) -> int:
    """The version of an organisation's figures: the id of its summary's newest row (one index probe). Every
    change to them writes rows, and ids only grow: a registration adds its case's rows, a refresh writes its
    node's month anew, retention adds negative rows, a rebuild writes every month anew. So a rendering of the
    figures kept under this version (quality.statistics_views) is never shown after they changed."""
    newest = CaseMonthly.objects.filter(organisation_id=organisation_id).aggregate(newest=Max("id"))["newest"]
    return int(newest or 0)


# --- the figures, read from the summary ------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryReader:
    """The figures of quality.statistics for one scope and filter without a topic or cause, read from the
    summary. Each method answers as the function of the same name there does."""

    scope: stats.StatisticsScope
    selection: stats.StatisticsFilter

    @staticmethod
    def applies(selection: stats.StatisticsFilter) -> bool:
        """Whether the summary answers for this filter: a period and a node, no kind, channel, sender, topic or
        cause (those are counted from the case table, narrowed by the filter)."""
        return not any(
            (selection.kind, selection.channel, selection.sender_role, selection.topic, selection.cause)
        )

    def rows(
        self, facts: str | tuple[str, ...], *, by: Collection[str] = (), period: bool = True
    ) -> QuerySet[CaseMonthly]:
        """The rows of one fact, or of several, inside the scope and filter; `by` names the dimensions a figure
        counts by: a row of one of them has its real value there and ANY in the others."""
        if not self.scope.paths:
            return CaseMonthly.objects.none()
        rows = CaseMonthly.objects.filter(organisation=self.scope.organisation)
        rows = rows.filter(fact__in=facts) if isinstance(facts, tuple) else rows.filter(fact=facts)
        counted = []
        for name in DIMENSIONS:
            value = getattr(self.selection, name)
            if value:
                rows = rows.filter(**{name: value})
            elif name in by:
                counted.append(name)
            else:
                rows = rows.filter(**{name: ANY})
        if counted:
            either = Q()
            for name in counted:
                either |= ~Q(**{name: ANY}) & Q(**{other: ANY for other in counted if other != name})
            rows = rows.filter(either)
        if not any(len(stats.path_ids(path)) == 1 for path in self.scope.paths):
            within = Q()
            for path in self.scope.paths:
                within |= Q(node_path__startswith=path)
            rows = rows.filter(within)
        if self.selection.node is not None:
            rows = rows.filter(node_path__startswith=self.selection.node.path)
        if period:
            rows = rows.filter(month__gte=self.selection.first_month, month__lte=self.selection.last_month)
        return rows.order_by()

    @cached_property
    def _facts(self) -> dict[str, list[tuple[str, int, int, date | None, int]]]:
        """Every fact of the period but the cases', summed per code, number, other and day: read in one query
        (a few thousand rows at most) for the figures below, where a query apiece made the page wait on the
        database a dozen times (docs/decisions/0034)."""
        found: dict[str, list[tuple[str, int, int, date | None, int]]] = defaultdict(list)
        for fact, code, number, other, day, n in (
            self.rows(PERIOD_FACTS)
            .values("fact", "code", "number", "other", "day")
            .annotate(n=Sum("count"))
            .values_list("fact", "code", "number", "other", "day", "n")
        ):
            found[fact].append((code, number, other, day, n))
        return found

    @cached_property
    def _by_dimension(self) -> dict[str, Counter[str]]:
        """The cases of the period counted by kind, by channel and by sender, in one query."""
        found: dict[str, Counter[str]] = {name: Counter() for name in DIMENSIONS}
        for *values, n in (
            self.rows("case", by=DIMENSIONS)
            .values(*DIMENSIONS)
            .annotate(n=Sum("count"))
            .values_list(*DIMENSIONS, "n")
        ):
            for name, value in zip(DIMENSIONS, values, strict=True):
                if value != ANY:
                    found[name][value] += n
        return found

    @cached_property
    def _cases(self) -> list[tuple[str, date, str, int]]:
        """The count of cases per node, month and state over the period and the twelve months before it, read
        once (a few thousand rows at most) for the counts, the months, the nodes and the units compared."""
        return list(
            self.rows("case", period=False)
            .filter(
                month__gte=stats.add_months(self.selection.first_month, -stats.PAST_MONTHS),
                month__lte=self.selection.last_month,
            )
            .values("node_path", "month", "code")
            .annotate(n=Sum("count"))
            .values_list("node_path", "month", "code", "n")
        )

    def _in_period(self) -> Iterator[tuple[str, date, str, int]]:
        first = self.selection.first_month
        return (row for row in self._cases if row[1] >= first)

    def summary(self) -> stats.Summary:
        states: Counter[str] = Counter()
        for _path, _month, state, n in self._in_period():
            states[state] += n
        return stats.Summary(
            cases=sum(states.values()),
            open=states.get(CaseState.REGISTERED, 0) + states.get(CaseState.INFORMED, 0),
            closed=states.get(CaseState.CLOSED, 0),
            withdrawn=states.get(CaseState.WITHDRAWN, 0),
        )

    def counts_by_month(self) -> list[tuple[date, int]]:
        found: Counter[date] = Counter()
        for _path, month, _state, n in self._in_period():
            found[month] += n
        return [(month, found[month]) for month in self.selection.months]

    def counts_by(self, field_name: str) -> list[tuple[str, int]]:
        if field_name == "node_path":
            found: Counter[str] = Counter()
            for path, _month, _state, n in self._in_period():
                found[path] += n
            rows = list(found.items())
        else:
            rows = list(self._by_dimension[field_name].items())
        return sorted(rows, key=lambda row: (-row[1], row[0]))

    def counts_by_category(self, categories: Collection[int]) -> stats.CategoryCounts:
        wanted = set(categories)
        by_category: dict[int, int] = {}
        for _code, number, _other, _day, n in self._facts["category"]:
            if number in wanted:
                by_category[number] = by_category.get(number, 0) + n
        return stats.CategoryCounts(
            by_category=by_category,
            without_topic=sum(row[-1] for row in self._facts["no_topic"]),
            without_cause=sum(row[-1] for row in self._facts["no_cause"]),
        )

    def informed_per_step(self, today: date) -> list[stats.StepClocks]:
        by_step: dict[int, stats.StepClocks] = {}
        for code, step, _other, _day, n in self._facts["clock"]:
            clocks = by_step.setdefault(step, stats.StepClocks(step))
            if code == "in_time":
                clocks.in_time += n
            elif code == "late":
                clocks.late += n
        for _code, step, _other, day, n in self._facts["open_clock"]:
            clocks = by_step.setdefault(step, stats.StepClocks(step))
            if day is not None and day < today:
                clocks.late += n
            elif day is not None:
                clocks.running += n
        return [by_step[step] for step in sorted(by_step)]

    def _duration(self, fact: str) -> stats.Duration:
        histogram: Counter[int] = Counter()
        for _code, number, _other, _day, n in self._facts[fact]:
            histogram[number] += n
        return stats.Duration(
            cases=sum(histogram.values()), median_days=stats.median_of_histogram(histogram.items())
        )

    def days_to_first_notice(self) -> stats.Duration:
        return self._duration("notice_days")

    def days_to_closure(self) -> stats.Duration:
        return self._duration("closure_days")

    def escalations_per_step(self) -> list[stats.EscalationCount]:
        by_sender: Counter[tuple[int, int]] = Counter()
        by_staff: Counter[tuple[int, int]] = Counter()
        for code, number, other, _day, n in self._facts["escalation"]:
            by_sender[number, other] += n if code == "sender" else 0
            by_staff[number, other] += n if code == "staff" else 0
        return [
            stats.EscalationCount(steps[0], steps[1], by_sender[steps], by_staff[steps])
            for steps in sorted(by_sender.keys() | by_staff.keys())
        ]

    def action_follow_up(self, today: date) -> stats.ActionFollowUp:
        figures = dict.fromkeys(("total", "done", "not_done", "waiting", "late"), 0)
        for code, _number, _other, day, n in self._facts["action"]:
            figures["total"] += n
            if code in ("done", "not_done"):
                figures[code] += n
            elif code == "open" and day is not None:
                figures["waiting" if day >= today else "late"] += n
        return stats.ActionFollowUp(**figures)

    def overdue_now(self, today: date) -> list[tuple[str, int]]:
        rows = (
            self.rows("registered", period=False)
            .filter(day__lt=today)
            .values("node_path")
            .annotate(n=Sum("count"))
            .values_list("node_path", "n")
        )
        return sorted(rows, key=lambda row: (-row[1], row[0]))

    def units_compared(self) -> list[stats.UnitRate]:
        start = self.selection.first_month
        now: Counter[str] = Counter()
        past: Counter[str] = Counter()
        for path, month, _state, n in self._cases:
            (now if month >= start else past)[path] += n
        months = len(self.selection.months)
        return [
            stats.UnitRate(path, now[path], past[path], months) for path in sorted(now.keys() | past.keys())
        ]
