"""The annual quality report's pages (issue 18.4): which reports there are, one report on the page and as a
tagged PDF, and the form its texts are written in. Under the statistics in the staff navigation.

Who: the statistics' readers (quality.statistics.STATISTICS_ROLES), each for the parts of the tree in their scope
(quality.report.report_nodes); the texts are written by quality developers (quality.report.may_write). Anyone
else gets 404. Every reading of a report, on the page or as a PDF, is recorded in the audit trail; so is every
save of its texts (quality.services)."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.decorators import staff_required
from accounts.models import User
from documents.pdf import pdf_render, pdf_response
from organisations.models import OrgNode
from quality.forms import QualityReportForm, scope_node_label
from quality.report import Material, may_write, report_for, report_material, report_nodes
from quality.services import StaleReport, quality_report_read_record, quality_report_save
from quality.statistics import (
    StatisticsScope,
    organisation_categories,
    statistics_organisations,
    statistics_scope,
)

# How many years back the list offers.
REPORT_YEARS = 6


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    return response


def _years(today: date) -> list[int]:
    return list(range(today.year, today.year - REPORT_YEARS, -1))


def _node_and_scope(request: HttpRequest, node_id: int, year: int) -> tuple[OrgNode, StatisticsScope]:
    """The node if the reader may have its report, with their scope; 404 otherwise (nothing is revealed)."""
    user = _user(request)
    if year not in _years(timezone.localdate()):
        raise Http404
    node = OrgNode.objects.select_related("organisation").filter(pk=node_id).first()
    if node is None or node.organisation not in statistics_organisations(user):
        raise Http404
    scope = statistics_scope(user, node.organisation)
    if node not in report_nodes(scope):
        raise Http404
    return node, scope


def _material(node: OrgNode, scope: StatisticsScope, year: int) -> Material:
    return report_material(
        scope=scope,
        node=node,
        year=year,
        today=timezone.localdate(),
        categories=organisation_categories(node.organisation),
    )


@never_cache
@staff_required
@require_http_methods(["GET"])
def report_list(request: HttpRequest) -> HttpResponse:
    """The parts of the tree the reader may have a report for, for a year (last year unless chosen)."""
    user = _user(request)
    organisations = statistics_organisations(user)
    if not organisations:
        raise Http404
    organisation = next(
        (o for o in organisations if o.slug == request.GET.get("organisation")), organisations[0]
    )
    today = timezone.localdate()
    years = _years(today)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = today.year - 1
    if year not in years:
        year = today.year - 1
    scope = statistics_scope(user, organisation)
    nodes = report_nodes(scope)
    saved = {
        report.node_id: report
        for report in organisation.quality_reports.filter(year=year, node__in=nodes).select_related(
            "updated_by"
        )
    }
    rows = [
        {
            "node": node,
            "label": scope_node_label(node, scope) if node.parent_id else node.name,
            "report": saved.get(node.pk),
            "url": reverse("statistics:report", args=[node.pk, year]),
        }
        for node in nodes
    ]
    context = {
        "organisation": organisation,
        "organisations": organisations,
        "year": year,
        "years": years,
        "rows": rows,
    }
    return _no_store(TemplateResponse(request, "quality/report_list.html", context))


def _context(node: OrgNode, scope: StatisticsScope, material: Material, user: User) -> dict[str, object]:
    return {
        "node": node,
        "organisation": node.organisation,
        "node_label": scope_node_label(node, scope) if node.parent_id else "",
        "material": material,
        "year": material.year,
        "may_write": may_write(user, node),
        "today": timezone.localdate(),
    }


@never_cache
@staff_required
@require_http_methods(["GET"])
def report(request: HttpRequest, node_id: int, year: int) -> HttpResponse:
    node, scope = _node_and_scope(request, node_id, year)
    material = _material(node, scope, year)
    quality_report_read_record(user=_user(request), node=node, year=year, file_format="html")
    return _no_store(
        TemplateResponse(request, "quality/report.html", _context(node, scope, material, _user(request)))
    )


@never_cache
@staff_required
@require_http_methods(["GET"])
def report_pdf(request: HttpRequest, node_id: int, year: int) -> HttpResponse:
    node, scope = _node_and_scope(request, node_id, year)
    material = _material(node, scope, year)
    quality_report_read_record(user=_user(request), node=node, year=year, file_format="pdf")
    pdf = pdf_render(
        template_name="quality/report_pdf.html",
        context=_context(node, scope, material, _user(request)),
        request=request,
    )
    # Translators: the start of a file name, in lower case without spaces.
    stem = translation.pgettext("file name", "quality-report")
    return pdf_response(pdf, filename=f"{stem}-{year}-{node.pk}.pdf")


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, node_id: int, year: int) -> HttpResponse:
    node, scope = _node_and_scope(request, node_id, year)
    user = _user(request)
    if not may_write(user, node):
        raise Http404
    saved = report_for(node, year)
    initial: dict[str, object] = {name: text for name, _heading, text in saved.sections()}
    initial["version"] = saved.version
    form = QualityReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            quality_report_save(
                node=node,
                year=year,
                texts=form.texts(),
                version=form.cleaned_data["version"],
                acting_user=user,
            )
        except StaleReport:
            current = report_for(node, year)
            # What was typed stays; the next save replaces the newer text, knowingly.
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = QualityReportForm(data, initial=initial)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "%(name)s saved this report at %(time)s, after you opened it. Your text is kept below. Open "
                    "the report in a new tab to compare, then save again to replace theirs."
                )
                % {
                    "name": current.updated_by.get_full_name() if current.updated_by else _("Someone"),
                    "time": formats.time_format(timezone.localtime(current.updated_at), "H:i")
                    if current.updated_at
                    else "",
                },
            )
        else:
            messages.success(request, _("The draft has been saved."))
            return HttpResponseRedirect(reverse("statistics:report", args=[node.pk, year]))
    context = {
        "form": form,
        "node": node,
        "organisation": node.organisation,
        "node_label": scope_node_label(node, scope) if node.parent_id else "",
        "year": year,
        "saved": saved,
    }
    return _no_store(TemplateResponse(request, "quality/report_edit.html", context))
