"""The planning view's summary of signals (`SignalMonth`, docs/decisions/0042), kept up to date and rebuilt.

Every change of what the planning view counts goes through `signals_count`, in the changing transaction:

- `report_register`: the new report, once written (+1);
- a change of the categories of a report's case (`report_decide` at the triage, or the case page), through
  cases.signals (connected in `SupervisionConfig.ready`): the report is taken out before and counted again after;
- retention's deletion (a hook, `signals_forget_cases`, registered in `SupervisionConfig.ready`): the reports of
  the cases being deleted, before they go.

Nothing else changes a report's department, county, kind of service, provider, unit or day received (a case moved
with cases.services.case_move changes the case's node, not the report's department). `signals_rebuild` writes an
authority's rows again from the reports, set-based: one grouped query for the reports and one for their
categories, written with COPY on PostgreSQL (psycopg's `Cursor.copy`) and bulk_create elsewhere.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, DateField, F, QuerySet
from django.db.models.functions import TruncMonth

from cases.models import Case, CaseCategory
from cases.signals import categories_changed, categories_changing
from supervision.models import Report, SignalMonth, SignalsVersion

# authority, department, county, kind of service, provider, unit, month, category (None: the reports themselves)
Key = tuple[int, int, str, str, int | None, int | None, date, int | None]
NAMES = (
    "authority_id",
    "department_id",
    "county",
    "service_kind",
    "provider_id",
    "unit_id",
    "month",
    "category_id",
)
REPORT_FIELDS = ("authority_id", "department_id", "county", "service_kind", "provider_id", "unit_id")


def signals_counted(reports: QuerySet[Report]) -> Counter[Key]:
    """The summary's keys and counts of these reports: two grouped queries, the month in Swedish time (TruncMonth
    in the current time zone, as the planning view's quarters)."""
    counted: Counter[Key] = Counter()
    month = TruncMonth("received_at", output_field=DateField())
    rows: Iterable[Any] = (
        reports.annotate(month_=month).order_by().values(*REPORT_FIELDS, "month_").annotate(n=Count("pk"))
    )
    for row in rows.values_list(*REPORT_FIELDS, "month_", "n"):  # type: ignore[attr-defined]
        counted[(*row[:7], None)] += row[7]
    links: Any = (
        CaseCategory.objects.filter(case__supervision_report__in=reports)
        .annotate(
            month_=TruncMonth("case__supervision_report__received_at", output_field=DateField()),
            **{f"r_{name}": F(f"case__supervision_report__{name}") for name in REPORT_FIELDS},
        )
        .order_by()
        .values(*(f"r_{name}" for name in REPORT_FIELDS), "month_", "category_id")
        .annotate(n=Count("pk"))
    )
    for row in links.values_list(*(f"r_{name}" for name in REPORT_FIELDS), "month_", "category_id", "n"):
        counted[tuple(row[:8])] += row[8]  # type: ignore[index]
    return counted


def signals_version(authority_id: int) -> int:
    """The version of what the authority's planning view shows (SignalsVersion): one query."""
    found = SignalsVersion.objects.filter(authority_id=authority_id).values_list("version", flat=True).first()
    return found or 0


def signals_version_raise(authority_ids: Iterable[int]) -> None:
    """Raise the authorities' versions, inside the caller's transaction, so that the change and the new version
    are seen together: the planning view reads the version before the figures, so it never keeps figures older
    than the version it keeps them under, and the figures kept before this change are not shown again."""
    for authority_id in sorted(set(authority_ids)):
        if not SignalsVersion.objects.filter(authority_id=authority_id).update(version=F("version") + 1):
            _version, created = SignalsVersion.objects.get_or_create(
                authority_id=authority_id, defaults={"version": 1}
            )
            if not created:  # made by another transaction in between
                SignalsVersion.objects.filter(authority_id=authority_id).update(version=F("version") + 1)


def _apply(key: Key, delta: int) -> None:
    """Add `delta` to the key's count: to a row of the key (one that holds enough, when taking away), or a new row."""
    rows = SignalMonth.objects.filter(**dict(zip(NAMES, key, strict=True)))
    if delta < 0:
        rows = rows.filter(count__gte=-delta)
    found = rows.order_by().values_list("pk", flat=True).first()
    if found is not None:
        SignalMonth.objects.filter(pk=found).update(count=F("count") + delta)
    elif delta > 0:
        SignalMonth.objects.create(**dict(zip(NAMES, key, strict=True)), count=delta)


@transaction.atomic
def signals_count(*, case_ids: Sequence[int], sign: int) -> None:
    """Count the reports of these cases into the summary (`sign` 1) or take them out (`sign` -1), as they are now
    in the database: call it after writing a report, and before changing or deleting one (and after, to count it
    again)."""
    if not case_ids:
        return
    counted = signals_counted(Report.objects.filter(case_id__in=list(case_ids)))
    for key, count in counted.items():
        _apply(key, sign * count)
    signals_version_raise(key[0] for key in counted)


def _report_recount(case: Case, sign: int) -> None:
    """signals_count for the case, if it is a report: most cases are not, and for them this is one query, not
    signals_count's two."""
    if Report.objects.filter(case_id=case.pk).exists():
        signals_count(case_ids=[case.pk], sign=sign)


def _categories_changing(sender: object, case: Case, **kwargs: object) -> None:
    _report_recount(case, -1)


def _categories_changed(sender: object, case: Case, **kwargs: object) -> None:
    _report_recount(case, 1)


def signals_follow_categories() -> None:
    """Keep the summary in step with every change of a report's categories (cases.signals), whatever makes it."""
    categories_changing.connect(_categories_changing, dispatch_uid="supervision.signals.categories_changing")
    categories_changed.connect(_categories_changed, dispatch_uid="supervision.signals.categories_changed")


def signals_forget_cases(record_class: str, ids: Sequence[int]) -> None:
    """retention.hooks: the reports among the cases being deleted leave the summary (other cases have none)."""
    signals_count(case_ids=ids, sign=-1)


def _write(counted: Counter[Key], *, batch_size: int = 5000) -> None:
    if connection.vendor == "postgresql":
        column = {field.attname: str(field.column) for field in SignalMonth._meta.concrete_fields}
        columns = ", ".join(connection.ops.quote_name(column[name]) for name in (*NAMES, "count"))
        table = connection.ops.quote_name(SignalMonth._meta.db_table)
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for key, count in counted.items():
                copy.write_row((*key, count))
        return
    rows = (SignalMonth(**dict(zip(NAMES, key, strict=True)), count=count) for key, count in counted.items())
    SignalMonth.objects.bulk_create(rows, batch_size=batch_size)


def signals_rebuild(*, authority_id: int) -> int:
    """Write an authority's summary again from its reports, in one transaction; returns the number of rows."""
    with transaction.atomic():
        counted = signals_counted(Report.objects.filter(authority_id=authority_id))
        SignalMonth.objects.filter(authority_id=authority_id).delete()
        counted = Counter({key: count for key, count in counted.items() if count})
        _write(counted)
        signals_version_raise([authority_id])
    return len(counted)
