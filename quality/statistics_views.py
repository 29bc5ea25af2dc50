"""The statistics' pages (issue 18.2 and 18.3): the figures with their charts and tables, and each table as a file.

Only staff who hold a statistics role (quality.statistics.STATISTICS_ROLES) reach them; anyone else gets 404, as
for the other pages that would reveal something by existing. With roles in several organisations the reader
chooses one at a time. Viewing the figures is not audited (counts, not case data); every export is
(quality.services.statistics_export_record). The figures are read from the read replica when one is configured
(core.routers); who may see what is read from the primary."""

from datetime import date
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.decorators import staff_required
from accounts.models import User
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
)
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


@never_cache
@staff_required
@require_http_methods(["GET"])
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form, organisation = _filter_form(request, today)
    selection = form.selection()
    query = urlencode(selection_params(organisation, selection))
    with (
        analysis_reads()
    ):  # from the read replica, if there is one (who may see what was read above, on the primary)
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
        "form": form,
        "organisation": organisation,
        "selection": selection,
        "summary": figures.summary,
        "sections": [(table, exports[table.slug]) for table in tables],
        "case_exports": [
            (file_format, f"{reverse('statistics:export', args=[CASES_SLUG, file_format])}?{query}")
            for file_format in FORMATS
        ],
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
