"""The staff pages of requests for public documents: the list (what is due first, overdue marked), registering a
request, and the request page where each part of the case is reviewed and masked, the request decided, and the
redacted copy and decision letter downloaded as PDFs.

Views translate: forms validate, records.services act, records.selectors read through the one access policy. A
request about a case the user may not see is a 404. The request page shows the case's content, so opening it is a
read of the case (cases.selectors.case_for_staff_read). Every change is a POST to its own address that redirects
back to the part it changed (Post/Redirect/Get); on an error the page is shown again with the form's error at that
part and everything typed kept.
"""

from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_required
from accounts.models import User
from cases.policy import cases_visible_to
from cases.selectors import case_for_staff_read
from documents.pdf import pdf_response
from records import copies, forms, redaction, services
from records.models import DocumentRequest, Outcome, PartKind, RequestState
from records.selectors import (
    REQUEST_PAGE_SIZE,
    may_handle,
    request_for_staff,
    request_masks,
    request_reviews,
    requests_for_list,
)
from staff.presentation import page_links


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # staff_required let only signed-in staff through
    return user


def _no_store[R: HttpResponseBase](response: R) -> R:
    response["Cache-Control"] = "no-store, private"
    return response


def _page_number(value: str | None) -> int:
    try:
        return max(int(value or ""), 1)
    except ValueError:
        return 1


def deadline_text(document_request: DocumentRequest, today: Any) -> str:
    if document_request.state != RequestState.RECEIVED:
        return "–"
    days = (document_request.due_on - today).days
    if days < 0:
        return _("Overdue by %(days)s days") % {"days": -days} if days < -1 else _("Overdue by 1 day")
    if days == 0:
        return _("Due today")
    return _("%(days)s days left") % {"days": days} if days > 1 else _("1 day left")


@staff_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """The requests about cases of my part of the tree: open ones by default, the nearest deadline first."""
    user = _user(request)
    form = forms.ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    requests = requests_for_list(
        user=user, state=data.get("state") or "", overdue=bool(data.get("overdue")), today=today
    )
    page = Paginator(requests, REQUEST_PAGE_SIZE).get_page(_page_number(request.GET.get("page")))
    params = {
        key: value for key, value in (("state", data.get("state")), ("overdue", data.get("overdue"))) if value
    }
    base = reverse("records:list")

    def page_url(number: int) -> str:
        query = {**params, **({"page": str(number)} if number > 1 else {})}
        return f"{base}?{urlencode(query)}" if query else base

    rows = [
        {
            "request": item,
            "overdue": item.state == RequestState.RECEIVED and item.due_on < today,
            "deadline": deadline_text(item, today),
        }
        for item in page.object_list
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "page_links": page_links(page, page_url),
        "next_url": page_url(page.next_page_number()) if page.has_next() else None,
        "previous_url": page_url(page.previous_page_number()) if page.has_previous() else None,
    }
    return _no_store(TemplateResponse(request, "records/request_list.html", context))


@staff_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """Register a request that came in person, by phone, by post or by e-mail."""
    user = _user(request)
    form = forms.StaffRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reference = data["reference"].strip().upper()
        case = cases_visible_to(user).filter(reference_number=reference).first()
        if case is None:
            form.add_error(
                "reference",
                _(
                    "There is no case with the reference number %(reference)s in your part of the organisation."
                )
                % {"reference": reference},
            )
        else:
            try:
                created = services.document_request_register(
                    case=case,
                    channel=data["channel"],
                    requester_name=data["requester_name"],
                    requester_contact=data["requester_contact"],
                    received_on=data["received_on"],
                    acting_user=user,
                )
            except services.RecordsError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    _("The request has been registered. Handle it by %(date)s.")
                    % {"date": created.due_on.isoformat()},
                )
                return HttpResponseRedirect(reverse("records:detail", args=[created.pk]))
    return _no_store(TemplateResponse(request, "records/request_new.html", {"form": form}))


# --- One request ------------------------------------------------------------------------------------------------


def _request_or_404(request: HttpRequest, pk: int) -> DocumentRequest:
    found = request_for_staff(user=_user(request), pk=pk)
    if found is None or found.case is None:
        raise Http404
    return found


def _part_forms(part: redaction.Part, bound: dict[str, django_forms.Form]) -> dict[str, Any]:
    prefix = part.anchor
    return {
        "review": bound.get(f"review:{prefix}") or forms.ReviewForm(prefix=f"{prefix}-review"),
        "mask": (bound.get(f"mask:{prefix}") or forms.MaskForm(prefix=f"{prefix}-mask"))
        if part.text is not None
        else None,
        "box": (bound.get(f"box:{prefix}") or forms.BoxMaskForm(prefix=f"{prefix}-box"))
        if part.is_image
        else None,
    }


