from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_news_email_enqueue, case_register
from citizen.services import case_link_email_enqueue
from notifications.models import EmailStatus, OutboundEmail
from notifications.services import MAX_ATTEMPTS, backoff, email_deliver, outbox_status

WHAT_HAPPENED = "Hemtjänsten kom inte på söndagen och min mamma blev utan mat."
DESIRED = "Jag vill att någon ringer mig om rutinerna."


def register(tree, **overrides):
    values = dict(
        organisation=tree.organisation,
        kind=CaseKind.COMPLAINT,
        sender_role=SenderRole.RELATIVE,
        what_happened=WHAT_HAPPENED,
        desired_outcome=DESIRED,
        unit=tree.care_home,
        about_person="Undersköterska Lisa",
        contact_name="Gustav Exempelsson",
        contact_email="gustav@example.se",
        contact_phone="070-000 00 00",
    )
    values.update(overrides)
    return case_register(submission=CaseSubmission(**values)).case


def test_it_backs_off_and_caps_the_wait():
    assert backoff(1) == timedelta(minutes=1)
    assert backoff(2) == timedelta(minutes=2)
    assert backoff(4) == timedelta(minutes=8)
    assert backoff(30) == timedelta(hours=6)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_mail_ever_carries_case_content(tree, language):
    case = register(tree, preferred_language=language)
    case_news_email_enqueue(case=case)
    case_link_email_enqueue(case=case)
    mails = list(OutboundEmail.objects.filter(case=case))
    assert {mail.kind for mail in mails} == {"receipt", "case_news", "case_link"}
    for mail in mails:
        for secret_text in [WHAT_HAPPENED, DESIRED, "Lisa", "Gustav", "070-000", case.receipt_code]:
            assert secret_text not in mail.subject
            assert secret_text not in mail.body_text
        assert case.reference_number in mail.subject


def test_news_mail_is_in_the_senders_language(tree):
    swedish = case_news_email_enqueue(case=register(tree))
    english = case_news_email_enqueue(case=register(tree, preferred_language="en"))
    assert swedish.subject.startswith("Nytt i ditt ärende")
    assert english.subject.startswith("News in your case")


def test_anonymous_senders_get_no_news_mail(tree):
    case = register(tree, is_anonymous=True)
    assert case_news_email_enqueue(case=case) is None
    assert not OutboundEmail.objects.filter(case=case).exists()


def test_it_gives_up_visibly_after_many_attempts(tree, settings, caplog):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    case = register(tree)
    mail = OutboundEmail.objects.get(case=case)
    now = timezone.now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with time_machine.travel(now + timedelta(days=attempt)):
            assert email_deliver(mail.pk) is False
    mail.refresh_from_db()
    assert mail.status == EmailStatus.FAILED
    assert mail.attempts == MAX_ATTEMPTS
    assert "given up" in caplog.text
    assert outbox_status().failed == 1
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("outbox", stdout=out)
    assert "given up: 1" in out.getvalue()
    # An operator puts it back once the mail server works again.
    call_command("outbox", "--retry-failed", stdout=StringIO())
    mail.refresh_from_db()
    assert mail.status == EmailStatus.QUEUED and mail.attempts == 0


def test_a_sent_message_is_not_sent_again(tree, smtp_server):
    case = register(tree)
    mail = OutboundEmail.objects.get(case=case)
    assert email_deliver(mail.pk) is True
    assert email_deliver(mail.pk) is True
    assert len(smtp_server.messages) == 1
    mail.refresh_from_db()
    assert mail.status == EmailStatus.SENT and mail.attempts == 1


def test_news_from_handling_carries_a_link_for_an_identified_sender(tree):
    """cases.services sends "case_news" with only the address of /folj/; the outbox adds the signed link."""
    from cases.services import message_add
    from citizen.models import CaseLink

    case = register(tree)
    message_add(case=case, body=WHAT_HAPPENED, from_citizen=False, acting_user=tree.contact_staff)
    mail = OutboundEmail.objects.filter(case=case, kind="case_news").latest("pk")
    assert "/folj/lank/" in mail.body_text
    assert CaseLink.objects.filter(case=case).count() == 1
    assert "None" not in mail.body_text and "{{" not in mail.body_text
    assert WHAT_HAPPENED not in mail.body_text and WHAT_HAPPENED not in mail.subject


def test_the_news_mail_reads_well_without_a_link(tree):
    from notifications.services import email_enqueue

    case = register(tree, is_anonymous=False)
    case.is_anonymous = True  # e.g. a sender who later asked not to be identified: no link, only the address
    mail = email_enqueue(
        to="x@example.se",
        kind="case_news",
        template="case_news",
        context={
            "reference_number": case.reference_number,
            "organisation": "Testby",
            "follow_url": "https://x/folj/",
        },
        language="sv",
        case_id=case.pk,
    )
    assert "/folj/lank/" not in mail.body_text
    assert "https://x/folj/" in mail.body_text
    assert "None" not in mail.body_text


def test_the_sweep_task_sends_what_is_due(tree, smtp_server):
    from notifications.services import sweep_outbox

    register(tree)
    assert sweep_outbox.call() == 1
    assert len(smtp_server.messages) == 1
