"""The accessibility statement, the form to report a problem, and its confirmation (post/redirect/get)."""

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accessibility import statement
from accessibility.forms import ProblemReportForm
from accessibility.services import accessibility_problem_report
from cases.models import Case
from core.forms import honeypot_filled
from core.ratelimit import ratelimit
from organisations.models import Organisation

SESSION_DONE = "accessibility_report_done"

logger = logging.getLogger(__name__)


def _organisation() -> Organisation:
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        raise Http404
    return organisation


@require_GET
def statement_page(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "accessibility/statement.html",
        {
            "prepared_on": statement.PREPARED_ON,
            "reviewed_on": statement.REVIEWED_ON,
            "standard": statement.STANDARD,
        },
    )


@require_http_methods(["GET", "POST"])
@ratelimit("accessibility-report")
def report(request: HttpRequest) -> HttpResponse:
    organisation = _organisation()
    form = ProblemReportForm(request.POST or None)
    if request.method == "POST" and honeypot_filled(request):
        # A bot: register nothing, and answer as if all went well so that it learns nothing.
        logger.info("Accessibility report: honeypot filled; nothing registered")
        request.session[SESSION_DONE] = {"discarded": True}
        return redirect("accessibility:thanks")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        registration = accessibility_problem_report(
            organisation=organisation,
            description=data["description"],
            where=data["where"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            language=translation.get_language() or "sv",
        )
        request.session[SESSION_DONE] = {
            "case_id": registration.case.pk,
            "secret": registration.receipt_secret,
        }
        return redirect("accessibility:thanks")
    return TemplateResponse(request, "accessibility/report.html", {"form": form})


@never_cache
@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    """The reference number and the answer date, shown once; the receipt secret is not kept in the session."""
    done = request.session.pop(SESSION_DONE, None)
    if isinstance(done, dict) and done.get("discarded"):
        return TemplateResponse(request, "accessibility/thanks.html", {"case": None, "discarded": True})
    case_id = done.get("case_id") if isinstance(done, dict) else None
    case = Case.objects.filter(pk=case_id).first() if isinstance(case_id, int) else None
    if case is None:
        return redirect("accessibility:statement")
    return TemplateResponse(
        request, "accessibility/thanks.html", {"case": case, "secret": done.get("secret")}
    )  # type: ignore[union-attr]
