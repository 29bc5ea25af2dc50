"""The statistics' summary (quality.summary) rebuilt set-based: the rows of `quality.summary.case_facts` grouped by
the database, a dozen GROUP BY queries per organisation, instead of each case's facts gathered in Python.

`statistics_rebuild` uses this; quality.summary's per-case path stays for the services' upkeep (one node's month at
a time) and as the reference (`quality/tests/test_summary_rebuild.py` compares the two, row for row, on SQLite and
PostgreSQL). Each query below says which rule of `case_facts` it groups; the dates are taken in Swedish time as
there (TruncDate and TruncMonth in the current time zone, as `timezone.localdate`). Rebuilding a million cases
took minutes instead of an hour (docs/decisions/0034).

One organisation at a time, in one transaction: its rows deleted and written again (`bulk_create` in batches),
its keys counted in memory first (the clocks of the current step and of the steps left share keys, so they are
merged before writing). Memory is bounded by the organisation's rows, which group by node, month and value: a few
hundred thousand for the largest organisation at a million cases."""

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.db.models import (
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    QuerySet,
    Value,
)
from django.db.models.functions import TruncDate, TruncMonth

from cases.models import Action, Case, CaseCategory, CaseKind, CaseState, Escalation
from quality import statistics as stats
from quality.models import ANY, CaseMonthly
from quality.summary import KEY_FIELDS, Key


def _days(value: Any) -> int:
    """Whole days from a difference of two dates: an interval or a number of days on PostgreSQL, microseconds read
    as a timedelta on SQLite (as quality.statistics reads them)."""
    return value.days if isinstance(value, timedelta) else int(value)


def _grouped(
    rows: QuerySet[Any], prefix: str, *names: str, counting: Count | None = None
) -> Iterator[tuple[Any, ...]]:
    """(node_path, month, *names, n) of `rows` (a queryset of cases, or of rows with a `case`, named by `prefix`),
    grouped by the node, the month received in Swedish time and `names`; n counts the rows, or `counting`."""
    return iter(
        rows.annotate(
            node_path_=F(f"{prefix}node_path"),
            month_=TruncMonth(f"{prefix}received_at", output_field=DateField()),
        )
        .order_by()
        .values("node_path_", "month_", *names)
        .annotate(n=counting or Count("pk"))
        .values_list("node_path_", "month_", *names, "n")
    )


def _days_between(start: str, end: str) -> ExpressionWrapper:
    return ExpressionWrapper(TruncDate(end) - TruncDate(start), output_field=DurationField())


