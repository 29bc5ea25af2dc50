"""Patterns across units (issue 18.6; docs/decisions/0033): the units and categories where complaints or Lex Sarah
reports rose above their own usual level, each with what lies behind it.

The recent period is the last three whole months; the usual level, the twelve months before them. Each unit, each
category (within the reader's part of the tree) and each unit with each category is tested by quality.rise: at
least MIN_RECENT complaints in the recent months, and more than chance allows at the unit's own past rate. Lex
Sarah reports are tested per unit the same way, from their counts (lexsarah.selectors.lex_sarah_counts).

Complaints only (kind "complaint"): feedback and praise rising is no sign of a failing. The counts are the
statistics' (quality.statistics), scoped to the reader's part of the tree; the cases behind a rise are those of
the recent months, linked to the staff case page, which every statistics role may open. Lex Sarah records are
listed only to those responsible for Lex Sarah there (lexsarah.selectors.records_visible_to); others see the
count.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from cases.models import CaseCategory, CaseKind
from lexsarah.models import LexSarahRecord
from lexsarah.selectors import PERIOD_MONTH, lex_sarah_counts, records_visible_to
from organisations.models import Category, OrgNode
from quality import statistics as stats
from quality.rise import Rise, rise

RECENT_MONTHS = 3

COMPLAINTS = "complaints"
LEX_SARAH = "lex_sarah"


@dataclass(frozen=True)
class Window:
    """The recent months and the months before them, whole months in Swedish time."""

    recent_first: date
    recent_last: date

    @property
    def past_first(self) -> date:
        return stats.add_months(self.recent_first, -stats.PAST_MONTHS)

    @property
    def past_last(self) -> date:
        return stats.add_months(self.recent_first, -1)

    @property
    def selection(self) -> stats.StatisticsFilter:
        return stats.StatisticsFilter(
            first_month=self.recent_first, last_month=self.recent_last, kind=CaseKind.COMPLAINT
        )

    def codes(self) -> dict[str, object]:
        return {
            "recent_from": self.recent_first.strftime("%Y-%m"),
            "recent_to": self.recent_last.strftime("%Y-%m"),
            "past_from": self.past_first.strftime("%Y-%m"),
        }


def window_before(today: date) -> Window:
    """The last three whole months before this one, against the twelve before them."""
    last = stats.add_months(stats.month_start(today), -1)
    return Window(recent_first=stats.add_months(last, -(RECENT_MONTHS - 1)), recent_last=last)


@dataclass(frozen=True)
class CaseLink:
    pk: int
    reference_number: str
    received_on: date


@dataclass
class Pattern:
    source: str  # COMPLAINTS or LEX_SARAH
    node: OrgNode | None  # None: the whole of the reader's part
    category: Category | None
    test: Rise
    cases: list[CaseLink] = field(default_factory=list)
    records: list[LexSarahRecord] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.source}-{self.node.pk if self.node else 0}-{self.category.pk if self.category else 0}"


@dataclass
class Patterns:
    window: Window
    found: list[Pattern]
    # Whether the reader sees Lex Sarah records (not only their counts).
    sees_records: bool

    @property
    def case_count(self) -> int:
        return sum(len(p.cases) for p in self.found)


def _test(recent: int, past: int) -> Rise:
    return rise(recent=recent, past=past, recent_months=RECENT_MONTHS, past_months=stats.PAST_MONTHS)


def _placed(scope: stats.StatisticsScope, path: str) -> OrgNode | None:
    """The node a path ends at, if it is a placed one (not the root, where unplaced cases wait)."""
    node = scope.node_at(path)
    return node if node is not None and node.parent_id is not None else None


def find_patterns(
    *, user: User, scope: stats.StatisticsScope, today: date, categories: dict[int, Category]
) -> Patterns:
    """Every rise in the reader's part of the tree, the strongest (smallest p-value) first, each with the cases
    (or, for those responsible, the Lex Sarah records) of the recent months behind it."""
    window = window_before(today)
    selection = window.selection
    found: list[Pattern] = []

    # Complaints per unit: the statistics' own comparison of units with their past.
    for rate in stats.units_compared(scope, selection):
        node = _placed(scope, rate.path)
        test = _test(rate.in_period, rate.in_past)
        if node is not None and test.rose:
            found.append(Pattern(COMPLAINTS, node, None, test))

    # Complaints per category, and per unit and category: one query over both periods.
    past_start = stats.local_midnight(window.past_first)
    rows = (
        stats.scoped_cases(scope, selection, period=False)
        .filter(received_at__gte=past_start, received_at__lt=selection.end)
        .filter(category_links__category__in=list(categories))
        .order_by()
        .values("node_path", "category_links__category")
        .annotate(
            recent=Count("pk", filter=Q(received_at__gte=selection.start)),
            past=Count("pk", filter=Q(received_at__lt=selection.start)),
        )
        .values_list("node_path", "category_links__category", "recent", "past")
    )
    by_category: dict[int, list[int]] = {}
    for path, category_id, recent, past in rows:
        totals = by_category.setdefault(category_id, [0, 0])
        totals[0] += recent
        totals[1] += past
        node = _placed(scope, path)
        test = _test(recent, past)
        if node is not None and test.rose:
            found.append(Pattern(COMPLAINTS, node, categories[category_id], test))
    for category_id, (recent, past) in by_category.items():
        test = _test(recent, past)
        if test.rose:
            found.append(Pattern(COMPLAINTS, None, categories[category_id], test))

    # Lex Sarah reports per node, from their counts, within the reader's part.
    within = {node.pk: node for node in scope.nodes}
    lex_sarah: dict[int, list[int]] = {}
    for row in lex_sarah_counts(
        organisation=scope.organisation,
        start=window.past_first,
        end=stats.add_months(window.recent_last, 1) - timedelta(days=1),
        period=PERIOD_MONTH,
    ):
        if row["node_id"] not in within:
            continue
        totals = lex_sarah.setdefault(row["node_id"], [0, 0])
        totals[0 if row["period"] >= window.recent_first else 1] += row["reported"]
    for node_id, (recent, past) in lex_sarah.items():
        test = _test(recent, past)
        if test.rose:
            found.append(Pattern(LEX_SARAH, within[node_id], None, test))

    found.sort(key=lambda p: (p.test.p_value, -p.test.recent, p.key))
    _attach_cases(scope, selection, found)
    sees_records = _attach_records(user, window, found)
    return Patterns(window=window, found=found, sees_records=sees_records)


def _attach_cases(
    scope: stats.StatisticsScope, selection: stats.StatisticsFilter, found: list[Pattern]
) -> None:
    """The recent complaints behind each rise of complaints (two queries however many rises)."""
    wanted = [p for p in found if p.source == COMPLAINTS]
    if not wanted:
        return
    condition = Q(pk__in=[])
    for pattern in wanted:
        if pattern.category is None and pattern.node is not None:
            condition |= Q(node_path=pattern.node.path)
        elif pattern.category is not None:
            condition |= Q(category_links__category=pattern.category)
    cases = stats.scoped_cases(scope, selection).filter(condition).distinct()
    rows = list(
        cases.order_by("received_at", "pk").values_list("pk", "reference_number", "received_at", "node_path")
    )
    links: dict[int, set[int]] = {}
    for case_id, category_id in CaseCategory.objects.filter(case__in=[row[0] for row in rows]).values_list(
        "case_id", "category_id"
    ):
        links.setdefault(case_id, set()).add(category_id)
    for pattern in wanted:
        for pk, reference, received, path in rows:
            if pattern.node is not None and path != pattern.node.path:
                continue
            if pattern.category is not None and pattern.category.pk not in links.get(pk, set()):
                continue
            pattern.cases.append(CaseLink(pk, reference, timezone.localdate(received)))


def _attach_records(user: User, window: Window, found: list[Pattern]) -> bool:
    """The recent Lex Sarah records behind each rise of them, for a reader responsible for Lex Sarah there."""
    visible = records_visible_to(user)
    wanted = [p for p in found if p.source == LEX_SARAH and p.node is not None]
    if not wanted:
        return visible.exists()
    start = stats.local_midnight(window.recent_first)
    end = stats.local_midnight(stats.add_months(window.recent_last, 1))
    records = list(
        visible.filter(
            node__in=[p.node for p in wanted], reported_at__gte=start, reported_at__lt=end
        ).order_by("reported_at", "pk")
    )
    for pattern in wanted:
        assert pattern.node is not None
        pattern.records = [record for record in records if record.node_id == pattern.node.pk]
    return bool(records) or visible.exists()
