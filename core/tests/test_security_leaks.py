"""No case content or personal data in logs, e-mails, URLs or error pages.

A case with marker text is sent through every path — the web intake, registration and routing, the receipt
e-mail (rendered, queued and delivered), every staff page for every persona, the citizen's pages, and errors
(404, 500, invalid input) — while every logger records at DEBUG. Then the logs, the mail outbox, the stored
outbound e-mails, the audit trail and every URL and redirect are searched for the markers.
"""

import logging

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import include, path

from audit.models import Event
from cases.models import Case
from cases.tests.handling_helpers import closing_form
from core.tests.public_forms import walk_intake
from core.tests.security_urls import Targets, walk
from notifications.models import OutboundEmail

CONTENT = "ZQXLEAK-innehall-5521"
NAME = "ZQXLEAK-namn-9034"
MARKERS = (CONTENT, NAME)


def boom(request, case_id):
    case = Case.objects.get(pk=case_id)
    text = case.what_happened  # the case's content is in a local variable when it fails
    raise RuntimeError(f"failed while handling case {case.pk}: {len(text)} characters")


urlpatterns = [path("", include("synpunkt.urls")), path("test-boom/<int:case_id>/", boom)]


@pytest.fixture
def every_logger_at_debug(caplog):
    """Everything at DEBUG, as with SYNPUNKT_LOG_LEVEL=DEBUG; loggers that settings pin keep their level."""
    caplog.set_level(logging.DEBUG)
    return caplog


def test_the_loggers_that_would_write_content_are_pinned_above_debug(settings):
    loggers = settings.LOGGING["loggers"]
    for name in ("django.template", "django.db.backends"):
        assert logging.getLevelName(loggers[name]["level"]) > logging.DEBUG
        assert logging.getLogger(name).getEffectiveLevel() > logging.DEBUG


def found_in(text: str) -> list[str]:
    return [marker for marker in MARKERS if marker in text]


@pytest.mark.django_db(transaction=False)
def test_markers_never_reach_logs_mail_urls_or_error_pages(
    tree, settings, every_logger_at_debug, django_capture_on_commit_callbacks
):
    caplog = every_logger_at_debug
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend", "OPTIONS": {}}
    }
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    urls_seen: list[str] = []
    leaks: list[str] = []

    # 1. The citizen sends a complaint through the web, with contact details (so a receipt is mailed).
    citizen = Client(raise_request_exception=False)
    with django_capture_on_commit_callbacks(execute=True):
        response, met = walk_intake(
            citizen,
            text=f"Det som hände: {CONTENT}",
            choose={"is_anonymous": "no", "preferred_contact": "email"},
        )
    urls_seen += [url for url, _ in met] + [form.action for _, form in met]
    assert response.status_code == 200
    case = Case.objects.get(what_happened__contains=CONTENT)
    assert case.holder is not None  # routed
    case.contact_name = f"Anna {NAME}"
    case.save(update_fields=["contact_name"])
    confirmation = response.content.decode()
    assert case.reference_number in confirmation  # the person sees their reference, of course

    # 2. Every mail queued so far is delivered.
    from notifications.services import email_deliver

    for message in OutboundEmail.objects.all():
        email_deliver(message.pk)
    assert OutboundEmail.objects.exists() and mail.outbox, "the receipt e-mail was not sent"

    # 3. Staff: every page for every persona (the holder reads the case, others are refused).
    attachment = case.attachments.first()
    urls, _ = walk(Targets(case_id=case.pk, attachment_id=attachment.pk if attachment else 0))
    for persona in ("contact_staff", "unit_manager", "other_unit_staff", "administrator"):
        client = Client(raise_request_exception=False)
        client.force_login(getattr(tree, persona))
        for url in urls:
            response = client.get(url.path)
            urls_seen.append(url.path)
            if response.has_header("Location"):
                urls_seen.append(response["Location"])

    # 4. The citizen's pages, logged in to the case.
    from citizen.views import SESSION_CASE

    session = citizen.session
    session[SESSION_CASE] = case.pk
    session.save()
    for url in urls:
        if url.path.startswith("/folj/"):
            response = citizen.get(url.path)
            if response.has_header("Location"):
                urls_seen.append(response["Location"])

    # 5. Errors: not found, a server error while handling the case, invalid input.
    response = Client(raise_request_exception=False).get(f"/personal/arende/{case.pk + 1000}/")
    leaks += [f"404 page: {m}" for m in found_in(response.content.decode())]
    with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
        response = Client(raise_request_exception=False).get(f"/test-boom/{case.pk}/")
    assert response.status_code == 500
    leaks += [f"500 page: {m}" for m in found_in(response.content.decode())]
    assert (
        "Något gick fel" in response.content.decode() or "Something went wrong" in response.content.decode()
    )
    first_text_page = next(url for url, form in met if form.text_fields())
    citizen.post(first_text_page, {"what_happened": CONTENT * 2000})  # too long: refused with a message

    # The searches.
    for record in caplog.records:
        text = record.getMessage() + (
            logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
        )
        leaks += [f"log {record.name} {record.levelname}: {m}" for m in found_in(text)]
    for message in mail.outbox:
        text = message.subject + message.body + " ".join(message.to) + str(message.extra_headers)
        leaks += [f"e-mail '{message.subject}': {m}" for m in found_in(text)]
    for row in OutboundEmail.objects.all():
        leaks += [
            f"OutboundEmail {row.pk}: {m}"
            for m in found_in(row.subject + row.body_text + row.to + row.last_error)
        ]
    for event in Event.objects.all():
        leaks += [
            f"audit event {event.pk}: {m}"
            for m in found_in(f"{event.actor_label} {event.action} {event.data}")
        ]
    for url in urls_seen:
        leaks += [f"URL {url}: {m}" for m in found_in(url)]
    assert not leaks, "\n".join(leaks)