def organisation_counted(organisation_id: int) -> Counter[Key]:
    """The summary's rows of one organisation, counted: the same keys and counts as quality.summary's per-case
    path gives, from twelve GROUP BY queries."""
    counted: Counter[Key] = Counter()
    cases = Case.objects.filter(organisation_id=organisation_id)

    def add(
        path: str, month: date, fact: str, code: str, number: int, other: int, day: date | None, n: int
    ) -> None:
        if n:
            counted[(organisation_id, path, month, ANY, ANY, ANY, fact, code, number, other, day)] += n

    cases_per_month: Counter[tuple[str, date]] = Counter()
    # case (code: the state), under any kind, channel and sender, and under each of the three alone.
    for path, month, state, kind, channel, sender, n in _grouped(
        cases, "", "state", "kind", "channel", "sender_role"
    ):
        add(path, month, "case", state, 0, 0, None, n)
        cases_per_month[(path, month)] += n
        counted[(organisation_id, path, month, kind, ANY, ANY, "case", state, 0, 0, None)] += n
        counted[(organisation_id, path, month, ANY, channel, ANY, "case", state, 0, 0, None)] += n
        counted[(organisation_id, path, month, ANY, ANY, sender, "case", state, 0, 0, None)] += n

    # category (number: its id); no_topic and no_cause (no category of that dimension, whatever its organisation).
    links = CaseCategory.objects.filter(case__organisation_id=organisation_id)
    for path, month, category, n in _grouped(links, "case__", "category_id"):
        add(path, month, "category", "", category, 0, None, n)

    # The cases with a category of each dimension, taken from the cases of the node's month: one pass over the
    # links (an anti-join per case, NOT EXISTS, read each case's links through the categories: three times slower).
    with_dimension = {
        (path, month, dimension): n
        for path, month, dimension, n in _grouped(
            links, "case__", "category__dimension", counting=Count("case_id", distinct=True)
        )
    }
    for (path, month), n in cases_per_month.items():
        add(path, month, "no_topic", "", 0, 0, None, n - with_dimension.get((path, month, "topic"), 0))
        add(path, month, "no_cause", "", 0, 0, None, n - with_dimension.get((path, month, "cause"), 0))

    # clock: the current step's, informed (in time if on or before the date to inform by, in Swedish time).
    for path, month, step, code, n in _grouped(
        cases.filter(inform_by__isnull=False, informed_at__isnull=False)
        .alias(informed_on=TruncDate("informed_at"))
        .annotate(
            decided=models.Case(
                models.When(informed_on__lte=F("inform_by"), then=Value("in_time")), default=Value("late")
            )
        ),
        "",
        "step",
        "decided",
    ):
        add(path, month, "clock", code, step, 0, None, n)

    # open_clock: the current step's, not informed, of a case not withdrawn (day: the date to inform by).
    for path, month, step, inform_by, n in _grouped(
        cases.filter(inform_by__isnull=False, informed_at__isnull=True).exclude(state=CaseState.WITHDRAWN),
        "",
        "step",
        "inform_by",
    ):
        add(path, month, "open_clock", "", step, 0, inform_by, n)

    # registered: an open case not informed (day: the date to inform by).
    for path, month, inform_by, n in _grouped(
        cases.filter(state=CaseState.REGISTERED, inform_by__isnull=False), "", "inform_by"
    ):
        add(path, month, "registered", "", 0, 0, inform_by, n)

    # escalation (from, to, asked for by the sender or staff) and the clock of the step left: in time or late if
    # informed, late if its date passed before the case moved on, "none" otherwise; no clock if not kept.
    moves = (
        Escalation.objects.filter(case__organisation_id=organisation_id)
        .alias(informed_on=TruncDate("from_informed_at"), left_on=TruncDate("created_at"))
        .annotate(
            who=models.Case(
                models.When(requested_by_citizen=True, then=Value("sender")), default=Value("staff")
            ),
            decided=models.Case(
                models.When(from_inform_by__isnull=True, then=Value("")),
                models.When(informed_on__lte=F("from_inform_by"), then=Value("in_time")),
                models.When(from_informed_at__isnull=False, then=Value("late")),
                models.When(from_inform_by__lt=F("left_on"), then=Value("late")),
                default=Value("none"),
            ),
        )
    )
    for path, month, from_step, to_step, who, decided, n in _grouped(
        moves, "case__", "from_step", "to_step", "who", "decided"
    ):
        add(path, month, "escalation", who, from_step, to_step, None, n)
        if decided:
            add(path, month, "clock", decided, from_step, 0, None, n)

    # notice_days: from the day received to the first notice, for a case with a clock (not praise).
    noticed = (
        cases.exclude(kind=CaseKind.PRAISE)
        .annotate(first_notice=stats.first_notice_subquery())
        .filter(first_notice__isnull=False)
        .annotate(days=_days_between("received_at", "first_notice"))
    )
    for path, month, days, n in _grouped(noticed, "", "days"):
        add(path, month, "notice_days", "", _days(days), 0, None, n)

    # closure_days: from the day received to the day closed, for a closed case.
    closed = cases.filter(state=CaseState.CLOSED, closed_at__isnull=False).annotate(
        days=_days_between("received_at", "closed_at")
    )
    for path, month, days, n in _grouped(closed, "", "days"):
        add(path, month, "closure_days", "", _days(days), 0, None, n)

    # action: done, not done (followed up), or open (day: the date due).
    actions = Action.objects.filter(case__organisation_id=organisation_id).annotate(
        code=models.Case(
            models.When(followed_up_at__isnull=True, then=Value("open")),
            models.When(was_done=True, then=Value("done")),
            default=Value("not_done"),
        ),
        due=models.Case(
            models.When(followed_up_at__isnull=True, then=F("due_on")), default=None, output_field=DateField()
        ),
    )
    for path, month, code, due, n in _grouped(actions, "case__", "code", "due"):
        add(path, month, "action", code, 0, 0, due, n)
    return counted


def write(counted: Iterable[tuple[Key, int]], *, batch_size: int = 5000) -> None:
    """Insert the rows. On PostgreSQL with COPY (psycopg's `Cursor.copy`): bulk_create spends some 0.1 ms a row
    in Python (a model instance, each value prepared, the arrays of its INSERT), most of the rebuild's time at a
    million cases (docs/decisions/0034: the figures); elsewhere (SQLite: tests, the demo) with bulk_create."""
    if connection.vendor == "postgresql":
        column = {field.attname: str(field.column) for field in CaseMonthly._meta.concrete_fields}
        columns = ", ".join(connection.ops.quote_name(column[name]) for name in (*KEY_FIELDS, "count"))
        table = connection.ops.quote_name(CaseMonthly._meta.db_table)
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for key, count in counted:
                copy.write_row((*key, count))
        return
    rows = (CaseMonthly(**dict(zip(KEY_FIELDS, key, strict=True)), count=count) for key, count in counted)
    CaseMonthly.objects.bulk_create(rows, batch_size=batch_size)


def organisation_rebuild_grouped(organisation_id: int, *, batch_size: int = 5000) -> int:
    """Recompute an organisation's summary set-based, in one transaction; returns the number of months.
    Idempotent, and the same rows as quality.summary.organisation_rebuild."""
    with transaction.atomic():
        counted = organisation_counted(organisation_id)
        CaseMonthly.objects.filter(organisation_id=organisation_id).delete()
        write(sorted(counted.items(), key=lambda item: item[0][:3]), batch_size=batch_size)
    return len({key[2] for key in counted})
