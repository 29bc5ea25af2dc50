"""The citizen's pages: logging in to follow a case, the case page, replying, the next step, withdrawing.

A citizen is "logged in" to one case at a time: its id is kept in the session (never in a URL), and the session key
is rotated at log-in. Nothing changes on GET: mailed links open a page with a button. Pages are never cached,
since they may be read on a shared computer.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from audit.actions import Action
from audit.services import audit_record
from bankid.identity import session_person
from bankid.services import bankid_enabled
from cases import receipts
from cases.lifecycle import CaseError
from cases.models import Case
from cases.services import case_escalate, case_withdraw, message_add
from citizen.forms import ConfirmForm, EscalateForm, LinkRequestForm, ReceiptLoginForm, ReplyForm
from citizen.selectors import (
    attachment_for_citizen,
    case_for_citizen,
    case_for_person,
    case_overview,
    cases_for_person,
    messages_for_citizen,
)
from citizen.services import case_for_link, case_for_receipt, citizen_link_request, citizen_link_used
from core.ratelimit import limit_exceeded, too_many_requests

SESSION_CASE = "citizen_case_id"


def _log_in(request: HttpRequest, case: Case) -> None:
    # A new session key: a key planted before log-in is worthless after it (session fixation).
    request.session.cycle_key()
    request.session[SESSION_CASE] = case.pk


def _session_case(request: HttpRequest) -> Case | None:
    case_id = request.session.get(SESSION_CASE)
    if not isinstance(case_id, int):
        return None
    return case_for_citizen(case_id)


def citizen_case_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Give the view the case of this session, or send the person to the log-in page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        case = _session_case(request)
        if case is None:
            request.session.pop(SESSION_CASE, None)
            messages.info(request, _("Log in with your receipt code and secret to see your case."))
            return redirect("citizen:start")
        return view(request, case, *args, **kwargs)

    return wrapped


def _too_many(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The page itself, with what was typed still in it, and a message saying how long to wait."""
    retry_after = int(getattr(request, "ratelimit_retry_after", 60))
    context = {
        **context,
        "limited": True,
        "limit_minutes": max(1, (retry_after + 59) // 60),
        "has_errors": True,
    }
    response = TemplateResponse(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _limited(request: HttpRequest, scope: str, case: Case) -> bool:
    """Count a POST on the case page against `scope`, per address and per case (a stolen session gains nothing
    from many addresses). The caller answers with the page itself, what was typed kept, and a 429."""
    return limit_exceeded(request, scope=scope, key=f"case:{case.pk}")


def _limit_message(request: HttpRequest) -> str:
    minutes = max(1, (int(getattr(request, "ratelimit_retry_after", 60)) + 59) // 60)
    return ngettext(
        "You have sent many times in a short while. For your safety, wait %(minutes)d minute and try again.",
        "You have sent many times in a short while. For your safety, wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def _with_retry_after(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(int(getattr(request, "ratelimit_retry_after", 60)))
    return response


# --- log in with the receipt code and secret -------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Log in to a case with the receipt code and secret (POSTed, never in the address)."""
    form = ReceiptLoginForm(request.POST or None)
    template = "citizen/start.html"
    if request.method == "POST":
        # Counted per address and per receipt code (core/ratelimit.py): spreading guesses over many addresses
        # does not help against one code.
        code_key = receipts.format_code(request.POST.get("code", ""))
        if limit_exceeded(request, scope="citizen-login", key=code_key or None):
            return _too_many(request, template, {"form": form})
        if form.is_valid():
            case = case_for_receipt(code=form.cleaned_data["code"], secret=form.cleaned_data["secret"])
            if case is not None:
                _log_in(request, case)
                return redirect("citizen:case")
            # The same words whether the code exists or not: the page must not confirm that a case exists.
            form.add_error(
                None,
                _(
                    "The receipt code or the secret is not right. Check them against your receipt and try again."
                ),
            )
    return TemplateResponse(request, template, {"form": form, "bankid_enabled": bankid_enabled()})


# --- mailed links ---------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    """A mailed link: GET shows a page with a button; only the POST logs in (mail scanners follow GETs)."""
    template = "citizen/link.html"
    if limit_exceeded(request, scope="citizen-link"):
        return _too_many(request, template, {})
    case = case_for_link(token)
    if case is None:
        return TemplateResponse(request, template, {"invalid": True}, status=404)
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        if form.is_valid():
            citizen_link_used(token)
            _log_in(request, case)
            return redirect("citizen:case")
    return TemplateResponse(request, template, {"invalid": False, "form": ConfirmForm()})


@never_cache
@require_http_methods(["GET", "POST"])
def link_request(request: HttpRequest) -> HttpResponse:
    """An identified sender asks for a link by e-mail. The answer is the same whether anything matched or not."""
    template = "citizen/link_request.html"
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST":
        email_key = request.POST.get("email", "").strip().lower()
        if limit_exceeded(request, scope="link-request", key=email_key or None):
            return _too_many(request, template, {"form": form})
        if form.is_valid():
            citizen_link_request(
                email=form.cleaned_data["email"], reference_number=form.cleaned_data["reference_number"]
            )
            return TemplateResponse(request, "citizen/link_requested.html", {})
    return TemplateResponse(request, template, {"form": form})


# --- the case page --------------------------------------------------------------------------------------------


def _case_page(
    request: HttpRequest, case: Case, *, reply_form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    """Render the case page; every rendering is a read of the case by the citizen, and is audited."""
    reply_form = reply_form or ReplyForm()
    overview = case_overview(case)
    audit_record(action=Action.CITIZEN_VIEWED, case_id=case.pk, actor_label="citizen")
    context = {
        "case": case,
        "overview": overview,
        "thread": list(messages_for_citizen(case)),
        "form": reply_form,
        "person": session_person(request.session),
    }
    return TemplateResponse(request, "citizen/case.html", context, status=status)


@never_cache
@require_http_methods(["GET"])
@citizen_case_required
def case_page(request: HttpRequest, case: Case) -> HttpResponse:
    return _case_page(request, case)


@never_cache
@require_POST
@citizen_case_required
def reply(request: HttpRequest, case: Case) -> HttpResponse:
    form = ReplyForm(request.POST, request.FILES)
    if _limited(request, "citizen-message", case):
        form.is_valid()  # so that the page shows what was typed
        form.add_error(None, _limit_message(request))
        return _with_retry_after(request, _case_page(request, case, reply_form=form, status=429))
    if not form.is_valid():
        return _case_page(request, case, reply_form=form, status=400)
    try:
        message_add(
            case=case,
            body=form.cleaned_data["body"],
            from_citizen=True,
            attachments=form.cleaned_data["attachments"],
        )
    except CaseError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you. Your message has been sent."))
    return redirect("citizen:case")


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_case_required
def escalate(request: HttpRequest, case: Case) -> HttpResponse:
    """Ask for the next step of the ladder, with a reason (one question on its own page)."""
    overview = case_overview(case)
    # Every POST counts, also one that can no longer do anything.
    limited = request.method == "POST" and _limited(request, "citizen-escalate", case)
    if limited and not overview.can_escalate:
        return too_many_requests(request)
    if not overview.can_escalate:
        messages.info(request, _("Your case cannot go to a next step now."))
        return redirect("citizen:case")
    form = EscalateForm(request.POST or None)
    if limited:
        form.is_valid()
        form.add_error(None, _limit_message(request))
        response = TemplateResponse(
            request,
            "citizen/escalate.html",
            {"case": case, "overview": overview, "form": form},
            status=429,
        )
        return _with_retry_after(request, response)
    if request.method == "POST" and form.is_valid():
        try:
            case_escalate(case=case, reason=form.cleaned_data["reason"], requested_by_citizen=True)
        except CaseError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("Your case has gone to the next step. You can see below when we will tell you more."),
            )
        return redirect("citizen:case")
    return TemplateResponse(
        request, "citizen/escalate.html", {"case": case, "overview": overview, "form": form}
    )


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_case_required
def withdraw(request: HttpRequest, case: Case) -> HttpResponse:
    """Withdraw the case, after a page that asks whether they are sure."""
    # Every POST counts, also one that can no longer do anything.
    if request.method == "POST" and _limited(request, "citizen-withdraw", case):
        return too_many_requests(request)
    overview = case_overview(case)
    if not overview.can_withdraw:
        messages.info(request, _("Your case cannot be withdrawn now."))
        return redirect("citizen:case")
    if request.method == "POST" and ConfirmForm(request.POST).is_valid():
        try:
            case_withdraw(case=case, by_citizen=True)
        except CaseError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("You have withdrawn your case. We will not do more with it."))
        return redirect("citizen:case")
    return TemplateResponse(request, "citizen/withdraw.html", {"case": case, "form": ConfirmForm()})


@never_cache
@require_http_methods(["GET"])
@citizen_case_required
def attachment(request: HttpRequest, case: Case, attachment_id: int) -> HttpResponseBase:
    """A file the citizen sent, or one sent to them with a message; audited like a staff download."""
    found = attachment_for_citizen(case, attachment_id)
    if found is None:
        raise Http404
    if not found.file:
        raise PermissionDenied
    audit_record(
        action=Action.ATTACHMENT_DOWNLOADED,
        case_id=case.pk,
        actor_label="citizen",
        data={"attachment": found.pk},
    )
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)
    response["Content-Type"] = found.content_type or "application/octet-stream"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def log_out(request: HttpRequest) -> HttpResponse:
    """Log out: the whole session is cleared. A GET only shows the button (no change of state on GET)."""
    if request.method == "POST":
        request.session.flush()
        messages.success(request, _("You are logged out."))
        return redirect("citizen:start")
    return TemplateResponse(request, "citizen/log_out.html", {"form": ConfirmForm()})


# --- "Mina ärenden": every case of a person identified with BankID ------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def my_cases(request: HttpRequest) -> HttpResponse:
    """The cases tied to the person this session's BankID log-in identified, in every organisation here. A POST
    with a case's number opens its case page, the same page as the receipt code opens (the number in the body,
    never in the address; only a case tied to this person opens)."""
    person = session_person(request.session)
    if person is None:
        messages.info(request, _("Log in with BankID to see all your cases."))
        return redirect(reverse("bankid:start") + "?" + urlencode({"next": reverse("citizen:my_cases")}))
    if request.method == "POST":
        raw = request.POST.get("case", "")
        case = case_for_person(person.key, int(raw)) if raw.isdigit() else None
        if case is None:
            messages.error(request, _("That case is not among yours. Choose one of the cases below."))
            return redirect("citizen:my_cases")
        request.session[SESSION_CASE] = case.pk
        return redirect("citizen:case")
    cases = list(cases_for_person(person.key))
    return TemplateResponse(request, "citizen/my_cases.html", {"person": person, "cases": cases})
