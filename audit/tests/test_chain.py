"""The audit trail is append-only in the database and tamper-evident through its hash chain."""

from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.actions import Action
from audit.chain import GENESIS, first_break
from audit.models import Event
from audit.services import audit_record

pytestmark = pytest.mark.django_db


def record_some(count=5, actor=None):
    return [
        audit_record(action=Action.VIEWED, case_id=None, actor=actor, data={"n": i, "ä": "ö"})
        for i in range(count)
    ]


def test_each_row_chains_to_the_one_before():
    events = record_some()
    assert events[0].prev_hash == (
        Event.objects.filter(pk__lt=events[0].pk).order_by("-pk").values_list("hash", flat=True).first()
        or GENESIS
    )
    for before, after in pairwise(events):
        assert after.prev_hash == before.hash
    assert first_break(Event.objects.order_by("pk").iterator()) is None


def test_audit_verify_reports_an_intact_chain(capsys):
    record_some()
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_the_database_refuses_to_update_a_row():
    event = record_some(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(action="tampered")
    event.refresh_from_db()
    assert event.action == Action.VIEWED


def test_the_database_refuses_to_delete_a_row():
    event = record_some(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.filter(pk=event.pk).exists()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event")
    assert Event.objects.filter(pk=event.pk).exists()


def _tamper(sql, params):
    """Change a row behind the application's back, as someone with the database owner's rights could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            cursor.execute(sql, params)
            for _, trigger_sql in triggers:
                cursor.execute(trigger_sql)


def test_audit_verify_names_the_first_changed_row():
    events = record_some(6)
    victim = events[3]
    _tamper("UPDATE audit_event SET data = %s WHERE id = %s", ['{"n": 99, "ä": "ö"}', victim.pk])
    with pytest.raises(CommandError, match=f"event id {victim.pk}: hash does not match"):
        call_command("audit_verify")


def test_audit_verify_names_the_row_after_a_removed_one():
    events = record_some(6)
    _tamper("DELETE FROM audit_event WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match=f"event id {events[3].pk}: prev_hash"):
        call_command("audit_verify")


def test_a_forged_row_with_a_recomputed_hash_still_breaks_the_next_link():
    events = record_some(4)
    victim = events[1]
    from audit.chain import event_hash

    victim.actor_label = "staff:999"
    forged = event_hash(victim, victim.prev_hash)
    _tamper(
        "UPDATE audit_event SET actor_label = %s, hash = %s WHERE id = %s", ["staff:999", forged, victim.pk]
    )
    with pytest.raises(CommandError, match=f"event id {events[2].pk}"):
        call_command("audit_verify")


def _tail(capsys) -> str:
    call_command("audit_verify")
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("Tail: "))
    return line.removeprefix("Tail: ")


def test_audit_verify_prints_the_tail_to_keep_outside_the_database(capsys):
    events = record_some(3)
    last = Event.objects.order_by("-pk").first()
    assert last == events[-1]
    assert _tail(capsys) == f"{last.pk}:{last.hash}"


def test_expect_tail_passes_while_the_noted_row_is_there_and_later_rows_are_added(capsys):
    record_some(3)
    tail = _tail(capsys)
    record_some(2)
    call_command("audit_verify", expect_tail=tail)
    out = capsys.readouterr().out
    assert "found, unchanged" in out and f"Tail: {tail}" not in out


def test_expect_tail_fails_when_the_newest_rows_were_removed(capsys):
    """Removing the newest rows leaves a whole chain: only a tail kept outside the database shows it."""
    events = record_some(5)
    tail = _tail(capsys)
    _tamper("DELETE FROM audit_event WHERE id >= %s", [events[3].pk])
    call_command("audit_verify")  # the chain that is left is intact...
    with pytest.raises(CommandError, match=f"tail event id {events[-1].pk} is missing"):
        call_command("audit_verify", expect_tail=tail)  # ...but the noted tail is gone


def test_expect_tail_fails_when_the_noted_row_has_another_hash(capsys):
    events = record_some(2)
    with pytest.raises(CommandError, match="another hash"):
        call_command("audit_verify", expect_tail=f"{events[-1].pk}:{'0' * 64}")


def test_expect_tail_refuses_a_malformed_value():
    with pytest.raises(CommandError, match="ID:HASH"):
        call_command("audit_verify", expect_tail="12:not-a-hash")


@pytest.mark.django_db(transaction=True)
def test_the_test_flush_still_empties_the_trail_and_the_trigger_comes_back():
    """Django's flush (run between transactional tests) lifts the DELETE trigger only while it runs."""
    record_some(2)
    call_command("flush", verbosity=0, interactive=False)
    assert not Event.objects.exists()
    event = record_some(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
            )
            assert {name for (name,) in cursor.fetchall()} == {
                "audit_event_append_only",
                "audit_event_no_delete",
            }


def test_several_events_appended_together_chain_in_order_and_read_back_as_written():
    from audit.services import Entry, audit_record_many

    before = Event.objects.count()
    events = audit_record_many(
        [
            Entry(
                action=Action.REGISTERED,
                actor_label="citizen",
                data={"kind": "complaint", "enhet": "Åsgården"},
            ),
            Entry(action=Action.ASSIGNED, data={"to": 7, "step": 1}),
        ]
    )
    assert Event.objects.count() == before + 2
    assert events[1].prev_hash == events[0].hash
    stored = list(Event.objects.filter(pk__in=[e.pk for e in events]).order_by("pk"))
    assert [(e.pk, e.prev_hash, e.hash, e.action) for e in stored] == [
        (e.pk, e.prev_hash, e.hash, e.action) for e in events
    ]
    assert first_break(Event.objects.order_by("pk").iterator()) is None


@pytest.mark.django_db(transaction=True)
def test_appends_from_concurrent_requests_keep_one_whole_chain():
    import threading

    from django.db import connections

    errors = []

    def append(worker):
        try:
            for n in range(10):
                audit_record(action=Action.VIEWED, actor_label=f"test:{worker}", data={"n": n, "å": "ä"})
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Event.objects.filter(actor_label__startswith="test:").count() == 40
    assert first_break(Event.objects.order_by("pk").iterator()) is None