def _detail(
    request: HttpRequest,
    document_request: DocumentRequest,
    *,
    bound: dict[str, django_forms.Form] | None = None,
    error: str = "",
) -> HttpResponse:
    user = _user(request)
    assert document_request.case_id is not None  # _request_or_404 answers 404 for a deleted case
    case = case_for_staff_read(
        user=user,
        pk=document_request.case_id,
        data={"page": "document_request", "request": document_request.pk},
    )
    if case is None:
        raise Http404
    document_request.case = case
    handling = may_handle(user, document_request) and document_request.state == RequestState.RECEIVED
    reviews = request_reviews(document_request)
    masks = redaction.masks_by_part(request_masks(document_request))
    today = timezone.localdate()
    parts = []
    for part in services.parts_to_review(case):
        part_masks = masks.get((part.kind, part.key), [])
        review = reviews.get((part.kind, part.key))
        ranges = [(m.start, m.end, m.ground.citation) for m in part_masks if m.start is not None]
        parts.append(
            {
                "part": part,
                "review": review,
                "masks": part_masks,
                "segments": redaction.segments(part.text, ranges, keep_text=True)  # type: ignore[arg-type]
                if part.text is not None
                else [],
                "forms": _part_forms(part, bound or {}) if handling else None,
            }
        )
    unreviewed = sum(1 for item in parts if item["review"] is None)
    context = {
        "document_request": document_request,
        "case": case,
        "parts": parts,
        "unreviewed": unreviewed,
        "handling": handling,
        "deadline": deadline_text(document_request, today),
        "overdue": document_request.state == RequestState.RECEIVED and document_request.due_on < today,
        "error": error,
        "error_form": next((form for form in (bound or {}).values() if form.errors), None),
        "has_errors": bool(error) or any(form.errors for form in (bound or {}).values()),
        "has_letter": document_request.outcome in (Outcome.PARTLY_DISCLOSED, Outcome.REFUSED),
    }
    status = 400 if context["has_errors"] else 200
    return _no_store(TemplateResponse(request, "records/request_detail.html", context, status=status))


@staff_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _request_or_404(request, pk))


def _handled_or_404(request: HttpRequest, pk: int) -> DocumentRequest:
    document_request = _request_or_404(request, pk)
    if not may_handle(_user(request), document_request):
        raise Http404
    return document_request


def _part_from_post(request: HttpRequest, document_request: DocumentRequest) -> redaction.Part:
    kind, key = request.POST.get("part_kind", ""), request.POST.get("part_key", "")
    part = (
        redaction.part_of(document_request.case, kind, key)  # type: ignore[arg-type]
        if kind in PartKind.values
        else None
    )
    if part is None:
        raise Http404
    return part


def _back(document_request: DocumentRequest, part: redaction.Part | None = None) -> HttpResponseRedirect:
    url = reverse("records:detail", args=[document_request.pk])
    return HttpResponseRedirect(f"{url}#{part.anchor}" if part else url)


@staff_required
@require_POST
def request_review(request: HttpRequest, pk: int) -> HttpResponse:
    document_request = _handled_or_404(request, pk)
    part = _part_from_post(request, document_request)
    form = forms.ReviewForm(request.POST, prefix=f"{part.anchor}-review")
    if not form.is_valid():
        return _detail(request, document_request, bound={f"review:{part.anchor}": form})
    try:
        services.document_request_review_part(
            request=document_request,
            part_kind=part.kind,
            part_key=part.key,
            withheld_ground=form.cleaned_data["withheld_ground"],
            acting_user=_user(request),
        )
    except services.RecordsError as error:
        return _detail(request, document_request, error=str(error.message))
    messages.success(request, _("%(part)s: the review has been saved.") % {"part": part.label})
    return _back(document_request, part)


@staff_required
@require_POST
def request_mask(request: HttpRequest, pk: int) -> HttpResponse:
    document_request = _handled_or_404(request, pk)
    part = _part_from_post(request, document_request)
    box = request.POST.get("shape") == "box"
    form: django_forms.Form = (
        forms.BoxMaskForm(request.POST, prefix=f"{part.anchor}-box")
        if box
        else forms.MaskForm(request.POST, prefix=f"{part.anchor}-mask")
    )
    key = f"{'box' if box else 'mask'}:{part.anchor}"
    if not form.is_valid():
        return _detail(request, document_request, bound={key: form})
    data = form.cleaned_data
    try:
        services.document_request_mask(
            request=document_request,
            part_kind=part.kind,
            part_key=part.key,
            ground=data["ground"],
            passage=data.get("passage", ""),
            every=bool(data.get("every")),
            box=services.BoxInput(data["left"], data["top"], data["width"], data["height"]) if box else None,
            acting_user=_user(request),
        )
    except services.RecordsError as error:
        form.add_error(None, str(error.message))
        return _detail(request, document_request, bound={key: form})
    messages.success(request, _("%(part)s: the passage has been masked.") % {"part": part.label})
    return _back(document_request, part)


@staff_required
@require_POST
def request_unmask(request: HttpRequest, pk: int, mask_pk: int) -> HttpResponse:
    document_request = _handled_or_404(request, pk)
    try:
        services.document_request_unmask(
            request=document_request, mask_pk=mask_pk, acting_user=_user(request)
        )
    except services.RecordsError as error:
        return _detail(request, document_request, error=str(error.message))
    messages.success(request, _("The masking has been removed."))
    return _back(document_request)


@staff_required
@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    document_request = _handled_or_404(request, pk)
    try:
        decided = services.document_request_decide(request=document_request, acting_user=_user(request))
    except services.RecordsError as error:
        return _detail(request, document_request, error=str(error.message))
    messages.success(
        request, _("The request has been decided: %(outcome)s.") % {"outcome": decided.get_outcome_display()}
    )
    return _back(document_request)


@staff_required
@require_GET
def request_copy_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The redacted copy: before the decision a preview for the reviewer, after it the copy to hand out."""
    document_request = _handled_or_404(request, pk)
    pdf = copies.redacted_copy_pdf(document_request)
    services.document_request_document_record(
        request=document_request, letter=False, acting_user=_user(request)
    )
    return pdf_response(pdf, filename=copies.pdf_filename(document_request, letter=False))


@staff_required
@require_GET
def request_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision letter, for a request refused in whole or in part."""
    document_request = _handled_or_404(request, pk)
    if document_request.outcome not in (Outcome.PARTLY_DISCLOSED, Outcome.REFUSED):
        raise Http404
    pdf = copies.decision_letter_pdf(document_request)
    services.document_request_document_record(
        request=document_request, letter=True, acting_user=_user(request)
    )
    return pdf_response(pdf, filename=copies.pdf_filename(document_request, letter=True))
