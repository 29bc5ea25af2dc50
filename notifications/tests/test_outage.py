"""A mail server that is down delays mail and loses none (issue 3, item 5): real SMTP server, real worker.

These tests commit for real (transactional_db): a message's task is queued once the transaction that stores the
message commits, and the database worker opens and closes its own connections and transactions, as it does in
production.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cases.models import CaseKind, SenderRole
from cases.services import CaseSubmission, case_news_email_enqueue, case_register
from notifications.models import EmailStatus, OutboundEmail
from notifications.services import outbox_sweep

N = 6
WHAT_HAPPENED = "Min bror fick fel mat på boendet flera dagar i rad."


@pytest.fixture
def tasks_in_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)


def register_cases(tree, count):
    cases = []
    for number in range(count):
        registration = case_register(
            submission=CaseSubmission(
                organisation=tree.organisation,
                kind=CaseKind.COMPLAINT,
                sender_role=SenderRole.PERSON_CONCERNED,
                what_happened=WHAT_HAPPENED,
                unit=tree.care_home,
                contact_name=f"Person {number}",
                contact_email=f"person{number}@example.se",
            )
        )
        cases.append(registration.case)
    return cases


def citizen_mail():
    return OutboundEmail.objects.filter(to__startswith="person")


def test_a_mail_server_outage_delays_mail_and_loses_none(transactional_tree, smtp_server, tasks_in_database):
    smtp_server.stop()
    cases = register_cases(transactional_tree, N // 2)  # N/2 receipts
    for case in cases:
        with transaction.atomic():
            case_news_email_enqueue(case=case)  # and N/2 news mails
    assert citizen_mail().count() == N
    # The worker runs while the server is down: everything stays queued, each try recorded.
    run_worker()
    assert smtp_server.messages == []
    for mail in citizen_mail():
        assert mail.status == EmailStatus.QUEUED
        assert mail.attempts == 1
        assert mail.last_error  # the error's class name, e.g. ConnectionRefusedError
        assert mail.next_attempt_at > timezone.now()
    # Each message's task has put itself back in the queue for its next try, not before.
    waiting = DBTaskResult.objects.filter(status="READY", task_path="notifications.services.deliver_email")
    assert waiting.count() >= N
    assert all(task.run_after > timezone.now() for task in waiting)

    # Still down at the next try: a second attempt is recorded, the back-off grows.
    with time_machine.travel(timezone.now() + timedelta(minutes=1, seconds=5)):
        run_worker()
    assert smtp_server.messages == []
    assert set(citizen_mail().values_list("attempts", flat=True)) == {2}

    smtp_server.start()
    # Before the back-off has passed nothing is sent...
    run_worker()
    assert smtp_server.messages == []
    # ...after it, every message goes, once.
    with time_machine.travel(timezone.now() + timedelta(minutes=3, seconds=5)):
        run_worker()
        outbox_sweep()  # the sweep finds nothing left to do
        run_worker()

    received = [message for message in smtp_server.messages if message["To"].startswith("person")]
    assert len(received) == N
    assert len({message["Message-ID"] for message in received}) == N
    assert sorted(message["To"] for message in received) == sorted(
        citizen_mail().values_list("to", flat=True)
    )
    assert set(citizen_mail().values_list("status", flat=True)) == {EmailStatus.SENT}
    assert all(mail.sent_at is not None for mail in citizen_mail())
    for message in received:
        assert WHAT_HAPPENED not in message.get_content()
        assert WHAT_HAPPENED not in message["Subject"]


def test_the_sweep_sends_mail_whose_task_was_never_enqueued(
    transactional_tree, smtp_server, tasks_in_database, monkeypatch
):
    from notifications import services

    class LostQueue:
        def get_backend(self):
            return self

        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue unavailable")

    monkeypatch.setattr(services, "deliver_email", LostQueue())
    register_cases(transactional_tree, 3)
    assert citizen_mail().filter(status=EmailStatus.QUEUED).count() == 3
    assert not DBTaskResult.objects.exists()
    assert outbox_sweep() == 3
    assert len([m for m in smtp_server.messages if m["To"].startswith("person")]) == 3
    assert outbox_sweep() == 0  # nothing twice
    assert len([m for m in smtp_server.messages if m["To"].startswith("person")]) == 3


def test_a_task_and_the_sweep_never_send_the_same_message_twice(
    transactional_tree, smtp_server, tasks_in_database
):
    register_cases(transactional_tree, 2)
    outbox_sweep()  # the sweep gets there before the worker
    run_worker()  # the tasks find the messages already sent
    assert len([m for m in smtp_server.messages if m["To"].startswith("person")]) == 2
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_message_being_sent_elsewhere_is_left_alone(tree, smtp_server):
    from notifications.services import SEND_LEASE, email_deliver

    case = register_cases(tree, 1)[0]  # in the test's transaction: nothing is enqueued
    mail = OutboundEmail.objects.get(case=case)
    # Another worker has claimed it (its lease runs): this one must not send it.
    OutboundEmail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now() + SEND_LEASE)
    assert email_deliver(mail.pk) is False
    assert smtp_server.messages == []
    # The claimer died: once the lease has run out, the message is sent.
    with time_machine.travel(timezone.now() + SEND_LEASE + timedelta(seconds=1)):
        assert email_deliver(mail.pk) is True
    assert len(smtp_server.messages) == 1


def test_two_sweeps_at_once_send_each_message_once(transactional_tree, smtp_server, tasks_in_database):
    import threading

    from django.db import close_old_connections, connection

    register_cases(transactional_tree, 8)
    results: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def sweep():
        try:
            start.wait()
            results.append(outbox_sweep())
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert not errors
    assert sum(results) == 8
    received = [message for message in smtp_server.messages if message["To"].startswith("person")]
    assert len(received) == 8
    assert len({message["Message-ID"] for message in received}) == 8
    assert set(citizen_mail().values_list("status", flat=True)) == {EmailStatus.SENT}
    assert set(citizen_mail().values_list("attempts", flat=True)) == {1}


def test_the_task_is_queued_once_the_message_commits_and_never_for_a_rollback(
    transactional_tree, tasks_in_database
):
    case = register_cases(transactional_tree, 1)[0]
    receipt = OutboundEmail.objects.get(case=case)
    assert DBTaskResult.objects.filter(args_kwargs__args=[receipt.pk]).count() == 1

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        news = case_news_email_enqueue(case=case)
        assert news is not None
        assert not DBTaskResult.objects.filter(args_kwargs__args=[news.pk]).exists()  # not before the commit
        raise Undone
    assert OutboundEmail.objects.filter(case=case).count() == 1
    assert DBTaskResult.objects.count() == 1

    with transaction.atomic():
        news = case_news_email_enqueue(case=case)
        assert news is not None
    assert DBTaskResult.objects.filter(args_kwargs__args=[news.pk]).count() == 1
