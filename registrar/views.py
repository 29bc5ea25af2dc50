"""Registering post, phone, e-mail and visits: a registrar enters the matter, and it is registered, routed and
clocked exactly like a web case, from the day it was received.

The sender's receipt is a letter (documents/letters.py) with the receipt code and the secret. The secret is stored
only as a hash, so the letter can be made only while the secret is known: the registration's POST hands it to the
confirmation page through the session, which that page empties at once (a reload shows no secret). The page holds
the secret in its download form, which POSTs it back (never in a URL); the letter view checks it against the stored
hash, for a case of the registrar's organisation registered in the last RECEIPT_LETTER_MINUTES. So once the page
is shown the secret is kept nowhere on the server, the letter can be printed again while the page is open (a
printer jams), and never after.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_required
from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from cases.models import Case
from cases.policy import can_view_case
from documents.letters import letter_filename, receipt_letter_pdf
from documents.pdf import pdf_response
from organisations.models import Organisation
from registrar.forms import RegistrationForm
from registrar.selectors import case_with_secret, registrar_organisation
from registrar.services import case_register_by_registrar

SESSION_LAST = "registrar_last_case_id"
# How long after registering the receipt letter can be printed (from the confirmation page only).
RECEIPT_LETTER_MINUTES = 30


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
    # The receipt code and secret are for the sender: they reach the next page through the session, which that
    # page empties at once.
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
        {
            "case": case,
            "secret": last.get("secret"),
            "can_open": can_view_case(user, case),
            "letter_minutes": RECEIPT_LETTER_MINUTES,
        },
    )


@never_cache
@sensitive_post_parameters("secret")
@staff_required
@require_POST
def receipt_letter(request: HttpRequest) -> HttpResponse:
    """The sender's receipt letter, from the confirmation page's form: the case and its secret, POSTed."""
    user, organisation = _organisation_or_403(request)
    case_id = request.POST.get("case", "")
    case = case_with_secret(
        organisation=organisation,
        # An id as the page wrote it: ASCII digits, of a size the database takes.
        case_id=int(case_id) if case_id.isascii() and case_id.isdigit() and len(case_id) <= 18 else None,
        secret=request.POST.get("secret", ""),
        registered_after=timezone.now() - timedelta(minutes=RECEIPT_LETTER_MINUTES),
    )
    if case is None:
        messages.error(
            request,
            _(
                "The receipt letter can no longer be printed: it can be printed only from the page shown right "
                "after registering, for %(minutes)s minutes. The secret is kept only in a form that cannot be read."
            )
            % {"minutes": RECEIPT_LETTER_MINUTES},
        )
        return redirect("registrar:register")
    audit_record(action=Action.VIEWED, case_id=case.pk, actor=user, data={"document": "receipt_letter"})
    pdf = receipt_letter_pdf(case=case, secret=request.POST["secret"], registrar=user)
    return pdf_response(pdf, filename=letter_filename(case, receipt=True))
