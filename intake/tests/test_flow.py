"""The whole intake through the test client: registration, the confirmation shown once, the honeypot, the mail."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from audit.models import Event
from cases.models import Case, CaseKind, Channel, SenderRole
from cases.receipts import secret_matches
from intake.tests.helpers import CHECK_URL, CONFIRMATION_URL, DESIRED, WHAT_HAPPENED, step_url, submit, walk
from notifications.models import OutboundEmail
from notifications.services import outbox_sweep

SECRET_PATTERN = re.compile(r'<dd class="receipt-secret">([0-9A-Z-]+)</dd>')


def test_it_registers_an_anonymous_complaint_from_the_web(client, tree):
    walk(client, tree)
    response = submit(client)
    assert response.status_code == 302
    assert response["Location"] == CONFIRMATION_URL
    case = Case.objects.get()
    assert case.channel == Channel.WEB
    assert case.kind == CaseKind.COMPLAINT
    assert case.unit == tree.care_home
    assert case.holder == tree.contact_staff
    assert case.what_happened == WHAT_HAPPENED
    assert case.desired_outcome == DESIRED
    assert (case.event_day, case.event_month, case.event_year) == (3, 2, 2025)
    assert case.sender_role == SenderRole.RELATIVE
    assert case.is_anonymous and case.contact_name == "" and case.contact_email == ""
    assert case.wants_answer and not case.wants_manager
    assert Event.objects.filter(case=case, action="registered").exists()
    assert not OutboundEmail.objects.exists()


def test_the_confirmation_shows_the_reference_code_and_secret_once(client, tree):
    walk(client, tree)
    submit(client)
    case = Case.objects.get()
    body = client.get(CONFIRMATION_URL).content.decode()
    assert case.reference_number in body
    assert case.receipt_code in body
    secret = SECRET_PATTERN.search(body).group(1)
    assert secret_matches(secret, case.receipt_secret_hash)
    assert case.inform_by.strftime("%Y") in body
    assert 'href="/folj/"' in body
    # The code and the secret shown really open the case (the citizen's case page).
    response = client.post(reverse("citizen:start"), {"code": case.receipt_code, "secret": secret})
    assert response.status_code == 302
    assert "Ctrl+P" in body  # printing works without JavaScript
    assert "Mottaget" in body and "Testby kommun" in body  # the receipt says where and when
    # The wizard's answers are gone from the session.
    assert "intake" not in client.session
    assert WHAT_HAPPENED not in str(dict(client.session))


def test_the_secret_can_be_shown_again_for_ten_minutes_then_never(client, tree):
    with time_machine.travel(datetime(2026, 3, 3, 10, 0, tzinfo=UTC), tick=False) as traveller:
        walk(client, tree)
        submit(client)
        secret = SECRET_PATTERN.search(client.get(CONFIRMATION_URL).content.decode()).group(1)
        # A reload (or a second print) nine minutes later, in the same session, still shows it.
        traveller.shift(timedelta(minutes=9))
        again = client.get(CONFIRMATION_URL).content.decode()
        assert secret in again
        assert "10 minuter" in again
        # After the window: the reference number still, the secret never again, and it is gone from the session.
        traveller.shift(timedelta(minutes=1, seconds=1))
        later = client.get(CONFIRMATION_URL).content.decode()
        assert Case.objects.get().reference_number in later
        assert secret not in later and "receipt-secret" not in later
        assert secret not in str(dict(client.session))
        # Not even if the clock is put back.
        traveller.move_to(datetime(2026, 3, 3, 10, 1, tzinfo=UTC))
        assert secret not in client.get(CONFIRMATION_URL).content.decode()


def test_the_secret_is_never_shown_in_another_session(client, tree):
    walk(client, tree)
    submit(client)
    secret = SECRET_PATTERN.search(client.get(CONFIRMATION_URL).content.decode()).group(1)
    client.cookies.clear()
    assert secret not in client.get(CONFIRMATION_URL, follow=True).content.decode()


def test_the_confirmation_says_by_which_date_in_the_persons_language(client, tree):
    client.cookies["django_language"] = "en"
    walk(client, tree)
    submit(client)
    case = Case.objects.get()
    body = client.get(CONFIRMATION_URL).content.decode()
    assert "Your message is registered" in body
    month = case.inform_by.strftime("%B")  # English month name
    assert f"{case.inform_by.day} {month} {case.inform_by.year}" in body
    assert case.preferred_language == "en"


def test_no_secret_or_reference_is_ever_in_a_url(client, tree):
    walk(client, tree)
    response = submit(client)
    case = Case.objects.get()
    assert case.reference_number.split("/")[-1] not in response["Location"]
    assert case.receipt_code not in response["Location"]
    assert response["Location"] == reverse("intake:confirmation")


def test_the_confirmation_is_not_cached(client, tree):
    walk(client, tree)
    submit(client)
    response = client.get(CONFIRMATION_URL)
    assert "no-store" in response["Cache-Control"]


def test_a_second_click_on_send_registers_nothing_more(client, tree):
    walk(client, tree)
    submit(client)
    assert submit(client)["Location"] == CONFIRMATION_URL
    assert Case.objects.count() == 1


def test_the_confirmation_without_a_submission_goes_to_the_start(client, tree):
    assert client.get(CONFIRMATION_URL)["Location"] == reverse("intake:start")


def test_the_honeypot_silently_registers_nothing(client, tree):
    walk(client, tree)
    response = client.post(CHECK_URL, {"website": "http://spam.example"})
    assert response["Location"] == CONFIRMATION_URL
    assert not Case.objects.exists()
    body = client.get(CONFIRMATION_URL).content.decode()
    assert "Ditt meddelande är skickat" in body
    assert "intake" not in client.session


def test_the_honeypot_is_hidden_from_people(client, tree):
    walk(client, tree)
    body = client.get(CHECK_URL).content.decode()
    hidden = body.split('class="honeypot"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in body.split('class="honeypot"')[1][:40]
    assert 'tabindex="-1"' in hidden and 'autocomplete="off"' in hidden


def test_the_rate_limit_stops_the_final_post(client, tree, settings):
    walk(client, tree)
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {**settings.RATELIMITS, "intake-submit": "0/h"}
    response = submit(client)
    assert response.status_code == 429
    assert not Case.objects.exists()
    assert "intake" in client.session  # nothing typed is lost


def test_it_registers_praise_without_a_clock(client, tree):
    walk(client, tree, kind="praise", onskemal={"desired_outcome": ""})
    submit(client)
    case = Case.objects.get()
    assert case.kind == CaseKind.PRAISE and case.inform_by is None
    assert "Vi för vidare ditt beröm" in client.get(CONFIRMATION_URL).content.decode()


def test_it_sends_the_complaint_to_the_unit_manager_when_asked(client, tree):
    walk(client, tree, mottagare={"wants_manager": "yes"})
    submit(client)
    case = Case.objects.get()
    assert case.wants_manager and case.holder == tree.unit_manager


def test_i_do_not_know_goes_to_the_registrar(client, tree):
    walk(client, tree, verksamhet={"unit": "unknown"})
    submit(client)
    case = Case.objects.get()
    assert case.unit is None and case.holder == tree.registrar


def test_it_refuses_a_unit_of_another_organisation(client, tree):
    from organisations.testing import build_tree

    other = build_tree(slug="annanby", prefix="AN")
    walk(client, tree, until="verksamhet")
    response = client.post(step_url("verksamhet"), {"unit": str(other.care_home.pk)})
    assert response.status_code == 200
    assert "Välj vilken verksamhet det gäller" in response.content.decode()


def test_an_identified_sender_gets_a_receipt_mail_without_case_content(client, tree, smtp_server):
    walk(client, tree, anonymous=False)
    submit(client)
    case = Case.objects.get()
    assert case.contact_email == "anna.andersson@example.se"
    assert case.contact_name == "Anna Andersson"
    assert outbox_sweep() == 1
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "anna.andersson@example.se"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert case.reference_number in text or case.reference_number in message["Subject"]
    assert case.reference_number in text
    for secret_text in (WHAT_HAPPENED, DESIRED, "Personalen", "Solgården", "Anna Andersson"):
        assert secret_text not in text and secret_text not in message["Subject"]
    assert "registrerat" in text  # in Swedish, the language chosen


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_delivers_the_receipt_mail(client, transactional_tree, smtp_server):
    tree = transactional_tree
    walk(client, tree, anonymous=False, kontaktuppgifter={"preferred_language": "en"})
    submit(client)
    case = Case.objects.get()
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    assert len(smtp_server.messages) == 1
    text = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert case.reference_number in text
    assert "registered" in text  # in English, the language chosen
    assert WHAT_HAPPENED not in text and DESIRED not in text


# The session; the organisation and the unit; the routing (the ladder with its holders); the year's counter (read
# locked, then written, or created on the year's first case); the case, its assignment, the receipt in the outbox;
# the session saved in the transaction, as one UPDATE without a savepoint; the audit rows under the chain's lock;
# the receipt's task after the commit; the statistics' summary (the node's lock, the case's rows: quality.summary).
FINAL_POST_MAX_QUERIES = 22


def test_the_final_post_does_not_grow_with_the_tree(client, tree, django_assert_max_num_queries):
    from organisations.models import NodeKind
    from organisations.services import node_create

    walk(client, tree, anonymous=False)
    with django_assert_max_num_queries(FINAL_POST_MAX_QUERIES) as first:
        assert submit(client).status_code == 302
    baseline = len(first.captured_queries)
    for number in range(20):
        node_create(
            organisation=tree.organisation, parent=tree.elderly, kind=NodeKind.UNIT, name=f"Enhet {number}"
        )
    walk(client, tree, anonymous=False)
    with django_assert_max_num_queries(baseline):
        assert submit(client).status_code == 302
    assert Case.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_case_and_the_senders_session_commit_together(client, transactional_tree):
    """The session (wizard gone, receipt to show) is written in the registration's transaction, once; the
    receipt's task is queued once that transaction has committed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walk(client, transactional_tree, anonymous=False)
    with CaptureQueriesContext(connection) as queries:
        assert submit(client)["Location"] == CONFIRMATION_URL
    statements = [query["sql"] for query in queries.captured_queries]
    session_writes = [i for i, sql in enumerate(statements) if 'UPDATE "django_session"' in sql]
    task_writes = [
        i for i, sql in enumerate(statements) if 'INSERT INTO "django_tasks_database_dbtaskresult"' in sql
    ]
    case_writes = [i for i, sql in enumerate(statements) if 'INSERT INTO "cases_case"' in sql]
    assert len(session_writes) == 1, statements  # the end of the request finds nothing new to write
    # One UPDATE within the registration's transaction, not wrapped in a savepoint (intake.views.session_write).
    assert "SAVEPOINT" not in statements[session_writes[0] - 1].upper(), statements
    assert "SAVEPOINT" not in statements[session_writes[0] + 1].upper(), statements
    assert len(case_writes) == 1 and len(task_writes) == 1, statements
    commit = next(i for i, sql in enumerate(statements) if sql == "COMMIT" and i > case_writes[0])
    assert case_writes[0] < session_writes[0] < commit < task_writes[0], statements
    assert client.get(CONFIRMATION_URL).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_session_that_cannot_be_saved_registers_nothing_and_keeps_the_answers(
    client, transactional_tree, settings
):
    from intake.tests import failing_session

    settings.SESSION_ENGINE = "intake.tests.failing_session"
    walk(client, transactional_tree)
    failing_session.broken = True
    client.raise_request_exception = False
    try:
        assert submit(client).status_code == 500
    finally:
        failing_session.broken = False
    assert not Case.objects.exists()
    assert not Event.objects.filter(action="registered").exists()
    assert not OutboundEmail.objects.exists()
    assert client.get(CHECK_URL).status_code == 200  # what they answered is all still there
    assert submit(client)["Location"] == CONFIRMATION_URL
    assert Case.objects.get().what_happened == WHAT_HAPPENED
