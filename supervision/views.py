"""The pages of a supervisory authority: anyone's report on the web, and for its staff the list of reports, the
registration of post and phone, the decision, the register of providers and the planning view.

Staff see only their departments' reports: the list and the planning view filter by the departments below the
nodes where they hold a role (supervision.selectors.departments_visible_to, the access policy's rule), and a report
is opened through cases.selectors.case_for_staff_read, which answers 404 to anyone else and records every read.
"""

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import staff_required
from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from bankid.identity import IdentifiedPerson, session_person
from bankid.services import bankid_enabled
from cases.lifecycle import CaseError
from cases.models import CaseKind, Channel, SenderRole
from cases.policy import can_change_case
from cases.selectors import case_for_staff_read
from core.forms import honeypot_filled
from core.kept import kept
from core.ratelimit import limit_exceeded, too_many_requests
from organisations.models import Category, Organisation, Role, RoleAssignment
from protection.selectors import sender_details
from registrar.services import received_at_for
from supervision.forms import (
    DecisionForm,
    PlanningFilterForm,
    RegisterUploadForm,
    ReportForm,
    StaffReportForm,
)
from supervision.models import Department, Provider, Report, SupervisedUnit
from supervision.paging import CappedPaginator
from supervision.planning import Planning
from supervision.planning import planning as planning_figures
from supervision.planning_table import planning_rows
from supervision.register import ImportResult, register_import
from supervision.report_table import report_rows
from supervision.selectors import authorities, departments_visible_to, staff_authority
from supervision.services import ReportError, report_decide, report_register
from supervision.signal_summary import signals_version

ANSWERS_KEY = "supervision_report_answers"
DONE_KEY = "supervision_report_done"
STAFF_DONE_KEY = "supervision_staff_done"
SECRET_SHOWN_FOR = timedelta(minutes=10)
REPORTS_PER_PAGE = 50
LIST_FIELDS = [
    "received_at",
    "county",
    "outcome",
    "provider_in_words",
    "case__reference_number",
    "case__inform_by",
    "provider__name",
    "unit__name",
    "department__node__name",
]
# Who may replace the register from a file: the authority's registrars and administrators.
REGISTER_IMPORT_ROLES = [Role.REGISTRAR, Role.ADMINISTRATOR]


# --- anyone's report on the web -----------------------------------------------------------------------------------


def _public_authority() -> Organisation:
    authority = authorities().order_by("pk").first()
    if authority is None:
        raise Http404
    return authority


def _field_for(error: ReportError) -> str | None:
    """The form's field for a service's refusal."""
    return {"provider": "unit", "unit": "unit", "county": "county", "what_happened": "what_happened"}.get(
        error.field or ""
    )


