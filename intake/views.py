"""The citizen's intake on the web: a start page, one question per page, check answers, one POST, confirmation.

Views translate between HTTP and the wizard (intake/wizard.py); the forms validate (intake/forms.py, built from
intake/questions.py); the case is registered only by cases.services.case_register.

Every page exists in two variants, standard and easy-to-read (lättläst), the easy one under /lamna/lattlast/ (the
URL keyword `easy`, as in the guide). Both share the wizard's answers. A question page switches variant with a
button of its form, which keeps what was typed; the other pages, where nothing is typed, with a link
(docs/decisions/0025).
"""

import logging
import time
from datetime import date, datetime, timedelta
from typing import Any, cast

from django import forms
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
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.models import CaseKind
from cases.services import Registration, case_register
from cases.uploads import validate_upload
from core.middleware import TOUCHED_KEY
from core.ratelimit import limit_exceeded, too_many_requests
from intake import guards, questions
from intake.forms import AttachmentsForm, ChoiceLabel, PageForm
from intake.questions import ATTACHMENTS, PAGES, UNKNOWN_UNIT, Kind, Page, Question, choices_for, easy_page
from intake.tempfiles import temp_delete, temp_store
from intake.wizard import ATTACHMENTS_SLUG, DONE_KEY, AnswersOutdated, Wizard, page_by_slug
from organisations.models import Organisation, OrganisationKind
from organisations.selectors import CHOSEN_ORGANISATION_KEY, citizen_organisations, organisation_for_citizen

logger = logging.getLogger(__name__)

CHANGE_PARAM = "andra"
# The button of a question page's form that shows the page in the other variant: its value, "easy" or "standard",
# is the variant asked for. What the form holds is kept first, unchecked.
VARIANT_FIELD = "variant"
# The page just shown in the other variant: the next GET shows what was kept without checking it.
SWITCHED_KEY = "intake_switched"

# The receipt's secret may be shown again, in the same browser session, for this long after the case is registered
# (a reload, a printer that jammed); after that it leaves the session for good. Only its hash is stored anywhere else.
SECRET_SHOWN_FOR = timedelta(minutes=10)


# The headings of the list of organisations in the easy variant (the standard one uses the kinds' own names).
EASY_KIND_LABELS = {
    OrganisationKind.MUNICIPALITY: pgettext_lazy("easy-to-read", "Municipalities"),
    OrganisationKind.PROVIDER: pgettext_lazy("easy-to-read", "Companies that give care"),
}


def _organisations_by_kind(*, easy: bool) -> list[dict[str, Any]]:
    """Every organisation that takes cases, by kind (municipalities first), each kind in alphabetical order."""
    every = list(citizen_organisations().order_by("name", "pk"))
    groups: list[dict[str, Any]] = []
    for kind in OrganisationKind:
        members = [o for o in every if o.kind == kind]
        if members:
            label = EASY_KIND_LABELS.get(kind, kind.label) if easy else kind.label
            groups.append({"label": label, "organisations": members})
    return groups


def _url(name: str, *args: Any, easy: bool) -> str:
    """The URL of an intake page in the variant asked for."""
    return reverse(f"intake:{name}_easy" if easy else f"intake:{name}", args=args)


def _step_url(page: Page, *, changing: bool = False, easy: bool) -> str:
    url = _url("step", page.slug, easy=easy)
    return f"{url}?{CHANGE_PARAM}=1" if changing else url


def _next_url(wizard: Wizard, page: Page, *, changing: bool) -> str:
    easy = wizard.easy
    if changing:
        # Back to the check page, unless the change opened a question that still needs an answer.
        missing = wizard.first_incomplete()
        return _step_url(missing, changing=True, easy=easy) if missing else _url("check", easy=easy)
    following = wizard.next_after(page)
    return _step_url(following, easy=easy) if following else _url("check", easy=easy)


