"""Signals for risk-based supervision (domain.md §6, issue 19 item 5): every report counts as a signal on its
provider and unit. The planning view ranks them over the last twelve months (the current month and the eleven
before it, in Swedish time), by quarter for the trend, with what the reports concern.

`planning` reads the monthly summary (`SignalMonth`, kept by supervision.signal_summary): the ranking and the
quarters of every provider one grouped query over the months of the year (the totals are summed from its rows:
ranked and cut in the database instead, with the totals from an aggregate of their own, the page took longer at
1,000,000 reports), the units and the categories of the providers shown one each, so that the page makes the same
queries and reads some tens of thousands of summary rows for a million reports (docs/decisions/0042).
`planning_from_reports` counts the same figures on the reports themselves: the reference that the tests compare
the summary with."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import CaseCategory
from organisations.models import Category, Organisation
from supervision.models import Provider, Report, SignalMonth, SupervisedUnit

QUARTERS = 4
MONTHS = 12
DEFAULT_LIMIT = 50


@dataclass
class UnitSignals:
    """A unit of the register with its signals, as the table shows it: its id (for the link to its reports), its
    name and kind of service. Plain values, not a SupervisedUnit: the page builds some hundreds of them."""

    unit_id: int
    name: str
    service_kind: str
    total: int
    quarters: list[int]


@dataclass
class ProviderSignals:
    provider: Provider
    total: int
    quarters: list[int]  # oldest first; the last is the latest three months
    units: list[UnitSignals] = field(default_factory=list)
    categories: list[tuple[str, int]] = field(default_factory=list)

    @property
    def trend(self) -> str:
        """ "rising", "falling" or "steady": the latest quarter against the one before."""
        latest, before = self.quarters[-1], self.quarters[-2]
        return "rising" if latest > before else "falling" if latest < before else "steady"


@dataclass
class Planning:
    since: date
    quarter_starts: list[date]
    providers: list[ProviderSignals]
    reports_in_words: int  # reports whose provider is not in the register (named in the reporter's words)
    total: int


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def quarter_starts(today: date) -> list[date]:
    """The first day of each of the four quarters of the last twelve months: the current month (today's) and the
    eleven before it, three at a time, oldest first. Whole months, as the summary counts them."""
    return [_months_back(today, MONTHS - 1 - index * (MONTHS // QUARTERS)) for index in range(QUARTERS)]


def signal_reports(
    *,
    authority: Organisation,
    department_ids: list[int],
    department_id: int | None = None,
    county: str = "",
    service_kind: str = "",
    since: datetime | None = None,
) -> QuerySet[Report]:
    """The reports that count, filtered as the planning view asks (always within the user's departments)."""
    reports = Report.objects.filter(authority=authority, department_id__in=department_ids)
    if department_id is not None:
        reports = reports.filter(department_id=department_id)
    if county:
        reports = reports.filter(county=county)
    if service_kind:
        reports = reports.filter(service_kind=service_kind)
    if since is not None:
        reports = reports.filter(received_at__gte=since)
    return reports


def planning_from_reports(
    *,
    authority: Organisation,
    department_ids: list[int],
    department_id: int | None = None,
    county: str = "",
    service_kind: str = "",
    today: date | None = None,
    limit: int = DEFAULT_LIMIT,
    language: str | None = None,
) -> Planning:
    """The planning figures counted on the reports (the reference for `planning`): grouped scans of the year."""
    today = today or timezone.localdate()
    starts = quarter_starts(today)
    bounds = [_start(day) for day in starts]
    reports = signal_reports(
        authority=authority,
        department_ids=department_ids,
        department_id=department_id,
        county=county,
        service_kind=service_kind,
        since=bounds[0],
    )
    per_quarter = {
        f"q{index}": Count(
            "pk",
            filter=Q(received_at__gte=bounds[index])
            & (Q(received_at__lt=bounds[index + 1]) if index + 1 < QUARTERS else Q()),
        )
        for index in range(QUARTERS)
    }
    # Every provider's counts in one grouped scan of the year, the reports in the reporter's words as one more
    # group: the totals come from the same rows, not from a second scan.
    grouped: list[Any] = list(
        reports.values("provider_id")
        .annotate(total=Count("pk"), **per_quarter)
        .order_by("-total", "provider_id")
    )
    ranked = [row for row in grouped if row["provider_id"] is not None][:limit]
    provider_ids = [row["provider_id"] for row in ranked]
    providers = Provider.objects.in_bulk(provider_ids)
    rows = {
        row["provider_id"]: ProviderSignals(
            provider=providers[row["provider_id"]],
            total=row["total"],
            quarters=[row[f"q{index}"] for index in range(QUARTERS)],
        )
        for row in ranked
    }
    unit_rows: list[Any] = list(
        reports.filter(provider_id__in=provider_ids, unit__isnull=False)
        .values("provider_id", "unit_id")
        .annotate(total=Count("pk"), **per_quarter)
        .order_by("-total", "unit_id")
    )
    units = SupervisedUnit.objects.in_bulk([row["unit_id"] for row in unit_rows])
    for row in unit_rows:
        unit = units[row["unit_id"]]
        rows[row["provider_id"]].units.append(
            UnitSignals(
                unit_id=unit.pk,
                name=unit.name,
                service_kind=unit.service_kind,
                total=row["total"],
                quarters=[row[f"q{index}"] for index in range(QUARTERS)],
            )
        )
    category_rows: list[Any] = list(
        CaseCategory.objects.filter(case__supervision_report__in=reports.filter(provider_id__in=provider_ids))
        .values("case__supervision_report__provider_id", "category_id")
        .annotate(total=Count("pk"))
        .order_by("-total", "category_id")
    )
    categories = Category.objects.in_bulk([row["category_id"] for row in category_rows])
    for row in category_rows:
        rows[row["case__supervision_report__provider_id"]].categories.append(
            (categories[row["category_id"]].label(language), row["total"])
        )
    return Planning(
        since=starts[0],
        quarter_starts=starts,
        providers=[rows[pk] for pk in provider_ids],
        reports_in_words=sum(row["total"] for row in grouped if row["provider_id"] is None),
        total=sum(row["total"] for row in grouped),
    )


def signal_months(
    *,
    authority: Organisation,
    department_ids: list[int],
    department_id: int | None = None,
    county: str = "",
    service_kind: str = "",
    since: date,
) -> QuerySet[SignalMonth]:
    """The summary's rows that count, filtered as `signal_reports` filters the reports."""
    rows = SignalMonth.objects.filter(authority=authority, department_id__in=department_ids, month__gte=since)
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    if county:
        rows = rows.filter(county=county)
    if service_kind:
        rows = rows.filter(service_kind=service_kind)
    return rows


def _summed(**where: date) -> Coalesce:
    """The sum of the rows' counts (of those `where` says), 0 when there are none."""
    return Coalesce(Sum("count", filter=Q(**where) if where else None), Value(0))


def planning(
    *,
    authority: Organisation,
    department_ids: list[int],
    department_id: int | None = None,
    county: str = "",
    service_kind: str = "",
    today: date | None = None,
    limit: int = DEFAULT_LIMIT,
    language: str | None = None,
) -> Planning:
    """The providers with the most signals in the last twelve months, each with its units and categories, from the
    monthly summary: the same figures as `planning_from_reports`, in five queries whatever the number of reports."""
    today = today or timezone.localdate()
    starts = quarter_starts(today)
    rows = signal_months(
        authority=authority,
        department_ids=department_ids,
        department_id=department_id,
        county=county,
        service_kind=service_kind,
        since=starts[0],
    )
    per_quarter = {
        f"q{index}": _summed(
            month__gte=starts[index], **({"month__lt": starts[index + 1]} if index + 1 < QUARTERS else {})
        )
        for index in range(QUARTERS)
    }
    reports = rows.filter(category__isnull=True)
    grouped: list[Any] = list(
        reports.values("provider_id")
        .annotate(total=_summed(), **per_quarter)
        .filter(total__gt=0)
        .order_by("-total", "provider_id")
    )
    ranked = [row for row in grouped if row["provider_id"] is not None][:limit]
    provider_ids = [row["provider_id"] for row in ranked]
    providers = Provider.objects.only("name", "organisation_number").in_bulk(provider_ids)
    result = {
        row["provider_id"]: ProviderSignals(
            provider=providers[row["provider_id"]],
            total=row["total"],
            quarters=[row[f"q{index}"] for index in range(QUARTERS)],
        )
        for row in ranked
    }
    # The units' names and kinds come with their counts (a join on the few hundred units of the providers shown),
    # not from a second query by some hundreds of keys: the page needs no more of a unit than these.
    unit_rows: list[Any] = list(
        reports.filter(provider_id__in=provider_ids, unit__isnull=False)
        .values("provider_id", "unit_id", "unit__name", "unit__service_kind")
        .annotate(total=_summed(), **per_quarter)
        .filter(total__gt=0)
        .order_by("-total", "unit_id")
    )
    for row in unit_rows:
        result[row["provider_id"]].units.append(
            UnitSignals(
                unit_id=row["unit_id"],
                name=row["unit__name"],
                service_kind=row["unit__service_kind"],
                total=row["total"],
                quarters=[row[f"q{index}"] for index in range(QUARTERS)],
            )
        )
    category_rows: list[Any] = list(
        rows.filter(provider_id__in=provider_ids, category__isnull=False)
        .values("provider_id", "category_id")
        .annotate(total=_summed())
        .filter(total__gt=0)
        .order_by("-total", "category_id")
    )
    categories = Category.objects.in_bulk([row["category_id"] for row in category_rows])
    for row in category_rows:
        result[row["provider_id"]].categories.append(
            (categories[row["category_id"]].label(language), row["total"])
        )
    return Planning(
        since=starts[0],
        quarter_starts=starts,
        providers=[result[pk] for pk in provider_ids],
        reports_in_words=sum(row["total"] for row in grouped if row["provider_id"] is None),
        total=sum(row["total"] for row in grouped),
    )
