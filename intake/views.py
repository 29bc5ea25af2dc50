"""The citizen's intake on the web: a start page, one question per page, check answers, one POST, confirmation.

Views translate between HTTP and the wizard (intake/wizard.py); the forms validate (intake/forms.py, built from
intake/questions.py); the case is registered only by cases.services.case_register.
"""

import logging
import time
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.models import CaseKind
from cases.services import Registration, case_register
from cases.uploads import validate_upload
from core.middleware import TOUCHED_KEY
from core.ratelimit import limit_exceeded, too_many_requests
from intake import guards, questions
from intake.forms import AttachmentsForm, ChoiceLabel, PageForm
from intake.questions import PAGES, UNKNOWN_UNIT, Kind, Page, Question, choices_for
from intake.tempfiles import temp_delete, temp_store
from intake.wizard import ATTACHMENTS_SLUG, DONE_KEY, AnswersOutdated, Wizard, page_by_slug
from organisations.models import Organisation, OrganisationKind
from organisations.selectors import CHOSEN_ORGANISATION_KEY, organisation_for_citizen

logger = logging.getLogger(__name__)

CHANGE_PARAM = "andra"

# The receipt's secret may be shown again, in the same browser session, for this long after the case is registered
# (a reload, a printer that jammed); after that it leaves the session for good. Only its hash is stored anywhere else.
SECRET_SHOWN_FOR = timedelta(minutes=10)


def _organisations_by_kind() -> list[dict[str, Any]]:
    """Every organisation that takes cases, by kind (municipalities first), each kind in alphabetical order."""
    every = list(Organisation.objects.order_by("name", "pk"))
    groups: list[dict[str, Any]] = []
    for kind in OrganisationKind:
        members = [o for o in every if o.kind == kind]
        if members:
            groups.append({"label": kind.label, "organisations": members})
    return groups


def _step_url(page: Page, *, changing: bool = False) -> str:
    url = reverse("intake:step", args=[page.slug])
    return f"{url}?{CHANGE_PARAM}=1" if changing else url


def _next_url(wizard: Wizard, page: Page, *, changing: bool) -> str:
    if changing:
        # Back to the check page, unless the change opened a question that still needs an answer.
        missing = wizard.first_incomplete()
        return _step_url(missing, changing=True) if missing else reverse("intake:check")
    following = wizard.next_after(page)
    return _step_url(following) if following else reverse("intake:check")


def _back_url(wizard: Wizard, page: Page, *, changing: bool) -> str:
    if changing:
        return reverse("intake:check")
    previous = wizard.previous_before(page)
    return _step_url(previous) if previous else reverse("intake:start")