# --- every path that sends mail -------------------------------------------------------------------------------

EMAIL = "zqxleak.epost-4417@example.se"
MAIL_MARKERS = (CONTENT, NAME, EMAIL)


class Collect(logging.Handler):
    """Every record of every logger, at DEBUG, formatted with its exception (as a log file would have it)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.texts: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.texts.append((f"{record.name} {record.levelname}", text))


@pytest.fixture
def root_log():
    handler = Collect()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def mail_texts(message) -> list[tuple[str, str]]:
    """(where, text) for every part of a sent mail: subject, body, alternatives, attachments, every header."""
    parts = [("subject", message.subject), ("body", message.body)]
    parts += [
        (f"alternative {mimetype}", str(content))
        for content, mimetype in getattr(message, "alternatives", [])
    ]
    parts += [("attachment", str(attachment)) for attachment in message.attachments]
    for header, value in message.message().items():
        parts.append((f"header {header}", str(value)))
    return parts


def test_markers_never_reach_logs_or_mail_on_any_path_that_sends_mail(
    tree, settings, root_log, django_capture_on_commit_callbacks
):
    """Receipt (web intake, registrar, accessibility report), information, final answer, escalation, the link
    request and the sweep's reminders and overdue mails: none says what the case is about or who wrote it."""
    from datetime import timedelta

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    from cases.models import CaseState
    from core.tests.public_forms import fill, post_forms
    from notifications.services import email_deliver, outbox_sweep
    from staff.tests.conftest import signed_in_client

    settings.RATELIMIT_ENABLED = False
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend", "OPTIONS": {}}
    }
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    text = f"Det som hände: {CONTENT}"
    sender = {"contact_name": f"Anna {NAME}", "contact_email": EMAIL, "is_anonymous": "no"}
    sender |= {"preferred_contact": "email", "wants_answer": "yes"}
    kinds_sent: set[str] = set()

    def post_form(client, page, *, choose=None, body_text=text, index=0):
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
        form = post_forms(response.content.decode(), page)[index]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(form.action, fill(form, text=body_text, choose=choose))

    # 1. Registered through the web intake by the citizen, and at the registrar's desk from a letter.
    citizen = Client(raise_request_exception=False)
    with django_capture_on_commit_callbacks(execute=True):
        walk_intake(citizen, text=text, choose={"is_anonymous": "no", "preferred_contact": "email"})
    web_case = Case.objects.get(what_happened__contains=CONTENT)
    Case.objects.filter(pk=web_case.pk).update(contact_name=f"Anna {NAME}", contact_email=EMAIL)

    registrar = signed_in_client(tree.registrar)
    registrar.raise_request_exception = False
    at_desk = {"contact_name": f"Anna {NAME}", "contact_email": EMAIL, "preferred_contact": "email"}
    at_desk |= {"wants_answer": "on", "unit": str(tree.care_home.pk)}  # a checkbox left empty: not anonymous
    response = post_form(registrar, "/personal/registrera/", choose=at_desk)
    assert response.status_code == 302, response.content.decode()[:2000]
    letter_case = Case.objects.exclude(pk=web_case.pk).get(what_happened__contains=CONTENT)
    assert letter_case.contact_email == EMAIL and not letter_case.is_anonymous

    # 2. The accessibility report (it registers a case too).
    before = set(Case.objects.values_list("pk", flat=True))
    response = post_form(Client(raise_request_exception=False), "/tillganglighet/rapportera/", choose=sender)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(Case.objects.values_list("pk", flat=True)) - before, (
        "the accessibility report registered nothing"
    )

    # 3. Handling by staff, through their pages: information, a message, the final answer; escalation.
    for case in (web_case, letter_case):
        case.refresh_from_db()
    holder = signed_in_client(web_case.holder)
    holder.raise_request_exception = False
    base = f"/personal/handlaggning/{web_case.pk}"
    for step in ("informera", "meddelande"):
        with django_capture_on_commit_callbacks(execute=True):
            response = holder.post(f"{base}/{step}/", {"body": text})
        assert response.status_code == 302, (step, response.status_code)
    with django_capture_on_commit_callbacks(execute=True):
        response = holder.post(f"{base}/avsluta/", {"body": text, **closing_form(web_case)})
    web_case.refresh_from_db()
    assert web_case.state == CaseState.CLOSED, (response.status_code, web_case.state)
    holder = signed_in_client(letter_case.holder)
    holder.raise_request_exception = False
    with django_capture_on_commit_callbacks(execute=True):
        response = holder.post(f"/personal/handlaggning/{letter_case.pk}/nasta-steg/", {"reason": text})
    letter_case.refresh_from_db()
    assert letter_case.step == 2, response.status_code

    # 4. The citizen asks for a link to their case.
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/folj/skicka-lank/", {"email": EMAIL, "reference_number": letter_case.reference_number}
        )
    assert response.status_code == 200

    # 5. The sweep, on the days it reminds and reports: before the date to inform, on it, and after it.
    waiting = Case.objects.filter(state=CaseState.REGISTERED, inform_by__isnull=False).order_by("pk").first()
    assert waiting is not None
    inform_by = waiting.inform_by
    for day in (inform_by - timedelta(days=1), inform_by, inform_by + timedelta(days=3)):
        moment = timezone.make_aware(
            timezone.datetime.combine(day, timezone.datetime.min.time())
        ) + timedelta(hours=9)
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            call_command("sweep")
    with django_capture_on_commit_callbacks(execute=True):
        for message in OutboundEmail.objects.filter(status="queued"):
            email_deliver(message.pk)
        outbox_sweep()
    kinds_sent = set(OutboundEmail.objects.values_list("kind", flat=True))
    assert {"receipt", "case_news", "case_link"} <= kinds_sent, kinds_sent
    assert len(kinds_sent) >= 5, kinds_sent  # the staff mails too: escalation, reminders, overdue
    assert mail.outbox

    # The searches.
    leaks: list[str] = []
    for where, logged in root_log.texts:
        leaks += [f"log {where}: {m}" for m in MAIL_MARKERS if m in logged]
    assert root_log.texts, "nothing was logged at all: the handler is not wired"
    for message in mail.outbox:
        to_sender = EMAIL in message.to
        for where, part in mail_texts(message):
            if to_sender and where.lower() == "header to":
                continue  # the sender's own address, as the recipient of their own receipt: that is the point
            leaks += [f"e-mail '{message.subject}' {where}: {m}" for m in MAIL_MARKERS if m in part]
    for row in OutboundEmail.objects.all():
        stored = row.subject + row.body_text + row.last_error + ("" if row.to == EMAIL else row.to)
        leaks += [f"OutboundEmail {row.pk} ({row.kind}): {m}" for m in MAIL_MARKERS if m in stored]
    assert not leaks, "\n".join(sorted(set(leaks)))