def _back_url(wizard: Wizard, page: Page, *, changing: bool) -> str:
    easy = wizard.easy
    if changing:
        return _url("check", easy=easy)
    previous = wizard.previous_before(page)
    return _step_url(previous, easy=easy) if previous else _url("start", easy=easy)


def _variant_context(request: HttpRequest, *, easy: bool) -> dict[str, Any]:
    """For a page without a form: `easy`, and the same page in the other variant (a link)."""
    match = request.resolver_match
    name = match.url_name.removesuffix("_easy") if match and match.url_name else "start"
    return {"easy": easy, "variant_url": _url(name, *(match.args if match else ()), easy=not easy)}


def _template(name: str, *, easy: bool) -> str:
    """The page's template: the easy variant has its own text for the pages that are all text."""
    return f"intake/easy/{name}.html" if easy else f"intake/{name}.html"


@never_cache
@require_http_methods(["GET"])
def start(request: HttpRequest, *, easy: bool) -> HttpResponse:
    organisation = organisation_for_citizen(request.session)
    if organisation is None:
        return organisations(request, easy=easy)  # several to choose from (or none: that page answers 404)
    return TemplateResponse(
        request,
        _template("start", easy=easy),
        {
            "first_url": _step_url(PAGES[0], easy=easy),
            "organisation": organisation,
            "site_organisation": organisation,  # the header's, without reading it again
            "others": citizen_organisations().exclude(pk=organisation.pk).exists(),
            "idle_minutes": max(1, settings.SESSION_COOKIE_AGE // 60),
            **_variant_context(request, easy=easy),
        },
    )


@never_cache
@require_http_methods(["GET"])
def organisations(request: HttpRequest, *, easy: bool) -> HttpResponse:
    """Where an installation serves several municipalities and providers: whom the sender writes to."""
    groups = _organisations_by_kind(easy=easy)
    if not groups:
        raise Http404("No organisation is set up.")
    chosen = request.session.get(CHOSEN_ORGANISATION_KEY)
    return TemplateResponse(
        request,
        _template("organisations", easy=easy),
        {
            "groups": groups,
            "chosen": chosen if isinstance(chosen, int) else None,
            "choose_url_name": "intake:choose_easy" if easy else "intake:choose",
            **_variant_context(request, easy=easy),
        },
    )


@never_cache
@require_http_methods(["GET"])
def choose(request: HttpRequest, organisation: str, *, easy: bool) -> HttpResponse:
    """Write to this organisation (a municipality links its own web pages here); then its start page."""
    chosen = get_object_or_404(citizen_organisations(), slug=organisation)
    request.session[CHOSEN_ORGANISATION_KEY] = chosen.pk
    return redirect(_url("start", easy=easy))


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str, *, easy: bool) -> HttpResponse:
    page = page_by_slug(slug)
    if page is None:
        raise Http404
    organisation = organisation_for_citizen(request.session)
    if organisation is None:
        return redirect(_url("start", easy=easy))  # several organisations, and they have not said which yet
    wizard = Wizard(request.session, organisation, easy=easy)
    if not page.is_shown(wizard.answers()) or not wizard.may_visit(page):
        if request.method == "POST" and page.is_shown(wizard.answers()):
            # The session ran out while they were writing: keep what they posted for when they get here again
            # (files posted to a session that ran out are not kept: they are asked for again on their page).
            if page.slug != ATTACHMENTS_SLUG:
                wizard.store(page, wizard.form(page, data=request.POST).raw_data())
            request.session["intake_expired"] = True
        missing = wizard.first_incomplete()
        return redirect(_step_url(missing, easy=easy) if missing else _url("check", easy=easy))
    changing = request.GET.get(CHANGE_PARAM) == "1"
    if request.method == "POST" and limit_exceeded(request, scope="intake-page"):
        return too_many_requests(request)
    if page.slug == ATTACHMENTS_SLUG:
        return _attachments(request, wizard, page, changing=changing)

    if request.method == "POST":
        form = wizard.form(page, data=request.POST)
        switch_to = request.POST.get(VARIANT_FIELD)
        if switch_to in ("easy", "standard"):
            # The same page in the other variant, with what was typed kept but not checked: they did not
            # ask to go on, so no error is shown for what they have not answered yet.
            raw = form.raw_data()
            if wizard.raw(page) is not None or any(value.strip() for value in raw.values()):
                wizard.store(page, raw)
            request.session[SWITCHED_KEY] = page.slug
            return redirect(_step_url(page, changing=changing, easy=switch_to == "easy"))
        wizard.store(page, form.raw_data())  # keep what was typed, valid or not
        if form.is_valid():
            return redirect(_next_url(wizard, page, changing=changing))
    else:
        switched = request.session.pop(SWITCHED_KEY, None) == page.slug
        form = wizard.form(page, unchecked=switched)
    shown = easy_page(page) if easy else page
    _hide_unchosen_choices(form, shown)
    heading_field = _heading_field(shown)
    expired = request.method == "GET" and request.session.pop("intake_expired", False)
    return TemplateResponse(
        request,
        "intake/step.html",
        {
            "site_organisation": wizard.organisation,
            "page": shown,
            "form": form,
            "heading_field": heading_field,
            "items": [
                {
                    "kind": question.kind.value,
                    "field": form[question.key],
                    "as_heading": question.key == heading_field,
                    "groups": _unit_groups(form, wizard.organisation) if question.key == "unit" else None,
                }
                for question in shown.questions
            ],
            "back_url": _back_url(wizard, page, changing=changing),
            "changing": changing,
            "expired": expired,
            "easy": easy,
        },
    )


