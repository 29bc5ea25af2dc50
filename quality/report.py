"""The annual quality report's material (kvalitetsberättelse; SOSFS 2011:9 7 kap.; issue 18.4): one part of the
tree, one calendar year, against the year before.

The figures are the statistics' own (quality.statistics through quality.tables.Figures), narrowed to the node
and the year, so the report and the statistics page never disagree; the texts are the staff's
(quality.models.QualityReport); the Lex Sarah summary is counts only (lexsarah.selectors.lex_sarah_counts), never
a record or a person. Who sees a report: a statistics role on the node or above it (the same scope as the
statistics). Who writes it: a quality developer on the node or above it.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import CaseKind
from lexsarah.selectors import PERIOD_YEAR, lex_sarah_counts
from organisations.models import Category, NodeKind, OrgNode, Role, RoleAssignment
from quality import charts
from quality import statistics as stats
from quality.models import QualityReport
from quality.tables import Column, Figures, Kind, Table, Value, display


def report_nodes(scope: stats.StatisticsScope) -> list[OrgNode]:
    """The parts of the tree a reader may have a report for: the organisation and its areas within their scope,
    and the nodes where they hold their role (a unit manager's units), in tree order."""
    return [
        node
        for node in scope.nodes
        if node.kind in (NodeKind.ROOT, NodeKind.AREA) or node.path in scope.paths
    ]


def may_write(user: User, node: OrgNode) -> bool:
    """Whether `user` writes the report of `node`: a quality developer there or above."""
    paths = RoleAssignment.objects.filter(
        user=user, role=Role.QUALITY_DEVELOPER, node__organisation_id=node.organisation_id
    ).values_list("node__path", flat=True)
    return user.is_active and any(node.path.startswith(path) for path in paths)


def report_for(node: OrgNode, year: int) -> QualityReport:
    """The saved texts, or an empty unsaved report (version 0) before the first save."""
    return QualityReport.objects.filter(node=node, year=year).select_related(
        "updated_by"
    ).first() or QualityReport(organisation_id=node.organisation_id, node=node, year=year)


def year_filter(year: int, node: OrgNode) -> stats.StatisticsFilter:
    return stats.StatisticsFilter(first_month=date(year, 1, 1), last_month=date(year, 12, 1), node=node)


@dataclass
class Material:
    node: OrgNode
    year: int
    report: QualityReport
    cases: int
    comparison: Table
    tables: list[Table]
    lex_sarah: Table


def _change(now: int, before: int) -> float | None:
    return now / before - 1 if before else None


def _comparison(this: Figures, last: Figures, year: int) -> Table:
    """The year's main figures beside the year before's, as text cells (each row has its own kind of number)."""
    rows: list[tuple[str, Value, Value, Kind]] = []
    counts = [(this.summary.cases, last.summary.cases, _("Cases received"))]
    kinds_now = dict(stats.counts_by(this.cases, "kind"))
    kinds_before = dict(stats.counts_by(last.cases, "kind"))
    for kind in CaseKind:
        counts.append((kinds_now.get(kind.value, 0), kinds_before.get(kind.value, 0), str(kind.label)))
    counts.append((this.summary.closed, last.summary.closed, _("Cases closed")))
    for now, before, label in counts:
        rows.append((label, before, now, Kind.COUNT))

    def in_time(figures: Figures) -> float | None:
        steps = stats.informed_per_step(figures.cases, figures.today)
        counted = sum(s.counted for s in steps)
        return sum(s.in_time for s in steps) / counted if counted else None

    rows.append((_("Share informed within the period, all steps"), in_time(last), in_time(this), Kind.SHARE))
    rows.append(
        (
            _("Median days to the first notice"),
            stats.days_to_first_notice(last.cases).median_days,
            stats.days_to_first_notice(this.cases).median_days,
            Kind.DECIMAL,
        )
    )
    rows.append(
        (
            _("Median days to closure"),
            stats.days_to_closure(last.cases).median_days,
            stats.days_to_closure(this.cases).median_days,
            Kind.DECIMAL,
        )
    )
    escalated = [sum(e.total for e in stats.escalations_per_step(f.cases)) for f in (last, this)]
    rows.append((_("Moved up the ladder"), escalated[0], escalated[1], Kind.COUNT))
    actions = [stats.action_follow_up(f.cases, f.today) for f in (last, this)]
    rows.append((_("Actions taken"), actions[0].total, actions[1].total, Kind.COUNT))
    rows.append((_("Actions done, followed up"), actions[0].done, actions[1].done, Kind.COUNT))
    table = Table(
        slug="jamforelse",
        heading=_("The year against the year before"),
        caption=_("The main figures of %(year)s and %(before)s") % {"year": year, "before": year - 1},
        columns=[
            Column(_("Figure"), Kind.TEXT),
            Column(str(year - 1), Kind.TEXT),
            Column(str(year), Kind.TEXT),
            Column(_("Change"), Kind.TEXT),
        ],
        rows=[
            [
                label,
                display(before, kind),
                display(now, kind),
                display(_change(int(now), int(before)), Kind.CHANGE)  # type: ignore[arg-type]
                if kind == Kind.COUNT and now is not None and before is not None
                else "–",
            ]
            for label, before, now, kind in rows
        ],
        about=_(
            "Cases received in each calendar year, in this part of the organisation. The 14-day rule, the time "
            "taken and the actions are those of the same cases, as the statistics count them."
        ),
    )
    table.chart = charts.paired_bar_chart(
        chart_id="chart-jamforelse",
        title=_("Cases received in %(year)s and %(before)s") % {"year": year, "before": year - 1},
        series=(str(year), str(year - 1)),
        rows=[
            charts.Pair(
                label,
                float(now or 0),
                float(before or 0),
                display(now, Kind.COUNT),
                display(before, Kind.COUNT),
            )
            for label, before, now, kind in rows[: len(counts) - 1]
            if kind == Kind.COUNT
        ],
    )
    return table


LEX_SARAH_ROWS = [
    ("reported", _("Reports of a serious deficiency or a risk of one")),
    ("serious", _("Assessed as a serious deficiency")),
    ("clear_risk", _("Assessed as a clear risk of one")),
    ("neither", _("Assessed as neither")),
    ("not_assessed", _("Not yet assessed")),
    ("reported_to_ivo", _("Reported to IVO")),
    ("ivo_on_time", _("Of those, reported within the period")),
    ("closed", _("Closed")),
]


def _lex_sarah(node: OrgNode, year: int) -> Table:
    rows = lex_sarah_counts(
        organisation=node.organisation,
        start=date(year - 1, 1, 1),
        end=date(year, 12, 31),
        period=PERIOD_YEAR,
        under=node,
    )
    totals: dict[int, dict[str, int]] = {year - 1: {}, year: {}}
    for row in rows:
        counts = totals.setdefault(row["period"].year, {})
        for key, _label in LEX_SARAH_ROWS:
            counts[key] = counts.get(key, 0) + row[key]
    return Table(
        slug="lex-sarah",
        heading=_("Lex Sarah"),
        caption=_("Lex Sarah reports by the year they were made, and what came of them"),
        columns=[Column(_("Figure"), Kind.TEXT), Column(str(year - 1)), Column(str(year))],
        rows=[
            [str(label), totals[year - 1].get(key, 0), totals[year].get(key, 0)]
            for key, label in LEX_SARAH_ROWS
        ],
        about=_(
            "Counts only: the records themselves are seen by those responsible for Lex Sarah alone. A report is "
            "counted in the year it was made, and by what has come of it so far."
        ),
    )


def report_material(
    *,
    scope: stats.StatisticsScope,
    node: OrgNode,
    year: int,
    today: date,
    categories: dict[int, Category],
) -> Material:
    """Everything the report shows of `node` for `year`: the figures against the year before, the categories and
    causes, the actions, the Lex Sarah summary and the staff's texts. `node` must be one of report_nodes(scope)."""
    assert scope.reaches(node.path)
    selection = year_filter(year, node)
    this = Figures(scope, selection, today, categories=categories)
    last = Figures(
        scope,
        replace(selection, first_month=date(year - 1, 1, 1), last_month=date(year - 1, 12, 1)),
        today,
        categories=categories,
    )
    tables = [this.by_month(), this.by_topic(), this.by_cause(), this.actions()]
    if node.kind != NodeKind.UNIT:
        tables.insert(1, this.by_unit())
    return Material(
        node=node,
        year=year,
        report=report_for(node, year),
        cases=this.summary.cases,
        comparison=_comparison(this, last, year),
        tables=tables,
        lex_sarah=_lex_sarah(node, year),
    )
