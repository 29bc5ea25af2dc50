"""PDF documents: the paper complaint form, the citizen's pre-filled report to IVO, and staff's letters.

The paper form is the web form printed: its questions come from intake/questions.py, the one source of questions.
The IVO report holds the citizen's own case; it is built only from the case in the citizen's session (never an id
from the request), returned as a download from a POST, and never cached. A letter to the sender is printed by
staff who may see the case (the case page's own selector), and each print is recorded as a read.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import staff_required
from accounts.models import User
from api.exchange import authority_peer, report_send, report_sent_at
from audit.actions import Action
from audit.services import audit_record
from cases.selectors import case_for_staff_read
from citizen.selectors import case_for_citizen
from citizen.views import SESSION_CASE
from core.ratelimit import ratelimit
from documents.letters import letter_filename, message_letter_pdf
from documents.pdf import pdf_render, pdf_response
from documents.selectors import (
    ivo_county_for,
    ivo_region_for,
    letter_message,
    organisation_answers,
    paper_form_sections,
)
from guide.ivo_regions import VERIFIED_ON
from organisations.selectors import organisation_for_citizen_or_first

PAPER_FORM_LANGUAGES = {"sv", "en"}


@require_GET
def paper_form(request: HttpRequest, language: str | None = None) -> HttpResponse:
    """The complaint form as a fillable, tagged PDF, in Swedish or English."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in PAPER_FORM_LANGUAGES:
        raise Http404
    organisation = organisation_for_citizen_or_first(request.session)  # its address is on the form
    if organisation is None:
        raise Http404
    with translation.override(language):
        pdf = pdf_render(
            template_name="documents/paper_form.html",
            context={"organisation": organisation, "sections": paper_form_sections(organisation)},
            request=request,
            forms=True,
        )
    filename = "klagomal-och-synpunkter.pdf" if language == "sv" else "complaints-and-feedback.pdf"
    return pdf_response(pdf, filename=filename, inline=True)


@never_cache
@require_POST
@ratelimit("ivo-report")
def ivo_report(request: HttpRequest) -> HttpResponse:
    """A report to IVO filled in from the citizen's own case (the case of this session only).

    The citizen chooses the county where it happened (`lan`, one of the 21 counties; the organisation's county
    when not given or not a county), and the report names IVO's regional department for that county.
    """
    case_id = request.session.get(SESSION_CASE)
    case = case_for_citizen(case_id) if isinstance(case_id, int) else None
    if case is None:
        return redirect("citizen:start")
    county = ivo_county_for(case, chosen=request.POST.get("lan", ""))
    audit_record(
        action=Action.CITIZEN_VIEWED, case_id=case.pk, actor_label="citizen", data={"document": "ivo_report"}
    )
    pdf = pdf_render(
        template_name="documents/ivo_report.html",
        context={
            "case": case,
            "answers": list(organisation_answers(case)),
            "county": county,
            "region": ivo_region_for(county),
            "regions_verified_on": VERIFIED_ON,
            "today": timezone.localdate(),
        },
        request=request,
        forms=True,
    )
    return pdf_response(pdf, filename="anmalan-till-ivo.pdf")


@never_cache
@require_POST
@ratelimit("ivo-report")
def ivo_report_send(request: HttpRequest) -> HttpResponse:
    """Send the citizen's report to IVO straight to IVO's installation, where the organisation is connected to one
    (api.exchange): once per case; the case page then says when it was sent."""
    case_id = request.session.get(SESSION_CASE)
    case = case_for_citizen(case_id) if isinstance(case_id, int) else None
    if case is None:
        return redirect("citizen:start")
    if authority_peer(case.organisation) is None:
        raise Http404
    if report_sent_at(case) is None:
        county = ivo_county_for(case, chosen=request.POST.get("lan", ""))
        report_send(case=case, acting_user=None, actor_label="citizen", county=county)
    messages.success(request, _("Your report has been sent to IVO. IVO will tell you how it will handle it."))
    return redirect(reverse("citizen:case") + "#ivo-report-heading")


@staff_required
@require_GET
def message_letter(request: HttpRequest, pk: int, message_pk: int) -> HttpResponse:
    """A message of the case to the sender as a letter on paper (a download, never cached). A 404 for a case
    outside the user's part of the tree, and for a message that is not the organisation's to the sender."""
    user = request.user
    assert isinstance(user, User)  # staff_required let only signed-in staff through
    case = case_for_staff_read(user=user, pk=pk, data={"document": "letter", "message": message_pk})
    message = letter_message(case=case, pk=message_pk) if case is not None else None
    if case is None or message is None:
        raise Http404
    return pdf_response(message_letter_pdf(case=case, message=message), filename=letter_filename(case))
