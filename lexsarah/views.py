"""The Lex Sarah pages in the staff frame: the list, the record with its timeline and the form for the next step,
reporting a deficiency (anyone who works here), starting an investigation from a case, and the IVO report as a PDF.

Views translate: forms validate, lexsarah.services act, lexsarah.selectors read through the one rule of who may
see a record. A record is a 404 for anyone who may not see it (its existence stays hidden); the list is a 403 for
anyone responsible for no part of the tree. Every page that shows a record records the read. Each step is a POST
to its own address that redirects back to the record (Post/Redirect/Get); on an error the record page is shown
again with that form's errors and everything typed kept.
"""

import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_required
from accounts.models import User
from api.exchange import authority_peer
from cases.selectors import case_for_staff_read
from documents.pdf import pdf_render, pdf_response
from documents.selectors import ivo_region_for
from guide.ivo_regions import VERIFIED_ON, county_named
from lexsarah import forms, services
from lexsarah.lifecycle import LexSarahError, Operation, operations_for
from lexsarah.models import LexSarahRecord
from lexsarah.presentation import deadline_text, due_label, is_overdue, timeline
from lexsarah.selectors import (
    PAGE_SIZE,
    lex_sarah_paths,
    lex_sarah_settings_for,
    may_handle,
    may_start_from_case,
    node_labels,
    record_for_staff,
    record_for_staff_read,
    record_read,
    record_timeline,
    records_for_list,
)

# The reference number of the last report made in this session, for the confirmation page (never in the URL).
LAST_REPORT_SESSION_KEY = "lexsarah_last_report"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # staff_required let only signed-in staff through
    return user


def _no_store[R: HttpResponseBase](response: R) -> R:
    # Lex Sarah records must not stay in shared or browser caches.
    response["Cache-Control"] = "no-store, private"
    return response


# --- The list ---------------------------------------------------------------------------------------------------


@staff_required
@require_GET
def record_list(request: HttpRequest) -> HttpResponse:
    """The records of my part of the tree: open ones by default, the next deadline first, overdue ones marked."""
    user = _user(request)
    paths = lex_sarah_paths(user)
    if not paths:
        raise PermissionDenied
    form = forms.ListFilterForm(request.GET or None)
    filters = form.filters()
    today = timezone.localdate()
    records = records_for_list(user=user, filters=filters, today=today, paths=paths)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("sida"))
    labels = node_labels([record.node for record in page.object_list])
    rows = [
        {
            "record": record,
            "where": labels[record.node_id],
            "overdue": is_overdue(record, today),
            "due_label": due_label(record),
            "deadline": deadline_text(record.due_on, today),
        }
        for record in page.object_list
    ]
    query = urlencode(form.query())
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query,
        "has_errors": bool(form.errors),
    }
    return _no_store(TemplateResponse(request, "lexsarah/list.html", context))


# --- Reporting ----------------------------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    """Report a serious deficiency, or a clear risk of one: anyone with a role, about their part of the tree."""
    user = _user(request)
    form = forms.StaffReportForm(request.POST if request.method == "POST" else None, user=user)
    if not form.nodes:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            record = services.lex_sarah_report(
                node=form.cleaned_data["node"],
                reported_by=user,
                what_happened=form.cleaned_data["what_happened"],
                occurred_on=form.cleaned_data["occurred_on"],
                person_concerned=form.cleaned_data["person_concerned"],
                immediate_actions=form.cleaned_data["immediate_actions"],
            )
        except LexSarahError as error:
            form.add_error(None, str(error.message))
        else:
            return _after_report(request, record)
    context = {"form": form, "case": None, "starts_investigation": False}
    return _no_store(TemplateResponse(request, "lexsarah/report.html", context))


def _after_report(request: HttpRequest, record: LexSarahRecord) -> HttpResponse:
    """To the record for someone who may see it; to the confirmation, with its number only, for anyone else."""
    if may_handle(request.user, record):
        messages.success(
            request, _("The report has been registered as %(reference)s.") % {"reference": record}
        )
        return HttpResponseRedirect(reverse("lexsarah:detail", args=[record.pk]))
    request.session[LAST_REPORT_SESSION_KEY] = record.reference_number
    return HttpResponseRedirect(reverse("lexsarah:report_done"))


