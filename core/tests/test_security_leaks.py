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
