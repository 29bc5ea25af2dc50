"""Registering post, phone, e-mail and visits: a registrar enters the matter, and it is registered, routed and
clocked exactly like a web case, from the day it was received."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from accounts.models import User
from cases.models import Case
from cases.policy import can_view_case
from organisations.models import Organisation
from registrar.forms import RegistrationForm
from registrar.selectors import registrar_organisation
from registrar.services import case_register_by_registrar

SESSION_LAST = "registrar_last_case_id"


def _organisation_or_403(request: HttpRequest) -> tuple[User, Organisation]:
    user = request.user
    assert isinstance(user, User)
    organisation = registrar_organisation(user)
    if organisation is None:
        raise PermissionDenied
    return user, organisation


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    user, organisation = _organisation_or_403(request)
    if request.method == "GET":
        form = RegistrationForm(organisation=organisation)
        return TemplateResponse(request, "registrar/register.html", {"form": form})
    form = RegistrationForm(request.POST, request.FILES, organisation=organisation)
    if not form.is_valid():
        return TemplateResponse(request, "registrar/register.html", {"form": form})
    data = form.cleaned_data
    event = data["event"]  # a PartialDate: the year, the month and year, or the full date
    registration = case_register_by_registrar(
        registrar=user,
        organisation=organisation,
        channel=data["channel"],
        received_on=data["received"],
        kind=data["kind"],
        sender_role=data["sender_role"],
        what_happened=data["what_happened"],
        unit=data["unit"],
        wants_manager=data["wants_manager"],
        desired_outcome=data["desired_outcome"],
        about_person=data["about_person"],
        event_day=event["day"] if event else None,
        event_month=event["month"] if event else None,
        event_year=event["year"] if event else None,
        wants_answer=data["wants_answer"],
        is_anonymous=data["is_anonymous"],
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        contact_phone=data["contact_phone"],
        contact_address=data["contact_address"],
        preferred_language=data["preferred_language"],
        preferred_contact=data["preferred_contact"],
        scanned_letters=[data["scanned_letter"]] if data["scanned_letter"] else [],
    )
    # The receipt code and secret are for the sender: the registrar sees them once, on the next page.
    request.session[SESSION_LAST] = {
        "case_id": registration.case.pk,
        "secret": registration.receipt_secret,
    }
    return redirect("registrar:done")


@never_cache
@staff_required
@require_GET
def done(request: HttpRequest) -> HttpResponse:
    """What was registered: the reference number, the date to inform by, who holds it, and the receipt."""
    user, _organisation = _organisation_or_403(request)
    last = request.session.pop(SESSION_LAST, None)
    case_id = last.get("case_id") if isinstance(last, dict) else None
    case = (
        Case.objects.select_related("holder", "unit").filter(pk=case_id).first()
        if isinstance(case_id, int)
        else None
    )
    if case is None or not isinstance(last, dict):
        return redirect("registrar:register")
    return TemplateResponse(
        request,
        "registrar/done.html",
        {"case": case, "secret": last.get("secret"), "can_open": can_view_case(user, case)},
    )
