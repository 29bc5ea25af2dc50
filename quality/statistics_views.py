"""The statistics' pages (issue 18.2 and 18.3): the figures with their charts and tables, and each table as a file.

Only staff who hold a statistics role (quality.statistics.STATISTICS_ROLES) reach them; anyone else gets 404, as
for the other pages that would reveal something by existing. With roles in several organisations the reader
chooses one at a time. Viewing the figures is not audited (counts, not case data); every export is
(quality.services.statistics_export_record). The figures are read from the read replica when one is configured
(core.routers); who may see what is read from the primary."""

from datetime import date
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.decorators import staff_required
from accounts.models import User
from core.kept import kept
from core.routers import analysis_reads
from organisations.models import Organisation
from quality.exports import file_response, table_csv, table_xlsx
from quality.forms import StatisticsFilterForm, selection_params
from quality.services import statistics_export_record
from quality.statistics import (
    StatisticsFilter,
    add_months,
    month_start,
    organisation_categories,
    statistics_organisations,
    statistics_scope,
    step_names,
)
from quality.summary import SummaryReader, summary_version
from quality.tables import CASES_SLUG, EXPORTABLE, TABLES, Figures

FORMATS = ("csv", "xlsx")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _filter_form(request: HttpRequest, today: date) -> tuple[StatisticsFilterForm, Organisation]:
    """The filter form for the reader, bound to the query string if there is one; 404 without a statistics role."""
    user = _user(request)
    organisations = statistics_organisations(user)
    if not organisations:
        raise Http404
    chosen = request.GET.get("organisation")
    organisation = next((o for o in organisations if o.slug == chosen), organisations[0])
    scope = statistics_scope(user, organisation)
    form = StatisticsFilterForm(
        request.GET or None,
        organisations=organisations,
        scope=scope,
        categories=organisation_categories(organisation),
        today=today,
        initial={"organisation": organisation.slug},
    )
    form.is_valid()
    return form, organisation


def _periods(organisation: Organisation, today: date) -> list[tuple[str, str]]:
    """Quick choices of period: the last twelve months, this year so far, and last year (the quality report's)."""
    this_month = month_start(today)
    periods = [
        (translation.gettext("The last 12 months"), add_months(this_month, -11), this_month),
        (translation.gettext("This year so far"), date(today.year, 1, 1), this_month),
        (
            translation.gettext("Last year, %(year)s") % {"year": today.year - 1},
            date(today.year - 1, 1, 1),
            date(today.year - 1, 12, 1),
        ),
    ]
    return [
        (
            label,
            "?"
            + urlencode(selection_params(organisation, StatisticsFilter(first_month=first, last_month=last))),
        )
        for label, first, last in periods
    ]


def _figures_material(
    form: StatisticsFilterForm, selection: StatisticsFilter, today: date, version: int
) -> tuple[object, ...]:
    """Everything one rendering of the figures is drawn from (core.kept). The summary's version
    (quality.summary.summary_version) changes with every change to the organisation's figures; the rest is the
    day (what is late depends on it), the language, the filter, and the names the tables print (the nodes in
    reach, the categories, the ladder's steps), so that a renamed unit or step is never shown by its old name."""
    scope = form.scope
    return (
        scope.organisation.pk,
        version,
        today.isoformat(),
        translation.get_language(),
        sorted(selection.codes().items()),
        scope.paths,
        sorted((n.pk, n.parent_id, n.path, n.kind, n.name, n.is_active) for n in scope.names.values()),
        sorted(
            (c.pk, c.dimension, c.code, c.name, c.name_en, c.position, c.is_active)
            for c in form.categories.values()
        ),
        step_names(scope.organisation),
    )


def _figures_html(
    request: HttpRequest,
    form: StatisticsFilterForm,
    organisation: Organisation,
    selection: StatisticsFilter,
    today: date,
) -> SafeString:
    """The figures' part of the page: the summary and every table with its chart and export links."""
    query = urlencode(selection_params(organisation, selection))
    with (
        analysis_reads()
    ):  # from the read replica, if there is one (who may see what was read before, on the primary)
        figures = Figures(form.scope, selection, today, categories=form.categories)
        if figures.summary.cases:
            tables = [build(figures) for build in TABLES.values()]
        else:
            overdue = figures.overdue()
            tables = [overdue] if overdue.rows else []
    exports = {
        table.slug: [
            (file_format, f"{reverse('statistics:export', args=[table.slug, file_format])}?{query}")
            for file_format in FORMATS
        ]
        for table in tables
    }
    context = {
        "selection": selection,
        "summary": figures.summary,
        "sections": [(table, exports[table.slug]) for table in tables],
        "case_exports": [
            (file_format, f"{reverse('statistics:export', args=[CASES_SLUG, file_format])}?{query}")
            for file_format in FORMATS
        ],
    }
    return mark_safe(render_to_string("quality/includes/statistics_figures.html", context, request))  # noqa: S308


@never_cache
@staff_required
@require_http_methods(["GET"])
def statistics(request: HttpRequest) -> HttpResponse:
    """The figures, drawn once per change: the summary's figures for the same reader's part, filter, day and
    language are kept rendered in the cache (docs/decisions/0034), as most readers open the same page again
    (the period they follow, then a filter and back) while the figures change a few times a day per unit.
    A filter the summary does not answer (a kind, channel, sender, topic or cause) is counted afresh each time."""
    today = timezone.localdate()
    form, organisation = _filter_form(request, today)
    selection = form.selection()

    def draw() -> SafeString:
        return _figures_html(request, form, organisation, selection, today)

    if SummaryReader.applies(selection) and form.scope.paths:
        with analysis_reads():  # the version of the figures that will be read, from where they are read
            version = summary_version(organisation.pk)
        figures_html = kept("statistics", _figures_material(form, selection, today, version), draw)
    else:
        figures_html = draw()
    context = {
        "form": form,
        "organisation": organisation,
        "figures_html": figures_html,
        "periods": _periods(organisation, today),
        "several_organisations": len(form.fields["organisation"].choices) > 1,  # type: ignore[attr-defined]
    }
    response = TemplateResponse(request, "quality/statistics.html", context)
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@staff_required
@require_http_methods(["GET"])
def statistics_export(request: HttpRequest, table: str, file_format: str) -> HttpResponse:
    if table not in EXPORTABLE or file_format not in FORMATS:
        raise Http404
    today = timezone.localdate()
    form, organisation = _filter_form(request, today)
    if form.is_bound and not form.is_valid():
        # A file is made only from a filter that holds: the page says what is wrong.
        raise Http404
    selection = form.selection()
    with (
        analysis_reads()
    ):  # the export's rows from the replica, if there is one; its audit row to the primary
        figures = Figures(form.scope, selection, today, categories=form.categories)
        built = figures.case_table() if table == CASES_SLUG else TABLES[table](figures)
    statistics_export_record(
        user=_user(request),
        organisation=organisation,
        table=table,
        file_format=file_format,
        selection=selection.codes(),
        rows=len(built.rows),
        case_level=table == CASES_SLUG,
    )
    period = f"{selection.first_month:%Y-%m}--{selection.last_month:%Y-%m}"
    filename = f"{organisation.slug}-{table}-{period}.{file_format}"
    if file_format == "csv":
        language = translation.get_language() or "sv"
        content = table_csv(built, swedish=language.startswith("sv"))
    else:
        content = table_xlsx(built, sheet_name=built.heading)
    return file_response(content, filename=filename, file_format=file_format)