@staff_required
@require_GET
def report_done(request: HttpRequest) -> HttpResponse:
    """The confirmation for the reporter: the record's number and what happens next, nothing more."""
    reference = request.session.get(LAST_REPORT_SESSION_KEY)
    if not isinstance(reference, str):
        return HttpResponseRedirect(reverse("lexsarah:report"))
    return _no_store(TemplateResponse(request, "lexsarah/report_done.html", {"reference": reference}))


@staff_required
@require_http_methods(["GET", "POST"])
def report_from_case(request: HttpRequest, case_pk: int) -> HttpResponse:
    """From a case that may reveal a serious deficiency: the person responsible for Lex Sarah starts the
    investigation at once ("Starta Lex Sarah-utredning"); anyone else who may read the case reports it, linked to
    the case. A 404 for a case the user may not read."""
    user = _user(request)
    case = case_for_staff_read(user=user, pk=case_pk, data={"page": "lex_sarah"})
    if case is None:
        raise Http404
    starts = may_start_from_case(user, case)
    form = forms.StaffReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        values = {
            name: form.cleaned_data[name] for name in forms.StaffReportForm.base_fields if name != "node"
        }
        try:
            if starts:
                record = services.lex_sarah_start_from_case(case=case, acting_user=user, **values)
            else:
                record = services.lex_sarah_report(
                    node=services.case_node(case), reported_by=user, case=case, **values
                )
        except LexSarahError as error:
            form.add_error(None, str(error.message))
        except PermissionDenied as error:
            raise Http404 from error
        else:
            return _after_report(request, record)
    context = {
        "form": form,
        "case": case,
        "starts_investigation": starts,
        "site_organisation": case.organisation,
    }
    return _no_store(TemplateResponse(request, "lexsarah/report.html", context))


# --- One record ---------------------------------------------------------------------------------------------------

# The form of each step, as the record page offers it.
STEP_FORMS: dict[Operation, type[Form]] = {
    Operation.START_INVESTIGATION: forms.StartInvestigationForm,
    Operation.RECORD_INVESTIGATION: forms.InvestigationForm,
    Operation.ASSESS: forms.AssessmentForm,
    Operation.REPORT_TO_IVO: forms.IvoReportForm,
    Operation.RECORD_IVO_REFERENCE: forms.IvoReferenceForm,
    Operation.CLOSE: forms.CloseForm,
    Operation.LINK_CASE: forms.LinkCaseForm,
}


def _step_form(operation: Operation, record: LexSarahRecord, user: User, data: Any = None) -> Form:
    if operation == Operation.RECORD_INVESTIGATION:
        return forms.InvestigationForm.for_record(record, data)
    if operation == Operation.LINK_CASE:
        return forms.LinkCaseForm(data, user=user, record=record)
    if operation == Operation.REPORT_TO_IVO:
        return forms.IvoReportForm(data, electronic=authority_peer(record.organisation) is not None)
    return STEP_FORMS[operation](data)


def _record_page(
    request: HttpRequest, record: LexSarahRecord, *, bound: tuple[Operation, Form] | None = None
) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    offered = operations_for(record)
    step_forms = {str(op): _step_form(op, record, user) for op in offered}
    # The errors of a step the record's state no longer offers (someone else got there first) are said above the
    # record, as there is no form of that step to show them in.
    refused: list[str] = []
    if bound is not None:
        if bound[0] in offered:
            step_forms[str(bound[0])] = bound[1]
        else:
            refused = [str(error) for error in bound[1].non_field_errors()] or [
                _("This cannot be done in the record's present state.")
            ]
    context = {
        "record": record,
        "where": node_labels([record.node])[record.node_id],
        "overdue": is_overdue(record, today),
        "due_label": due_label(record),
        "deadline": deadline_text(record.due_on, today),
        "investigation_overdue": record.investigation_started_at is None and record.investigation_due < today,
        "timeline": timeline(record_timeline(record)),
        "forms": step_forms,
        "refused": refused,
        "may_print": record.is_reportable,
        "settings": lex_sarah_settings_for(record.organisation),
        "error_form": bound[1] if bound is not None else None,
        "has_errors": bound is not None and bool(bound[1].errors),
        "site_organisation": record.organisation,
    }
    return _no_store(TemplateResponse(request, "lexsarah/detail.html", context))


@staff_required
@require_GET
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_for_staff_read(user=_user(request), pk=pk)
    if record is None:
        raise Http404
    return _record_page(request, record)