def _form_page(request: HttpRequest, form: ReportForm, authority: Organisation) -> HttpResponse:
    """The report form, offering BankID as the municipal intake does (bankid/_offer.html): logged in, the report
    is tied to the person; without it, it is registered as it always was."""
    return TemplateResponse(
        request,
        "supervision/report_form.html",
        {
            "form": form,
            "authority": authority,
            "bankid_enabled": bankid_enabled(),
            "bankid_person": session_person(request.session),
            "bankid_next": request.path,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def report_start(request: HttpRequest) -> HttpResponse:
    """The report form: all its questions on one page, then a page to check them before sending."""
    authority = _public_authority()
    if request.method == "POST":
        if limit_exceeded(request, scope="intake-page"):
            return too_many_requests(request)
        form = ReportForm(request.POST, authority=authority)
        if form.is_valid():
            # The answers as typed: the check page validates them again, and "Change" shows them again.
            request.session[ANSWERS_KEY] = request.POST.urlencode()
            return redirect("supervision_public:check")
    else:
        stored = request.session.get(ANSWERS_KEY)
        person = session_person(request.session)
        form = (
            ReportForm(QueryDict(stored), authority=authority)
            if isinstance(stored, str)
            # Logged in with BankID: the name is filled in, as in the municipal intake.
            else ReportForm(authority=authority, initial={"contact_name": person.name} if person else None)
        )
        if isinstance(stored, str):
            form.is_valid()  # show them as they were, with no errors on a first visit's empty form
    return _form_page(request, form, authority)


def _answers(form: ReportForm, person: IdentifiedPerson | None) -> list[tuple[str, str]]:
    """The answers as the check page lists them."""
    data = form.cleaned_data
    unit = data["unit"]
    event = data.get("event")
    rows = [
        (form.fields["county"].label, data["county"]),
        (
            form.fields["unit"].label,
            f"{unit.name}, {unit.provider.name}" if unit is not None else data.get("provider_in_words", ""),
        ),
        (form.fields["what_happened"].label, data["what_happened"]),
    ]
    if event:
        rows.append(
            (
                form.fields["event"].label,
                "-".join(str(part) for part in (event["year"], event["month"], event["day"]) if part),
            )
        )
    rows.append(
        (
            form.fields["sender_role"].label,
            dict(SenderRole.choices).get(data["sender_role"], ""),
        )
    )
    if data["is_anonymous"]:
        rows.append((form.fields["is_anonymous"].label, str(translation.gettext("Yes"))))
    else:
        for name in ("contact_name", "contact_email", "contact_phone", "contact_address"):
            if data.get(name):
                rows.append((form.fields[name].label, data[name]))
        if data.get("protected_identity"):
            rows.append((form.fields["protected_identity"].label, str(translation.gettext("Yes"))))
    if person is not None:
        rows.append(
            (
                translation.gettext("Identified with BankID"),
                translation.gettext("No: you chose to be anonymous")
                if data["is_anonymous"]
                else translation.gettext("Yes, as %(name)s") % {"name": person.name},
            )
        )
    return [(str(label), str(value)) for label, value in rows]


@never_cache
@require_http_methods(["GET", "POST"])
def report_check(request: HttpRequest) -> HttpResponse:
    """Check the answers, and send: one POST registers the report."""
    authority = _public_authority()
    stored = request.session.get(ANSWERS_KEY)
    if not isinstance(stored, str):
        return redirect("supervision_public:start")
    form = ReportForm(QueryDict(stored), authority=authority)
    if not form.is_valid():
        return redirect("supervision_public:start")
    if request.method == "POST":
        if honeypot_filled(request):
            request.session.pop(ANSWERS_KEY, None)
            return redirect("supervision_public:start")
        if limit_exceeded(request, scope="intake-submit"):
            return too_many_requests(request)
        person = session_person(request.session)
        try:
            registration = report_register(
                authority=authority,
                channel=Channel.WEB,
                identified_person=person,
                **form.service_arguments(),
            )
        except ReportError as error:
            # The register or the departments changed while the person wrote: back to the form, answers kept.
            form.add_error(_field_for(error), str(error.message))
            return _form_page(request, form, authority)
        request.session.pop(ANSWERS_KEY, None)
        request.session[DONE_KEY] = {
            "case_id": registration.report.pk,
            "secret": registration.receipt_secret,
            "until": (timezone.now() + SECRET_SHOWN_FOR).isoformat(),
            "identified": person is not None and not registration.report.case.is_anonymous,
        }
        return redirect("supervision_public:done")
    return TemplateResponse(
        request,
        "supervision/report_check.html",
        {"answers": _answers(form, session_person(request.session)), "authority": authority},
    )


@never_cache
@require_GET
def report_done(request: HttpRequest) -> HttpResponse:
    """The receipt: the reference number, the receipt code and secret, and when the notice comes at the latest."""
    done = request.session.get(DONE_KEY)
    if not isinstance(done, dict):
        return redirect("supervision_public:start")
    report = Report.objects.select_related("case", "department__node").filter(pk=done.get("case_id")).first()
    if report is None:
        return redirect("supervision_public:start")
    secret = done.get("secret")
    if timezone.now().isoformat() > str(done.get("until", "")):
        secret = None
        done.pop("secret", None)
        request.session[DONE_KEY] = done
    return TemplateResponse(
        request,
        "supervision/report_done.html",
        {
            "report": report,
            "case": report.case,
            "secret": secret,
            "secret_minutes": int(SECRET_SHOWN_FOR.total_seconds() // 60),
            "identified": bool(done.get("identified")),
        },
    )


# --- staff ---------------------------------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> tuple[User, Organisation, list[Department]]:
    user = request.user
    assert isinstance(user, User)
    authority = staff_authority(user)
    if authority is None:
        raise PermissionDenied
    return user, authority, departments_visible_to(user, authority)


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 12 else None


@never_cache
@staff_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports of my departments: those waiting for a decision first, the oldest first; or the reports behind a
    provider's or unit's signals (from the planning view)."""
    user, authority, departments = _staff(request)
    department_ids = [d.pk for d in departments]
    reports = Report.objects.filter(authority=authority, department_id__in=department_ids)
    provider_id, unit_id = _id(request.GET.get("provider")), _id(request.GET.get("unit"))
    department_id = _id(request.GET.get("department"))
    show = request.GET.get("show", "open")
    if provider_id is not None:
        reports = reports.filter(provider_id=provider_id)
    if unit_id is not None:
        reports = reports.filter(unit_id=unit_id)
    if department_id is not None:
        reports = reports.filter(department_id=department_id)
    if request.GET.get("since") == "12":
        reports = reports.filter(received_at__gte=timezone.now() - timedelta(days=365))
    if show == "open":
        reports = reports.filter(outcome="").order_by("received_at", "pk")
    else:
        reports = reports.order_by("-received_at", "-pk")
    # Only what the list shows: a case row is wide (its texts and their search document).
    reports = reports.select_related("case", "provider", "unit", "department__node").only(*LIST_FIELDS)
    # Counted up to a cap: the register of an authority holds hundreds of thousands (docs/decisions/0042).
    page = CappedPaginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    audit_record(
        action=Action.REPORTS_LISTED,
        actor=user,
        data={
            "organisation": authority.pk,
            "provider": provider_id,
            "unit": unit_id,
            "department": department_id,
            "show": show,
        },
    )
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "supervision/report_list.html",
        {
            "page": page,
            "show": show,
            "departments": departments,
            "department_id": department_id,
            "provider": Provider.objects.filter(pk=provider_id, authority=authority).first()
            if provider_id
            else None,
            "unit": SupervisedUnit.objects.filter(pk=unit_id, provider__authority=authority).first()
            if unit_id
            else None,
            "query": query.urlencode(),
            # The rows in Python: the page's repetitive part (supervision.report_table).
            "rows": report_rows(page.object_list, timezone.localdate()),
        },
    )


def _may_register(user: User, authority: Organisation) -> bool:
    return RoleAssignment.objects.filter(
        user=user, node__organisation=authority, role=Role.REGISTRAR
    ).exists()


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def register_report(request: HttpRequest) -> HttpResponse:
    """A registrar registers a report that came by post, phone, e-mail or a visit, from the day it arrived."""
    user, authority, _departments = _staff(request)
    if not _may_register(user, authority):
        raise PermissionDenied
    if request.method == "GET":
        form = StaffReportForm(authority=authority)
        return TemplateResponse(request, "supervision/register_report.html", {"form": form})
    form = StaffReportForm(request.POST, request.FILES, authority=authority)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = report_register(
                authority=authority,
                channel=data["channel"],
                received_at=received_at_for(data["received"]),
                registered_by=user,
                attachments=[data["scanned_letter"]] if data.get("scanned_letter") else [],
                **form.service_arguments(),
            )
        except ReportError as error:
            form.add_error(_field_for(error), str(error.message))
        else:
            request.session[STAFF_DONE_KEY] = {
                "case_id": registration.report.pk,
                "secret": registration.receipt_secret,
            }
            return redirect("supervision:registered")
    return TemplateResponse(request, "supervision/register_report.html", {"form": form})


@never_cache
@staff_required
@require_GET
def registered(request: HttpRequest) -> HttpResponse:
    """What was registered; the receipt code and secret to send the reporter, shown once."""
    _staff(request)
    done = request.session.pop(STAFF_DONE_KEY, None)
    if not isinstance(done, dict):
        return redirect("supervision:register_report")
    report = (
        Report.objects.select_related("case", "case__holder", "department__node")
        .filter(pk=done["case_id"])
        .first()
    )
    if report is None:
        return redirect("supervision:register_report")
    return TemplateResponse(
        request,
        "supervision/registered.html",
        {"report": report, "case": report.case, "secret": done.get("secret")},
    )


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision on a report and the notice to the reporter: one of the three outcomes, then the report closes."""
    user = request.user
    assert isinstance(user, User)
    case = case_for_staff_read(user=user, pk=pk, data={"page": "report_decision"})
    if case is None or case.kind != CaseKind.REPORT:
        raise Http404
    may_change = can_change_case(user, case)
    report = Report.objects.select_related("provider", "unit", "department__node", "supervision").get(
        pk=case.pk
    )
    report.case = case
    authority = case.organisation
    form = DecisionForm(request.POST or None, authority=authority)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid() and case.is_open:
        data = form.cleaned_data
        try:
            report_decide(
                report=report,
                outcome=data["outcome"],
                notice=data["notice"],
                topics=data["topics"],
                acting_user=user,
                hand_to=data.get("hand_to"),
                hand_to_name=data.get("hand_to_name") or "",
            )
        except ReportError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        except CaseError as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("supervision:decide", pk=case.pk)
    return TemplateResponse(
        request,
        "supervision/decide.html",
        {
            "form": form,
            "report": report,
            "case": case,
            "may_change": may_change,
            # The reporter's details through the one place that hides protected ones (and audits showing them).
            "sender": sender_details(case=case, reader=user),
        },
    )


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def provider_register(request: HttpRequest) -> HttpResponse:
    """The register of providers and units under supervision, and its import from a CSV file."""
    user, authority, _departments = _staff(request)
    may_import = RoleAssignment.objects.filter(
        user=user, node__organisation=authority, role__in=REGISTER_IMPORT_ROLES
    ).exists()
    form = RegisterUploadForm()
    result: ImportResult | None = None
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        form = RegisterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = register_import(authority=authority, data=form.cleaned_data["file"], acting_user=user)
    units = (
        SupervisedUnit.objects.filter(provider__authority=authority)
        .select_related("provider")
        .order_by("provider__name", "name")
    )
    page = Paginator(units, 100).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "supervision/register.html",
        {"form": form, "result": result, "page": page, "may_import": may_import},
    )


def _planning_kept(
    authority: Organisation, department_ids: list[int], filters: dict[str, Any]
) -> tuple[Planning, SafeString]:
    """The planning view's figures and its table's rows (written in Python: the page's repetitive part,
    supervision.planning_table), drawn once per change and kept (core.kept) under everything they are drawn
    from: the authority's version (raised by every change of its signals and of its register), the day (the
    twelve months end today), the language, the departments read, the filter, and the categories' names."""
    today = timezone.localdate()
    language = translation.get_language()
    version = signals_version(authority.pk)  # before the figures: they are never older than the version
    material = (
        authority.pk,
        version,
        today.isoformat(),
        language,
        sorted(department_ids),
        sorted(filters.items()),
        list(
            Category.objects.filter(organisation=authority)
            .order_by("pk")
            .values_list("pk", "name", "name_en")
        ),
    )

    def draw() -> tuple[Planning, SafeString]:
        result = planning_figures(
            authority=authority, department_ids=department_ids, language=language, today=today, **filters
        )
        return result, planning_rows(result, reverse("supervision:reports"))

    return kept("planning", material, draw)


@never_cache
@staff_required
@require_GET
def planning(request: HttpRequest) -> HttpResponse:
    """Signals for risk-based supervision: providers and units ranked by their reports of the last twelve months."""
    user, authority, departments = _staff(request)
    department_ids = [d.pk for d in departments]
    form = PlanningFilterForm(
        request.GET or None,
        departments=Department.objects.filter(pk__in=department_ids).select_related("node"),
    )
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "department_id": data["department"].pk if data.get("department") else None,
            "county": data.get("county") or "",
            "service_kind": data.get("service_kind") or "",
        }
    result, rows = _planning_kept(authority, department_ids, filters)
    audit_record(
        action=Action.SIGNALS_VIEWED,
        actor=user,
        data={"organisation": authority.pk, **{key: value for key, value in filters.items() if value}},
    )
    return TemplateResponse(
        request,
        "supervision/planning.html",
        {
            "form": form,
            "planning": result,
            "rows": rows,
            "department_id": filters.get("department_id"),
        },
    )
