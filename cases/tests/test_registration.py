import threading

import pytest
from django.db import connection

from audit.models import Event
from cases.models import Assignment, Case, CaseKind, SenderRole
from cases.receipts import secret_matches
from cases.services import CaseSubmission, case_register
from notifications.models import OutboundEmail


def submission(tree, **overrides):
    values = dict(
        organisation=tree.organisation,
        kind=CaseKind.COMPLAINT,
        sender_role=SenderRole.RELATIVE,
        what_happened="Personalen hade ett dåligt bemötande mot min mamma.",
        unit=tree.care_home,
    )
    values.update(overrides)
    return CaseSubmission(**values)


def test_it_registers_with_a_sequential_reference_number(tree):
    first = case_register(submission=submission(tree)).case
    second = case_register(submission=submission(tree)).case
    year = first.received_at.year
    assert first.reference_number == f"SN {year}/00001"
    assert second.reference_number == f"SN {year}/00002"


def test_it_keeps_only_a_hash_of_the_secret(tree):
    registration = case_register(submission=submission(tree, is_anonymous=True, contact_name="Ska bort"))
    case = registration.case
    assert registration.receipt_secret not in case.receipt_secret_hash
    assert secret_matches(registration.receipt_secret, case.receipt_secret_hash)
    assert case.contact_name == ""


def test_it_queues_a_receipt_mail_without_case_content(tree):
    case = case_register(submission=submission(tree, contact_email="anna.andersson@example.se")).case
    mail = OutboundEmail.objects.get(case=case)
    assert case.reference_number in mail.body_text
    assert "bemötande" not in mail.body_text and "bemötande" not in mail.subject


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_numbers(transactional_tree):
    tree = transactional_tree
    errors = []

    def register():
        try:
            for _ in range(5):
                case_register(submission=submission(tree))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection, or it outlives the test database

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(Case.objects.values_list("reference_serial", flat=True))
    assert serials == list(range(1, 21))


@pytest.mark.django_db(transaction=True)
def test_a_registration_is_written_whole_or_not_at_all(transactional_tree):
    """The case, its assignment, the receipt in the outbox, the session saved with it, the audit rows and the
    serial: all or nothing; the receipt's task is queued only once they are committed."""
    from django_tasks_db.models import DBTaskResult

    class Crashed(Exception):
        pass

    def crash(registration):
        raise Crashed

    events_before = Event.objects.count()  # the tree's own set-up is audited too
    with pytest.raises(Crashed):
        case_register(
            submission=submission(transactional_tree, contact_email="a@example.se"), before_commit=crash
        )
    assert not Case.objects.exists()
    assert not Assignment.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert Event.objects.count() == events_before
    assert not DBTaskResult.objects.exists()

    case = case_register(submission=submission(transactional_tree, contact_email="a@example.se")).case
    assert case.reference_number == f"SN {case.received_at.year}/00001"  # the failed try took no serial
    assert Assignment.objects.filter(case=case).count() == 1
    receipt = OutboundEmail.objects.get(case=case)
    assert list(Event.objects.filter(case=case).values_list("action", flat=True)) == [
        "registered",
        "assigned",
    ]
    assert DBTaskResult.objects.filter(args_kwargs__args=[receipt.pk]).count() == 1


def test_a_taken_receipt_code_makes_the_registration_start_again_with_another(tree, monkeypatch):
    from cases import receipts

    first = case_register(submission=submission(tree, contact_email="a@example.se")).case
    real = receipts.new_receipt_code
    codes = iter([first.receipt_code])  # the next registration draws the taken code first, then a fresh one
    monkeypatch.setattr(receipts, "new_receipt_code", lambda: next(codes, None) or real())

    second = case_register(submission=submission(tree, contact_email="b@example.se")).case

    assert second.receipt_code != first.receipt_code
    year = first.received_at.year
    assert second.reference_number == f"SN {year}/00002"  # the rolled-back try took no serial
    assert Case.objects.count() == 2
    assert Assignment.objects.filter(case=second).count() == 1
    assert OutboundEmail.objects.filter(case=second).count() == 1
    assert Event.objects.filter(case=second, action="registered").count() == 1


def test_it_gives_up_when_every_receipt_code_is_taken(tree, monkeypatch):
    from django.db import IntegrityError

    from cases import receipts

    first = case_register(submission=submission(tree)).case
    monkeypatch.setattr(receipts, "new_receipt_code", lambda: first.receipt_code)
    with pytest.raises(IntegrityError):
        case_register(submission=submission(tree))
    assert Case.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the search document is PostgreSQL's")
def test_the_search_document_is_the_one_search_vector_makes_of_the_texts(tree):
    from django.contrib.postgres.search import SearchVector
    from django.db.models import F, Value

    case = case_register(submission=submission(tree, desired_outcome="En ursäkt.")).case
    expected = SearchVector(
        Value(case.what_happened), Value(case.desired_outcome), Value(case.subject), config="swedish"
    )
    assert (
        Case.objects.filter(pk=case.pk)
        .annotate(expected=expected)
        .filter(search_document=F("expected"))
        .exists()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM cases_case WHERE search_document @@ plainto_tsquery('swedish', %s)",
            ["bemötandet"],
        )
        assert cursor.fetchall() == [(case.pk,)]