# Where the page goes back to after each step: the part of the record page it changed.
ANCHORS = {
    Operation.START_INVESTIGATION: "investigation",
    Operation.RECORD_INVESTIGATION: "investigation",
    Operation.ASSESS: "assessment",
    Operation.REPORT_TO_IVO: "ivo",
    Operation.RECORD_IVO_REFERENCE: "ivo",
    Operation.CLOSE: "record-heading",
    Operation.LINK_CASE: "record-heading",
}


def _done_message(operation: Operation) -> str:
    return {
        Operation.START_INVESTIGATION: _("The investigation has started. You are its investigator."),
        Operation.RECORD_INVESTIGATION: _("The investigation has been saved."),
        Operation.ASSESS: _("The assessment has been recorded."),
        Operation.REPORT_TO_IVO: _("The report to IVO has been recorded."),
        Operation.RECORD_IVO_REFERENCE: _("IVO's reference number has been recorded."),
        Operation.CLOSE: _("The record has been closed."),
        Operation.LINK_CASE: _("The record has been linked to the case."),
    }[operation]


def _perform(operation: Operation, record: LexSarahRecord, user: User, data: dict[str, Any]) -> None:
    if operation == Operation.START_INVESTIGATION:
        services.lex_sarah_start_investigation(record=record, acting_user=user)
    elif operation == Operation.RECORD_INVESTIGATION:
        services.lex_sarah_investigation_record(record=record, acting_user=user, **data)
    elif operation == Operation.ASSESS:
        services.lex_sarah_assess(
            record=record, acting_user=user, assessment=data["assessment"], reasoning=data["reasoning"]
        )
    elif operation == Operation.REPORT_TO_IVO:
        services.lex_sarah_report_to_ivo(
            record=record,
            acting_user=user,
            sent_on=data["sent_on"],
            ivo_reference=data["ivo_reference"],
            send_electronically=data.get("send_electronically", False),
        )
    elif operation == Operation.RECORD_IVO_REFERENCE:
        services.lex_sarah_ivo_reference_record(
            record=record, acting_user=user, ivo_reference=data["ivo_reference"]
        )
    elif operation == Operation.CLOSE:
        services.lex_sarah_close(record=record, acting_user=user, note=data["note"])
    elif operation == Operation.LINK_CASE:
        services.lex_sarah_case_link(record=record, case=data["reference"], acting_user=user)


@staff_required
@require_POST
def record_step(request: HttpRequest, pk: int, operation: str) -> HttpResponse:
    """One step of the record's lifecycle (lexsarah/urls.py names each), then back to the record."""
    user = _user(request)
    step = Operation(operation)
    record = record_for_staff_read(user=user, pk=pk, data={"step": str(step)})
    if record is None:
        raise Http404
    form = _step_form(step, record, user, request.POST)
    if form.is_valid():
        try:
            _perform(step, record, user, form.cleaned_data)
        except LexSarahError as error:
            form.add_error(None, str(error.message))
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _done_message(step))
            return HttpResponseRedirect(reverse("lexsarah:detail", args=[record.pk]) + f"#{ANCHORS[step]}")
    return _record_page(request, record, bound=(step, form))


# --- The report to IVO as a PDF -----------------------------------------------------------------------------------


@staff_required
@require_GET
def ivo_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report to IVO as a tagged PDF: the facts IVO's form asks for and the investigation, for a record
    assessed as a serious deficiency or a clear risk of one. Each print is recorded as a read."""
    user = _user(request)
    record = record_for_staff(user=user, pk=pk)
    if record is None or not record.is_reportable:
        raise Http404
    record_read(user=user, record=record, data={"document": "ivo_report"})
    county = county_named(record.organisation.county or "") or ""
    pdf = pdf_render(
        template_name="lexsarah/ivo_report_pdf.html",
        context={
            "record": record,
            "where": node_labels([record.node])[record.node_id],
            "county": county,
            "region": ivo_region_for(county),
            "regions_verified_on": VERIFIED_ON,
            "today": timezone.localdate(),
            "site_organisation": record.organisation,
        },
        request=request,
    )
    filename = "lex-sarah-" + re.sub(r"[^A-Za-z0-9]+", "-", record.reference_number).strip("-") + ".pdf"
    return pdf_response(pdf, filename=filename)
