"""The public register (diariet): anyone, without logging in, searches the public part of an organisation's
register (reference number, date received, kind, unit, state), a page at a time, and may ask to see a case's
documents. Nothing else is reachable from here: no link to a case, and the rows are dictionaries of those columns
only (records.selectors.register_cases). Only organisations that publish their register have these pages.
"""

import logging
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import CaseKind, CaseState
from core.forms import honeypot_filled
from core.ratelimit import ratelimit
from organisations.models import Organisation
from records import forms, services
from records.models import DocumentRequest, RequestChannel
from records.selectors import (
    REGISTER_PAGE_SIZE,
    case_in_register,
    published_organisation,
    published_organisations,
    register_cases,
)
from staff.presentation import page_links, page_range_text

logger = logging.getLogger(__name__)

SESSION_DONE = "records_request_done"


def _organisation(slug: str) -> Organisation:
    organisation = published_organisation(slug)
    if organisation is None:
        raise Http404
    return organisation


def _page_number(value: str | None) -> int:
    try:
        return max(int(value or ""), 1)
    except ValueError:
        return 1


@require_GET
def register_start(request: HttpRequest) -> HttpResponse:
    """The organisations whose register is published; straight to the register when there is one."""
    organisations = list(published_organisations())
    if len(organisations) == 1:
        return redirect("register:search", slug=organisations[0].slug)
    return TemplateResponse(request, "records/register_start.html", {"organisations": organisations})


@require_GET
def register_search(request: HttpRequest, slug: str) -> HttpResponse:
    """The register's public part, searched by reference number, dates received, kind and unit."""
    organisation = _organisation(slug)
    shows_subject = organisation.records_settings.register_shows_subject
    searched = any(request.GET.get(name) for name in request.GET if name != "page")
    form = forms.RegisterSearchForm(request.GET if searched else None, organisation=organisation)
    form.is_valid()
    paginator = Paginator(
        register_cases(organisation=organisation, filters=form.filters()), REGISTER_PAGE_SIZE
    )
    page = paginator.get_page(_page_number(request.GET.get("page")))
    params = {key: value for key, value in request.GET.items() if key != "page" and value}
    base = reverse("register:search", args=[slug])

    def page_url(number: int) -> str:
        query = {**params, **({"page": str(number)} if number > 1 else {})}
        return f"{base}?{urlencode(query)}" if query else base

    kinds, states = dict(CaseKind.choices), dict(CaseState.choices)
    units = {pk: name for pk, name in form.fields["unit"].choices if pk}  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "organisation": organisation,
        "form": form,
        "page": page,
        "rows": [
            {
                **row,
                "kind_label": kinds.get(row["kind"], row["kind"]),
                "state_label": states.get(row["state"], ""),
                "unit_name": units.get(row["unit_id"], "–"),
            }
            for row in page.object_list  # dictionaries: register_cases reads values()
        ],
        "range_text": page_range_text(page) if paginator.count else "",
        "page_links": page_links(page, page_url),
        "next_url": page_url(page.next_page_number()) if page.has_next() else None,
        "previous_url": page_url(page.previous_page_number()) if page.has_previous() else None,
        "shows_subject": shows_subject,
        "reset_url": base,
    }
    return TemplateResponse(request, "records/register_search.html", context)


@require_http_methods(["GET", "POST"])
@ratelimit("default")
def request_public(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask to see the documents of a case: the reference number, and a name and address only if one wishes."""
    organisation = _organisation(slug)
    form = forms.PublicRequestForm(request.POST or None)
    if request.method == "POST" and honeypot_filled(request):
        logger.info("Request for a public document: honeypot filled; nothing registered")
        request.session[SESSION_DONE] = {"discarded": True, "slug": slug}
        return redirect("register:request_done", slug=slug)
    if request.method == "POST" and form.is_valid():
        case = case_in_register(organisation, form.cleaned_data["reference"])
        if case is None:
            form.add_error(
                "reference",
                _(
                    "There is no case with the reference number %(reference)s in our register. Check the number."
                )
                % {"reference": form.cleaned_data["reference"].strip()},
            )
        else:
            created = services.document_request_register(
                case=case,
                channel=RequestChannel.WEB,
                requester_name=form.cleaned_data["name"],
                requester_contact=form.cleaned_data["contact"],
                acting_user=None,
            )
            request.session[SESSION_DONE] = {"request": created.pk, "slug": slug}
            return redirect("register:request_done", slug=slug)
    return TemplateResponse(
        request, "records/request_public.html", {"organisation": organisation, "form": form}
    )


@never_cache
@require_GET
def request_public_done(request: HttpRequest, slug: str) -> HttpResponse:
    """The request received, its number and the day we answer by; shown once."""
    organisation = _organisation(slug)
    done = request.session.pop(SESSION_DONE, None)
    if not isinstance(done, dict) or done.get("slug") != slug:
        return redirect("register:search", slug=slug)
    created = None
    if not done.get("discarded"):
        request_pk = done.get("request")
        if isinstance(request_pk, int):
            created = DocumentRequest.objects.filter(pk=request_pk, organisation=organisation).first()
    return TemplateResponse(
        request, "records/request_public_done.html", {"organisation": organisation, "created": created}
    )