def _hide_unchosen_choices(form: PageForm, page: Page) -> None:
    """Leave out the choices the easy variant keeps off its short lists, unless one is the answer given."""
    for question in page.questions:
        hidden = {choice.value for choice in question.choices if choice.only_if_chosen}
        if not hidden:
            continue
        field = form.fields[question.key]
        assert isinstance(field, forms.ChoiceField)
        given = str(form[question.key].value() or "")
        listed = cast("list[tuple[str, Any]]", field.choices)
        field.choices = [(value, label) for value, label in listed if value not in hidden or value == given]


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


def _upload_messages(error: ValidationError, name: str, *, easy: bool) -> list[str]:
    """What to say about a refused file: cases.uploads' own message, or in the easy variant its easy words."""
    if not easy:
        return list(error.messages)
    words = ATTACHMENTS.easy_messages
    megabytes = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    return [
        str(words.get(item.code or "", words["refused"])) % {"name": name, "megabytes": megabytes}
        for item in error.error_list
    ]


def _too_many_message(name: str, *, easy: bool) -> str:
    if easy:
        return str(ATTACHMENTS.easy_messages["too_many"]) % {"name": name, "count": settings.UPLOAD_MAX_FILES}
    return _("%(name)s was not attached: you can attach at most %(count)s files.") % {
        "name": name,
        "count": settings.UPLOAD_MAX_FILES,
    }


