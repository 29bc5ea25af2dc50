"""The statistics as tables with their names and column headings, in the reader's language: one builder per
figure of quality.statistics, shared by the page (with its chart) and the exports, so that the page and a file
always show the same numbers.

A table's cells are plain values: text, counts, shares and changes (fractions), days and rates (decimals), or
None where there is nothing to count. How each is written is the page's (formats) and the export's business.
"""

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils import formats, numberformat, translation
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases.models import CaseKind, CaseState, Channel, SenderRole
from organisations.models import Category, CategoryDimension, Role
from quality import charts
from quality import statistics as stats
from quality.summary import SummaryReader


class Kind(StrEnum):
    TEXT = "text"
    COUNT = "count"
    SHARE = "share"  # a fraction, shown as a percentage
    CHANGE = "change"  # a fraction, shown as a signed percentage
    DECIMAL = "decimal"  # days, cases per month: one decimal


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = Kind.COUNT

    @property
    def is_number(self) -> bool:
        return self.kind != Kind.TEXT


type Value = str | int | float | None


@dataclass
class Table:
    slug: str
    heading: str
    caption: str
    columns: list[Column]
    rows: list[list[Value]]
    # What the figure counts and how, in a sentence or two, under the heading.
    about: str = ""
    chart: SafeString | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def is_narrow(self) -> bool:
        """Few enough columns to sit beside its chart on a wide screen; a wider table goes under it."""
        return len(self.columns) <= 3

    def figure_html(self) -> SafeString:
        """The figure as quality/includes/figure.html shows it: the chart, if any, and the table with its caption,
        headings and body. Written here, like the body, rather than by a template include for each of the page's
        fourteen figures (docs/decisions/0034); that include writes this, and ends with the same newline."""
        slug = html.escape(self.slug)
        beside = " statistics-figure--beside" if self.chart and self.is_narrow else ""
        parts = [f'<div class="statistics-figure{beside}">\n    ']
        if self.chart:
            # The message of the include's {% blocktranslate %}: the name escaped, the translation not.
            label = _("Chart: %(name)s") % {"name": html.escape(str(self.caption))}
            parts.append(
                f'\n    <div class="statistics-chart" role="region" aria-label="{label}" tabindex="0">\n'
                f"      {self.chart}\n    </div>\n    "
            )
        headings = "".join(
            f'<th scope="col"{' class="statistics-number"' if column.is_number else ""}>'
            f"{html.escape(str(column.label))}</th>"
            for column in self.columns
        )
        parts.append(
            f'\n    <div class="table-region" role="region" aria-labelledby="{slug}-caption" tabindex="0">\n'
            '      <table class="ds-table table-stack" data-border="true">\n'
            f'        <caption id="{slug}-caption">{html.escape(str(self.caption))}</caption>\n'
            f"        <thead><tr>{headings}</tr></thead>\n"
            "        <tbody>\n"
            f"        {self.body_html()}\n"
            "        </tbody>\n"
            "      </table>\n"
            "    </div>\n"
            "  </div>\n"
        )
        return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped; the chart and body are safe)

    def body_html(self) -> SafeString:
        """The rows as the page writes them, as the table's body: built here rather than cell by cell in the
        template, where each of a few thousand cells cost a dozen template lookups (docs/decisions/0034). Every
        text is escaped as django.utils.html.escape does (the standard library's html.escape, without the lazy
        check of each of some thousand calls)."""
        style = NumberStyle.current()
        cells = [
            (
                f' data-label="{html.escape(str(column.label))}"',
                ' class="statistics-number"' if column.is_number else "",
                column.kind,
            )
            for column in self.columns
        ]
        lines = []
        for row in self.rows:
            parts = []
            for index, (value, (label, number, kind)) in enumerate(zip(row, cells, strict=True)):
                text = html.escape(display(value, kind, style))
                if index == 0:
                    parts.append(f'<th scope="row"{label}>{text}</th>')
                else:
                    parts.append(f"<td{label}{number}>{text}</td>")
            lines.append(f"<tr>{''.join(parts)}</tr>")
        return mark_safe("\n".join(lines))  # noqa: S308 (every text above is escaped)