@never_cache
@require_http_methods(["GET"])
def start(request: HttpRequest) -> HttpResponse:
    organisation = organisation_for_citizen(request.session)
    if organisation is None:
        return organisations(request)  # several to choose from (or none: that page answers 404)
    return TemplateResponse(
        request,
        "intake/start.html",
        {
            "first_url": _step_url(PAGES[0]),
            "organisation": organisation,
            "site_organisation": organisation,  # the header's, without reading it again
            "others": Organisation.objects.exclude(pk=organisation.pk).exists(),
            "idle_minutes": max(1, settings.SESSION_COOKIE_AGE // 60),
        },
    )


@never_cache
@require_http_methods(["GET"])
def organisations(request: HttpRequest) -> HttpResponse:
    """Where an installation serves several municipalities and providers: whom the sender writes to."""
    groups = _organisations_by_kind()
    if not groups:
        raise Http404("No organisation is set up.")
    chosen = request.session.get(CHOSEN_ORGANISATION_KEY)
    return TemplateResponse(
        request,
        "intake/organisations.html",
        {"groups": groups, "chosen": chosen if isinstance(chosen, int) else None},
    )


@never_cache
@require_http_methods(["GET"])
def choose(request: HttpRequest, organisation: str) -> HttpResponse:
    """Write to this organisation (a municipality links its own web pages here); then its start page."""
    chosen = get_object_or_404(Organisation, slug=organisation)
    request.session[CHOSEN_ORGANISATION_KEY] = chosen.pk
    return redirect("intake:start")


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    page = page_by_slug(slug)
    if page is None:
        raise Http404
    organisation = organisation_for_citizen(request.session)
    if organisation is None:
        return redirect("intake:start")  # several organisations, and they have not said which yet
    wizard = Wizard(request.session, organisation)
    if not page.is_shown(wizard.answers()) or not wizard.may_visit(page):
        if request.method == "POST" and page.is_shown(wizard.answers()):
            # The session ran out while they were writing: keep what they posted for when they get here again
            # (files posted to a session that ran out are not kept: they are asked for again on their page).
            if page.slug != ATTACHMENTS_SLUG:
                wizard.store(page, wizard.form(page, data=request.POST).raw_data())
            request.session["intake_expired"] = True
        missing = wizard.first_incomplete()
        return redirect(_step_url(missing) if missing else reverse("intake:check"))
    changing = request.GET.get(CHANGE_PARAM) == "1"
    if request.method == "POST" and limit_exceeded(request, scope="intake-page"):
        return too_many_requests(request)
    if page.slug == ATTACHMENTS_SLUG:
        return _attachments(request, wizard, page, changing=changing)

    if request.method == "POST":
        form = wizard.form(page, data=request.POST)
        wizard.store(page, form.raw_data())  # keep what was typed, valid or not
        if form.is_valid():
            return redirect(_next_url(wizard, page, changing=changing))
    else:
        form = wizard.form(page)
    heading_field = _heading_field(page)
    expired = request.method == "GET" and request.session.pop("intake_expired", False)
    return TemplateResponse(
        request,
        "intake/step.html",
        {
            "site_organisation": wizard.organisation,
            "page": page,
            "form": form,
            "heading_field": heading_field,
            "items": [
                {
                    "kind": question.kind.value,
                    "field": form[question.key],
                    "as_heading": question.key == heading_field,
                    "groups": _unit_groups(form, wizard.organisation) if question.key == "unit" else None,
                }
                for question in page.questions
            ],
            "back_url": _back_url(wizard, page, changing=changing),
            "changing": changing,
            "expired": expired,
        },
    )


def _heading_field(page: Page) -> str | None:
    """On a page with one main question, that question's label is the page's heading (GOV.UK)."""
    first = page.questions[0]
    return first.key if str(first.label) == str(page.title) else None


def _unit_groups(form: PageForm, organisation: Organisation) -> list[dict[str, Any]]:
    """The unit radios under their areas of operations; "I do not know" last, in a group of its own."""
    groups_by_value = {
        choice.value: choice.group for choice in choices_for(questions.question("unit"), organisation)
    }
    groups: list[dict[str, Any]] = []
    for radio in form["unit"]:
        value = str(radio.data["value"])
        heading = None if value == UNKNOWN_UNIT else groups_by_value.get(value)
        if not groups or groups[-1]["heading"] != heading:
            groups.append({"heading": heading, "radios": []})
        groups[-1]["radios"].append(radio)
    return groups


def _attachments(request: HttpRequest, wizard: Wizard, page: Page, *, changing: bool) -> HttpResponse:
    here = _step_url(page, changing=changing)
    form = AttachmentsForm()
    earlier_errors = request.session.pop("intake_file_errors", None)
    if earlier_errors and request.method == "GET":
        form = AttachmentsForm(data={})
        form.is_valid()
        for message in earlier_errors:
            form.add_error("attachments", message)
    if request.method == "POST":
        files = wizard.files
        remove = request.POST.get("remove")
        if remove:
            kept = [entry for entry in files if entry["token"] != remove]
            for entry in files:
                if entry["token"] == remove:
                    temp_delete(entry)
            wizard.set_files(kept)
            return redirect(here)
        form = AttachmentsForm(data=request.POST)
        form.is_valid()
        errors: list[str] = []
        for upload in request.FILES.getlist("attachments"):
            if len(files) >= settings.UPLOAD_MAX_FILES:
                errors.append(
                    _("%(name)s was not attached: you can attach at most %(count)s files.")
                    % {"name": upload.name, "count": settings.UPLOAD_MAX_FILES}
                )
                continue
            try:
                validate_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            files.append(temp_store(upload))
        wizard.set_files(files)
        for message in errors:
            form.add_error("attachments", message)
        if not errors:
            if request.POST.get("action") == "upload":
                return redirect(here)
            wizard.mark_attachments_seen()
            return redirect(_next_url(wizard, page, changing=changing))
    return TemplateResponse(
        request,
        "intake/attachments.html",
        {
            "site_organisation": wizard.organisation,
            "page": page,
            "form": form,
            "files": [{**entry, "size_text": filesizeformat(entry["size"])} for entry in wizard.files],
            "max_files": settings.UPLOAD_MAX_FILES,
            "back_url": _back_url(wizard, page, changing=changing),
            "changing": changing,
        },
    )


def _display_value(question: Question, form: PageForm, cleaned: dict[str, Any]) -> str:
    value = cleaned.get(question.key)
    if question.kind == Kind.RADIO:
        for choice_value, label in form.fields[question.key].choices:  # type: ignore[attr-defined]
            if str(choice_value) == str(value):
                return str(label.label if isinstance(label, ChoiceLabel) else label)
        return ""
    if question.kind == Kind.DATE:
        if not value:
            return ""
        if value["day"]:
            return str(format_date(date(value["year"], value["month"], value["day"]), "j F Y"))
        if value["month"]:
            return str(format_date(date(value["year"], value["month"], 1), "F Y"))
        return str(value["year"])
    return str(value or "")


def _summary_rows(wizard: Wizard, cleaned: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for page in wizard.visible_pages():
        if page.slug == ATTACHMENTS_SLUG:
            continue
        form = wizard.form(page)
        for question in page.questions:
            rows.append(
                {
                    "label": question.label,
                    "value": _display_value(question, form, cleaned),
                    "multiline": question.kind == Kind.TEXTAREA,
                    "change_url": _step_url(page, changing=True),
                    "change_label": question.short_label or question.label,
                }
            )
    return rows


def session_write(session: SessionBase) -> None:
    """Write the session's row within the caller's transaction, as one UPDATE.

    `SessionStore.save()` wraps its write in an atomic block of its own, which inside the registration's
    transaction is a savepoint: three round trips to the database (SAVEPOINT, UPDATE, RELEASE) where one will do.
    The database session store's documented `create_model_instance()` gives the row to save instead. A session
    that has no row yet, or a store of another kind, is saved the ordinary way."""
    if isinstance(session, DatabaseSessionStore) and session.session_key is not None:
        session.create_model_instance(dict(session.items())).save(force_update=True)
    else:
        session.save()


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    organisation = organisation_for_citizen(request.session)
    if organisation is None:
        return redirect("intake:start")
    wizard = Wizard(request.session, organisation)
    if request.method == "POST" and not wizard.state["pages"] and request.session.get(DONE_KEY):
        return redirect("intake:confirmation")  # a second click on "Send": it is registered already
    cleaned, failing = wizard.cleaned()
    if failing is not None:
        return redirect(_step_url(failing, changing=bool(wizard.state["pages"])))
    if request.method == "POST":
        if limit_exceeded(request, scope="intake-submit"):
            return too_many_requests(request)
        if guards.honeypot_filled(request):
            # A bot: register nothing, and answer as if all went well so that it learns nothing.
            logger.info("Intake: honeypot filled; nothing registered")
            _discard(wizard)
            request.session[DONE_KEY] = {"discarded": True}
            return redirect("intake:confirmation")
        try:
            submission = wizard.submission(cleaned)
        except AnswersOutdated as outdated:
            return redirect(_step_url(outdated.page, changing=True))
        except ValidationError as error:
            # A kept file no longer passes (e.g. new virus signatures): drop the files and say why.
            for entry in wizard.files:
                temp_delete(entry)
            wizard.set_files([])
            wizard.state["attachments_seen"] = False
            wizard.save()
            request.session["intake_file_errors"] = error.messages
            return redirect(_step_url(PAGES[-1], changing=True))
        files = wizard.files

        def remember(registration: Registration) -> None:
            # In the registration's transaction: the case and the sender's session (the wizard gone, the receipt
            # to show) commit together, so a crash cannot leave a case whose sender may press "Send" again.
            case = registration.case
            wizard.clear()
            request.session[DONE_KEY] = {
                "reference_number": case.reference_number,
                "receipt_code": case.receipt_code,
                "secret": registration.receipt_secret,
                "secret_until": (timezone.now() + SECRET_SHOWN_FOR).timestamp(),
                "inform_by": case.inform_by.isoformat() if case.inform_by else None,
                "kind": case.kind,
                "wants_answer": case.wants_answer,
                "is_anonymous": case.is_anonymous,
                "email_given": bool(case.contact_email),
                "organisation": organisation.name,
                "received_at": case.received_at.isoformat(),
            }
            request.session[TOUCHED_KEY] = int(time.time())
            session_write(request.session)
            # Saved: the end of the request has nothing new to write (core.middleware finds it touched now).
            request.session.modified = False

        case_register(submission=submission, before_commit=remember)
        # The files now live with the case (cases.services.attachment_add); the kept copies go.
        for entry in files:
            temp_delete(entry)
        return redirect("intake:confirmation")
    return TemplateResponse(
        request,
        "intake/check.html",
        {
            "site_organisation": organisation,
            "rows": _summary_rows(wizard, cleaned),
            "files": [{**entry, "size_text": filesizeformat(entry["size"])} for entry in wizard.files],
            "attachments_url": _step_url(PAGES[-1], changing=True),
            "back_url": _step_url(wizard.visible_pages()[-1]),
            "honeypot_field": guards.HONEYPOT_FIELD,
        },
    )


def _discard(wizard: Wizard) -> None:
    for entry in wizard.files:
        temp_delete(entry)
    wizard.clear()


@never_cache
@require_http_methods(["GET"])
def confirmation(request: HttpRequest) -> HttpResponse:
    done = request.session.get(DONE_KEY)
    if not isinstance(done, dict):
        return redirect("intake:start")
    # The secret stays in the session (never in a URL) for a short while, so that a reload or a second print still
    # shows it; the first request after that window removes it, and it is never shown again.
    secret = done.get("secret")
    secret_until = done.get("secret_until")
    if secret is not None and not (
        isinstance(secret_until, float) and timezone.now().timestamp() < secret_until
    ):
        secret = None
        done.pop("secret", None)
        done.pop("secret_until", None)
        request.session[DONE_KEY] = done
    inform_by = date.fromisoformat(done["inform_by"]) if done.get("inform_by") else None
    received_at = datetime.fromisoformat(done["received_at"]) if done.get("received_at") else None
    return TemplateResponse(
        request,
        "intake/confirmation.html",
        {
            "done": done,
            "secret": secret,
            "secret_minutes": int(SECRET_SHOWN_FOR.total_seconds() // 60),
            "inform_by": inform_by,
            "received_at": received_at,
            "is_praise": done.get("kind") == CaseKind.PRAISE,
            "kind_label": CaseKind(done["kind"]).label if done.get("kind") else "",
        },
    )
