"""The retention pages in the staff frame, for the organisation's archivist: the runs and legal holds, a run's
preview with approval, and its progress while the worker deletes (the page refreshes itself without JavaScript,
with a meta refresh, while the run is under way). References and dates only: no case content is shown here.

Views translate: forms validate, retention.services act. Every change is a POST that redirects (Post/Redirect/Get);
a step refused (a run started twice, approved twice) says why, in the person's language.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_required
from accounts.models import User
from retention import selectors, services
from retention.forms import LegalHoldForm, StartRunForm
from retention.models import RunState
from retention.rules import KEPT_REASON_LABELS

REFRESH_SECONDS = 3


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _archivist(request: HttpRequest) -> User:
    user = _user(request)
    if not selectors.archive_organisations(user).exists():
        raise PermissionDenied
    return user


def _runs_page(
    request: HttpRequest, *, start_form: StartRunForm | None = None, hold_form: LegalHoldForm | None = None
) -> HttpResponse:
    user = _user(request)
    organisations = selectors.archive_organisations(user)
    return TemplateResponse(
        request,
        "retention/runs.html",
        {
            "runs": selectors.runs_for(user)[:50],
            "start_form": start_form or StartRunForm(organisations=organisations),
            "hold_form": hold_form or LegalHoldForm(organisations=organisations),
            "holds": selectors.active_holds_for(user)[:200],
            "has_errors": bool((start_form and start_form.errors) or (hold_form and hold_form.errors)),
        },
        status=400 if (start_form and start_form.errors) or (hold_form and hold_form.errors) else 200,
    )


@staff_required
@require_GET
def runs(request: HttpRequest) -> HttpResponse:
    _archivist(request)
    return _runs_page(request)


@staff_required
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    user = _archivist(request)
    form = StartRunForm(request.POST, organisations=selectors.archive_organisations(user))
    if not form.is_valid():
        return _runs_page(request, start_form=form)
    try:
        run = services.run_preview(organisation=form.cleaned_data["organisation"], acting_user=user)
    except services.RetentionError as error:
        form.add_error("organisation", str(error))
        return _runs_page(request, start_form=form)
    return HttpResponseRedirect(reverse("retention:run", args=[run.pk]))


@staff_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _archivist(request)
    run = get_object_or_404(selectors.runs_for(user), pk=pk)
    under_way = run.state in (RunState.APPROVED, RunState.RUNNING)
    return TemplateResponse(
        request,
        "retention/run.html",
        {
            "run": run,
            "counts": selectors.run_counts(run),
            "reasons": KEPT_REASON_LABELS,
            "items": selectors.run_items_page(run),
            "shown": selectors.PREVIEW_ROWS,
            "under_way": under_way,
            "refresh_seconds": REFRESH_SECONDS if under_way else None,
            "may_decide": run.state == RunState.PREVIEWED,
        },
    )


@staff_required
@require_POST
def run_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    user = _archivist(request)
    run = get_object_or_404(selectors.runs_for(user), pk=pk)
    try:
        if decision == "approve":
            services.run_approve(run=run, acting_user=user)
            messages.success(
                request,
                _(
                    "The run is approved. The records are deleted in the background; this page shows how far it "
                    "has come."
                ),
            )
        else:
            services.run_cancel(run=run, acting_user=user)
            messages.success(request, _("The run is cancelled. Nothing was deleted."))
    except services.RetentionError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(reverse("retention:run", args=[run.pk]))


@staff_required
@require_http_methods(["POST"])
def hold_place(request: HttpRequest) -> HttpResponse:
    user = _archivist(request)
    form = LegalHoldForm(request.POST, organisations=selectors.archive_organisations(user))
    if not form.is_valid():
        return _runs_page(request, hold_form=form)
    assert form.record is not None
    record_class, record_id = form.record
    try:
        services.legal_hold_place(
            record_class=record_class,
            record_id=record_id,
            reason=form.cleaned_data["reason"],
            acting_user=user,
        )
    except services.RetentionError as error:
        form.add_error("reference_number", str(error))
        return _runs_page(request, hold_form=form)
    messages.success(
        request,
        _("%(reference)s is under a legal hold: no run deletes it until the hold is lifted.")
        % {"reference": form.cleaned_data["reference_number"]},
    )
    return HttpResponseRedirect(reverse("retention:runs"))


@staff_required
@require_POST
def hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    user = _archivist(request)
    hold = get_object_or_404(selectors.active_holds_for(user), pk=pk)
    try:
        services.legal_hold_lift(hold=hold, acting_user=user)
        messages.success(request, _("The legal hold is lifted."))
    except services.RetentionError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(reverse("retention:runs"))