@dataclass(frozen=True)
class NumberStyle:
    """The reader's language's way of writing numbers (Django's formats), read once for a page's few thousand
    cells instead of three format lookups per cell (docs/decisions/0034)."""

    decimal_separator: str
    grouping: int | tuple[int, ...]
    thousand_separator: str

    @classmethod
    def current(cls) -> "NumberStyle":
        language = translation.get_language()
        return cls(
            formats.get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
            formats.get_format("NUMBER_GROUPING", language, use_l10n=True),
            formats.get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
        )

    def number(self, value: float | str, decimals: int) -> str:
        """As formats.number_format(value, decimals, use_l10n=True, force_grouping=True) writes it."""
        if type(value) is int and -1000 < value < 1000 and decimals == 0:
            return str(value)  # the common case: no separator to write
        return numberformat.format(
            value,
            self.decimal_separator,
            decimals,
            self.grouping,
            self.thousand_separator,
            force_grouping=True,
            use_l10n=True,
        )


def display(value: Value, kind: Kind, style: NumberStyle | None = None) -> str:
    """A cell as the page writes it, in the reader's language (`style`: the language's, read once by a caller
    that writes many)."""
    if value is None:
        return "–"
    if kind == Kind.TEXT:
        return str(value)
    style = style or NumberStyle.current()
    if kind == Kind.COUNT:
        return style.number(value, 0)
    if kind == Kind.SHARE:
        return f"{style.number(round(float(value) * 100, 1), 1)} %"
    if kind == Kind.CHANGE:
        number = round(float(value) * 100, 1)
        sign = "+" if number > 0 else ("−" if number < 0 else "±")
        return f"{sign}{style.number(abs(number), 1)} %"
    return style.number(round(float(value), 1), 1)