def _attachments(request: HttpRequest, wizard: Wizard, page: Page, *, changing: bool) -> HttpResponse:
    easy = wizard.easy
    here = _step_url(page, changing=changing, easy=easy)
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
        switch_to = request.POST.get(VARIANT_FIELD)
        # Switching variant keeps the files chosen, as "Attach the file" does, and says in the other variant's
        # words what was refused.
        words_easy = switch_to == "easy" if switch_to in ("easy", "standard") else easy
        errors: list[str] = []
        for upload in request.FILES.getlist("attachments"):
            name = upload.name or ""
            if len(files) >= settings.UPLOAD_MAX_FILES:
                errors.append(_too_many_message(name, easy=words_easy))
                continue
            try:
                validate_upload(upload)
            except ValidationError as error:
                errors.extend(_upload_messages(error, name, easy=words_easy))
                continue
            files.append(temp_store(upload))
        wizard.set_files(files)
        if switch_to in ("easy", "standard"):
            if errors:
                request.session["intake_file_errors"] = errors
            return redirect(_step_url(page, changing=changing, easy=words_easy))
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
            "page": easy_page(page) if easy else page,
            "form": form,
            "files": [{**entry, "size_text": filesizeformat(entry["size"])} for entry in wizard.files],
            "max_files": settings.UPLOAD_MAX_FILES,
            "max_megabytes": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
            "back_url": _back_url(wizard, page, changing=changing),
            "changing": changing,
            "easy": easy,
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
        for question in (easy_page(page) if wizard.easy else page).questions:
            rows.append(
                {
                    "label": question.label,
                    "value": _display_value(question, form, cleaned),
                    "multiline": question.kind == Kind.TEXTAREA,
                    "change_url": _step_url(page, changing=True, easy=wizard.easy),
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
def check(request: HttpRequest, *, easy: bool) -> HttpResponse:
    organisation = organisation_for_citizen(request.session)
    if organisation is None:
        return redirect(_url("start", easy=easy))
    wizard = Wizard(request.session, organisation, easy=easy)
    if request.method == "POST" and not wizard.state["pages"] and request.session.get(DONE_KEY):
        return redirect(_url("confirmation", easy=easy))  # a second click on "Send": it is registered already
    cleaned, failing = wizard.cleaned()
    if failing is not None:
        return redirect(_step_url(failing, changing=bool(wizard.state["pages"]), easy=easy))
    if request.method == "POST":
        if limit_exceeded(request, scope="intake-submit"):
            return too_many_requests(request)
        if guards.honeypot_filled(request):
            # A bot: register nothing, and answer as if all went well so that it learns nothing.
            logger.info("Intake: honeypot filled; nothing registered")
            _discard(wizard)
            request.session[DONE_KEY] = {"discarded": True}
            return redirect(_url("confirmation", easy=easy))
        try:
            submission = wizard.submission(cleaned)
        except AnswersOutdated as outdated:
            return redirect(_step_url(outdated.page, changing=True, easy=easy))
        except ValidationError as error:
            # A kept file no longer passes (e.g. new virus signatures): drop the files and say why.
            for entry in wizard.files:
                temp_delete(entry)
            wizard.set_files([])
            wizard.state["attachments_seen"] = False
            wizard.save()
            request.session["intake_file_errors"] = (
                [str(ATTACHMENTS.easy_messages["kept_refused"])] if easy else error.messages
            )
            return redirect(_step_url(PAGES[-1], changing=True, easy=easy))
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
        return redirect(_url("confirmation", easy=easy))
    return TemplateResponse(
        request,
        _template("check", easy=easy),
        {
            "site_organisation": organisation,
            "rows": _summary_rows(wizard, cleaned),
            "files": [{**entry, "size_text": filesizeformat(entry["size"])} for entry in wizard.files],
            "attachments_url": _step_url(PAGES[-1], changing=True, easy=easy),
            "back_url": _step_url(wizard.visible_pages()[-1], easy=easy),
            "honeypot_field": guards.HONEYPOT_FIELD,
            **_variant_context(request, easy=easy),
        },
    )


def _discard(wizard: Wizard) -> None:
    for entry in wizard.files:
        temp_delete(entry)
    wizard.clear()


@never_cache
@require_http_methods(["GET"])
def confirmation(request: HttpRequest, *, easy: bool) -> HttpResponse:
    done = request.session.get(DONE_KEY)
    if not isinstance(done, dict):
        return redirect(_url("start", easy=easy))
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
        _template("confirmation", easy=easy),
        {
            **_variant_context(request, easy=easy),
            "done": done,
            "secret": secret,
            "secret_minutes": int(SECRET_SHOWN_FOR.total_seconds() // 60),
            "inform_by": inform_by,
            "received_at": received_at,
            "is_praise": done.get("kind") == CaseKind.PRAISE,
            "kind_label": CaseKind(done["kind"]).label if done.get("kind") else "",
        },
    )
