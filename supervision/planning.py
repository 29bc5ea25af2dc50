"""Signals for risk-based supervision (domain.md §6, issue 19 item 5): every report counts as a signal on its
provider and unit. The planning view ranks them over the last twelve months, by quarter for the trend, with what
the reports concern; every count is one grouped query on `Report` (its indexes lead with the department or the
authority and the day received), and the categories one more, so the page makes the same queries for ten reports or
a million. Their work still grows with the reports of the year (a national authority receives hundreds of
thousands), so the view reads the figures through `planning_cached`: counted at most once per `CACHE_SECONDS` for
the same departments, filters, day and language (docs/decisions/0042)."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cases.models import CaseCategory
from organisations.models import Category, Organisation
from supervision.models import Provider, Report, SupervisedUnit

QUARTERS = 4
MONTHS = 12
DEFAULT_LIMIT = 50
# Signals over a year move slowly: the figures of a view are kept this long, and the page says when they were
# counted. A planning view, not a queue: the triage list is always live.
CACHE_SECONDS = 10 * 60


@dataclass
class UnitSignals:
    unit: SupervisedUnit
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
    counted_at: datetime | None = None


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def quarter_starts(today: date) -> list[date]:
    """The first day of each of the four quarters of the last twelve months (counted back from tomorrow, so that
    today is in the latest), oldest first."""
    end = today + timedelta(days=1)
    return [end - timedelta(days=round(365 * (QUARTERS - index) / QUARTERS)) for index in range(QUARTERS)]


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
    """The providers with the most signals in the last twelve months, each with its units and categories."""
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
        rows[row["provider_id"]].units.append(
            UnitSignals(
                unit=units[row["unit_id"]],
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
        counted_at=timezone.now(),
    )


def planning_cached(
    *,
    authority: Organisation,
    department_ids: list[int],
    department_id: int | None = None,
    county: str = "",
    service_kind: str = "",
    limit: int = DEFAULT_LIMIT,
    language: str | None = None,
) -> Planning:
    """`planning(...)` for today, kept in the cache for CACHE_SECONDS per authority, departments, filters and
    language: one cache read when it is there. The key holds ids and codes only (the county by its digest)."""
    today = timezone.localdate()
    parts = [
        str(authority.pk),
        ",".join(str(pk) for pk in sorted(department_ids)),
        str(department_id or ""),
        hashlib.sha256(county.encode()).hexdigest()[:16],
        service_kind,
        str(limit),
        language or "",
        today.isoformat(),
    ]
    key = "supervision-planning:" + ":".join(parts)
    found = cache.get(key)
    if isinstance(found, Planning):
        return found
    result = planning(
        authority=authority,
        department_ids=department_ids,
        department_id=department_id,
        county=county,
        service_kind=service_kind,
        today=today,
        limit=limit,
        language=language,
    )
    cache.set(key, result, CACHE_SECONDS)
    return result