def month_label(month: date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def short_month(month: date) -> str:
    return formats.date_format(month, "b")


# --- the figures ------------------------------------------------------------------------------------------------


class Figures:
    """The figures of one reader's statistics under one filter. Each table is computed when first asked for, so
    that an export computes only its own; the page asks for all of them."""

    def __init__(
        self,
        scope: stats.StatisticsScope,
        selection: stats.StatisticsFilter,
        today: date,
        *,
        categories: dict[int, Category],
    ) -> None:
        self.scope = scope
        self.selection = selection
        self.today = today
        # The organisation's categories by id (stats.organisation_categories), read once for the form too.
        self.categories = categories
        self.cases = stats.scoped_cases(scope, selection)
        # The summary table answers every figure unless the filter names a topic or a cause (quality.summary).
        self.reader = SummaryReader(scope, selection) if SummaryReader.applies(selection) else None

    @cached_property
    def summary(self) -> stats.Summary:
        return self.reader.summary() if self.reader else stats.summary(self.cases)

    def node_name(self, path: str) -> str:
        node = self.scope.node_at(path)
        if node is None or node.parent_id is None:
            return _("Not yet placed at a unit")
        return node.name

    def area_name(self, path: str) -> str:
        area = self.scope.area_of(path)
        return area.name if area is not None else _("Not yet placed at a unit")

    def step_name(self, step: int) -> str:
        if step not in self._step_names:
            ladder = self.ladder
            role = ladder[step - 1] if 0 < step <= len(ladder) else None
            label = Role(role).label if role in Role.values else ""
            self._step_names[step] = (
                _("Step %(step)s: %(role)s") % {"step": step, "role": label} if label else _("Step %s") % step
            )
        return self._step_names[step]

    @cached_property
    def _step_names(self) -> dict[int, str]:
        """Each step's name once: the figures name the same few steps many times."""
        return {}

    @cached_property
    def style(self) -> NumberStyle:
        """How the reader's language writes numbers, for the charts' labels."""
        return NumberStyle.current()

    @cached_property
    def ladder(self) -> list[str]:
        return stats.step_names(self.scope.organisation)

    # Each builder makes one table. TABLES below lists them in the page's order.

    def by_month(self) -> Table:
        rows = (
            self.reader.counts_by_month()
            if self.reader
            else stats.counts_by_month(self.cases, self.selection.months)
        )
        table = Table(
            slug="manad",
            heading=_("Cases received per month"),
            caption=_("Cases received per month"),
            columns=[Column(_("Month"), Kind.TEXT), Column(_("Cases"))],
            rows=[[month_label(month), count] for month, count in rows],
            about=_("The trend: how many cases were received each month of the period."),
        )
        if any(count for _, count in rows):
            table.chart = charts.column_chart(
                chart_id="chart-manad",
                title=table.caption,
                bars=[
                    charts.Bar(
                        short_month(m), c, display(c, Kind.COUNT, self.style), month_label(m), year=m.year
                    )
                    for m, c in rows
                ],
            )
        return table

    def _counts_table(
        self, *, slug: str, heading: str, column: str, field_name: str, labels: Callable[[str], str]
    ) -> Table:
        rows = self.reader.counts_by(field_name) if self.reader else stats.counts_by(self.cases, field_name)
        return Table(
            slug=slug,
            heading=heading,
            caption=heading,
            columns=[Column(column, Kind.TEXT), Column(_("Cases")), Column(_("Share"), Kind.SHARE)],
            rows=[[labels(value), count, self._share(count)] for value, count in rows],
        )

    def _share(self, count: int) -> float | None:
        return count / self.summary.cases if self.summary.cases else None

    def by_kind(self) -> Table:
        return self._counts_table(
            slug="typ",
            heading=_("Cases by kind"),
            column=_("Kind"),
            field_name="kind",
            labels=lambda value: str(CaseKind(value).label) if value in CaseKind.values else value,
        )

    def by_channel(self) -> Table:
        return self._counts_table(
            slug="kanal",
            heading=_("Cases by channel"),
            column=_("Channel"),
            field_name="channel",
            labels=lambda value: str(Channel(value).label) if value in Channel.values else value,
        )

    def by_sender(self) -> Table:
        return self._counts_table(
            slug="avsandare",
            heading=_("Cases by who wrote"),
            column=_("Who wrote"),
            field_name="sender_role",
            labels=lambda value: str(SenderRole(value).label) if value in SenderRole.values else value,
        )

    @cached_property
    def _by_path(self) -> list[tuple[str, int]]:
        if self.reader:
            return self.reader.counts_by("node_path")
        return stats.counts_by(self.cases, "node_path")

    def by_area(self) -> Table:
        totals: dict[str, int] = {}
        for path, count in self._by_path:
            name = self.area_name(path)
            totals[name] = totals.get(name, 0) + count
        return Table(
            slug="omrade",
            heading=_("Cases by area of operations"),
            caption=_("Cases by area of operations"),
            columns=[
                Column(_("Area of operations"), Kind.TEXT),
                Column(_("Cases")),
                Column(_("Share"), Kind.SHARE),
            ],
            rows=[
                [name, count, self._share(count)]
                for name, count in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
            ],
            about=_("Counted within your part of the organisation only."),
        )

    def by_unit(self) -> Table:
        return Table(
            slug="enhet",
            heading=_("Cases by unit"),
            caption=_("Cases by unit"),
            columns=[
                Column(_("Unit"), Kind.TEXT),
                Column(_("Area of operations"), Kind.TEXT),
                Column(_("Cases")),
                Column(_("Share"), Kind.SHARE),
            ],
            rows=[
                [self.node_name(path), self.area_name(path), count, self._share(count)]
                for path, count in self._by_path
            ],
        )

    @cached_property
    def _category_counts(self) -> stats.CategoryCounts:
        if self.reader:
            return self.reader.counts_by_category(self.categories)
        return stats.counts_by_category(self.cases, self.categories)

    def _category_table(self, dimension: str, slug: str, heading: str, none_label: str) -> Table:
        counts = self._category_counts
        rows = sorted(
            (
                (pk, count)
                for pk, count in counts.by_category.items()
                if pk in self.categories and self.categories[pk].dimension == dimension
            ),
            key=lambda row: (-row[1], self.categories[row[0]].position, row[0]),
        )
        without = counts.without_topic if dimension == CategoryDimension.TOPIC else counts.without_cause
        table = Table(
            slug=slug,
            heading=heading,
            caption=heading,
            columns=[Column(_("Category"), Kind.TEXT), Column(_("Cases")), Column(_("Share"), Kind.SHARE)],
            rows=[[self.categories[pk].label(), count, self._share(count)] for pk, count in rows],
            about=_(
                "A case can concern several things, so the rows can add up to more than the number of cases. "
                "Staff set these at the latest when they close a case."
            ),
        )
        if rows:
            table.chart = charts.bar_chart(
                chart_id=f"chart-{slug}",
                title=heading,
                bars=[
                    charts.Bar(str(row[0]), int(row[1] or 0), display(row[1], Kind.COUNT, self.style))
                    for row in table.rows
                ],
            )
        if without:
            table.rows.append([none_label, without, self._share(without)])
        return table

    def by_topic(self) -> Table:
        return self._category_table(
            CategoryDimension.TOPIC, "amne", _("What the cases concern"), _("Not yet set")
        )

    def by_cause(self) -> Table:
        return self._category_table(
            CategoryDimension.CAUSE, "orsak", _("Causes found"), _("Not yet set, or not a complaint")
        )

    def informed_in_time(self) -> Table:
        steps = (
            self.reader.informed_per_step(self.today)
            if self.reader
            else stats.informed_per_step(self.cases, self.today)
        )
        days = self.scope.organisation.inform_period_days
        table = Table(
            slug="14-dagar",
            heading=_("Informed in time, per step"),
            caption=_("Senders informed of what will happen in time, per step of the ladder"),
            columns=[
                Column(_("Step"), Kind.TEXT),
                Column(_("Counted")),
                Column(_("In time")),
                Column(_("Late")),
                Column(_("Share in time"), Kind.SHARE),
                Column(_("Still running")),
            ],
            rows=[
                [self.step_name(s.step), s.counted, s.in_time, s.late, s.share_in_time, s.running]
                for s in steps
            ],
            about=_(
                "Each step has its own date to inform the sender by, %(days)s days after the case reached it "
                "(your organisation's period). Counted: the sender was informed at the step, or its date has "
                "passed. Informing by the final answer counts. A date not yet passed is still running."
            )
            % {"days": days},
        )
        counted = [s for s in steps if s.counted]
        if counted:
            table.chart = charts.bar_chart(
                chart_id="chart-14-dagar",
                title=table.caption,
                bars=[
                    charts.Bar(
                        self.step_name(s.step),
                        s.share_in_time or 0,
                        display(s.share_in_time, Kind.SHARE, self.style),
                    )
                    for s in counted
                ],
                maximum=1,
            )
        return table

    def time_taken(self) -> Table:
        if self.reader:
            notice, closure = self.reader.days_to_first_notice(), self.reader.days_to_closure()
        else:
            notice, closure = stats.days_to_first_notice(self.cases), stats.days_to_closure(self.cases)
        return Table(
            slug="handlaggningstid",
            heading=_("Time taken"),
            caption=_("Median days from the day received"),
            columns=[
                Column(_("Until"), Kind.TEXT),
                Column(_("Cases")),
                Column(_("Median days"), Kind.DECIMAL),
            ],
            rows=[
                [_("The first notice of what will happen"), notice.cases, notice.median_days],
                [_("Closure"), closure.cases, closure.median_days],
            ],
            about=_(
                "Calendar days. The median: half of the cases took as long or less. Praise has no notice and is "
                "counted only at closure."
            ),
        )

    def escalations(self) -> Table:
        rows = self.reader.escalations_per_step() if self.reader else stats.escalations_per_step(self.cases)
        return Table(
            slug="eskaleringar",
            heading=_("Moved up the ladder"),
            caption=_("Escalations per step"),
            columns=[
                Column(_("From step"), Kind.TEXT),
                Column(_("To step"), Kind.TEXT),
                Column(_("Asked for by the sender")),
                Column(_("By staff")),
                Column(_("In all")),
            ],
            rows=[
                [self.step_name(r.from_step), self.step_name(r.to_step), r.by_sender, r.by_staff, r.total]
                for r in rows
            ],
            about=_("Every move of the cases counted to the next step, whenever it was made."),
        )

    def actions(self) -> Table:
        figures = (
            self.reader.action_follow_up(self.today)
            if self.reader
            else stats.action_follow_up(self.cases, self.today)
        )
        rows: list[list[Value]] = [
            [_("Done, followed up"), figures.done],
            [_("Followed up, not done"), figures.not_done],
            [_("Waiting for their date"), figures.waiting],
            [_("Late: the date has passed without follow-up"), figures.late],
            [_("All actions"), figures.total],
        ]
        table = Table(
            slug="atgarder",
            heading=_("Actions and their follow-up"),
            caption=_("Actions taken on the cases, by follow-up"),
            columns=[Column(_("Follow-up"), Kind.TEXT), Column(_("Actions"))],
            rows=rows if figures.total else [],
            about=_("The manager follows up every action; a case cannot be closed before that."),
        )
        if figures.total:
            table.chart = charts.bar_chart(
                chart_id="chart-atgarder",
                title=table.caption,
                bars=[
                    charts.Bar(str(r[0]), int(r[1] or 0), display(r[1], Kind.COUNT, self.style))
                    for r in rows[:4]
                ],
            )
        return table

    def overdue(self) -> Table:
        rows = (
            self.reader.overdue_now(self.today)
            if self.reader
            else stats.overdue_now(self.scope, self.selection, self.today)
        )
        return Table(
            slug="forsenade",
            heading=_("Overdue now"),
            caption=_("Open cases whose date to inform has passed, per unit, today"),
            columns=[
                Column(_("Unit"), Kind.TEXT),
                Column(_("Area of operations"), Kind.TEXT),
                Column(_("Cases")),
            ],
            rows=[[self.node_name(path), self.area_name(path), count] for path, count in rows],
            about=_("Whenever they were received: the period is left aside, the other filters are not."),
        )

    def units_compared(self) -> Table:
        rates = (
            self.reader.units_compared() if self.reader else stats.units_compared(self.scope, self.selection)
        )
        table = Table(
            slug="enheter-jamforda",
            heading=_("Units compared with their own past"),
            caption=_("Cases per month in the period and in the twelve months before it, per unit"),
            columns=[
                Column(_("Unit"), Kind.TEXT),
                Column(_("Cases in the period")),
                Column(_("Per month"), Kind.DECIMAL),
                Column(_("Per month, the 12 months before"), Kind.DECIMAL),
                Column(_("Change"), Kind.CHANGE),
            ],
            rows=[
                [self.node_name(r.path), r.in_period, r.per_month, r.past_per_month, r.change] for r in rates
            ],
            about=_(
                "Each unit against itself, not against the others: a large unit receives more cases. A change "
                "is shown only where the unit had cases in the year before."
            ),
        )
        if rates:
            table.chart = charts.paired_bar_chart(
                chart_id="chart-enheter",
                title=table.caption,
                series=(_("Per month in the period"), _("Per month, the 12 months before")),
                rows=[
                    charts.Pair(
                        self.node_name(r.path),
                        r.per_month,
                        r.past_per_month,
                        display(r.per_month, Kind.DECIMAL, self.style),
                        display(r.past_per_month, Kind.DECIMAL, self.style),
                    )
                    for r in rates
                ],
            )
        return table

    # The case-level export.

    def case_table(self) -> Table:
        def names(ids: list[int]) -> str:
            return "; ".join(self.categories[pk].label() for pk in ids if pk in self.categories)

        rows: list[list[Value]] = [
            [
                row.reference_number,
                row.received_on.isoformat(),
                str(CaseKind(row.kind).label) if row.kind in CaseKind.values else row.kind,
                str(Channel(row.channel).label) if row.channel in Channel.values else row.channel,
                str(SenderRole(row.sender_role).label)
                if row.sender_role in SenderRole.values
                else row.sender_role,
                self.area_name(row.node_path),
                self.node_name(row.node_path),
                row.step,
                str(CaseState(row.state).label) if row.state in CaseState.values else row.state,
                row.inform_by.isoformat() if row.inform_by else "",
                row.first_notice_on.isoformat() if row.first_notice_on else "",
                row.closed_on.isoformat() if row.closed_on else "",
                row.days_to_first_notice,
                row.days_to_closure,
                names(row.topics),
                names(row.causes),
            ]
            for row in stats.case_rows(self.cases)
        ]
        return Table(
            slug=CASES_SLUG,
            heading=_("Cases"),
            caption=_("The cases counted, one row each, without personal data"),
            columns=[
                Column(_("Reference number"), Kind.TEXT),
                Column(_("Received"), Kind.TEXT),
                Column(_("Kind"), Kind.TEXT),
                Column(_("Channel"), Kind.TEXT),
                Column(_("Who wrote"), Kind.TEXT),
                Column(_("Area of operations"), Kind.TEXT),
                Column(_("Unit"), Kind.TEXT),
                Column(_("Step")),
                Column(_("State"), Kind.TEXT),
                Column(_("Inform by"), Kind.TEXT),
                Column(_("First notice"), Kind.TEXT),
                Column(_("Closed"), Kind.TEXT),
                Column(_("Days to the first notice")),
                Column(_("Days to closure")),
                Column(_("What it concerns"), Kind.TEXT),
                Column(_("Cause found"), Kind.TEXT),
            ],
            rows=rows,
        )


CASES_SLUG = "arenden"

# The page's tables in order, by slug: the exports find their builder here.
TABLES: dict[str, Callable[[Figures], Table]] = {
    "manad": Figures.by_month,
    "typ": Figures.by_kind,
    "kanal": Figures.by_channel,
    "avsandare": Figures.by_sender,
    "omrade": Figures.by_area,
    "enhet": Figures.by_unit,
    "amne": Figures.by_topic,
    "orsak": Figures.by_cause,
    "14-dagar": Figures.informed_in_time,
    "handlaggningstid": Figures.time_taken,
    "eskaleringar": Figures.escalations,
    "atgarder": Figures.actions,
    "forsenade": Figures.overdue,
    "enheter-jamforda": Figures.units_compared,
}
EXPORTABLE = {*TABLES, CASES_SLUG}
