import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult, get_date_max

from accounts.models import User
from core.queries import Together, insert_one, only_match, pk_next, prepared, select_one, update_where
from notifications.models import EmailStatus, OutboundEmail
from organisations.models import NodeKind, Organisation, OrgNode

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.UTC)


def test_only_match_gives_the_row_or_none_without_an_order_by(tree):
    with CaptureQueriesContext(connection) as queries:
        found = only_match(OrgNode.objects.filter(pk=tree.care_home.pk))  # OrgNode is ordered by path
        missing = only_match(OrgNode.objects.filter(pk=-1))
    assert found == tree.care_home
    assert missing is None
    assert len(queries) == 2
    assert all("ORDER BY" not in query["sql"] for query in queries.captured_queries)


def _message(**overrides) -> OutboundEmail:
    values = {"to": "anna@exempel.se", "subject": "Ärende", "body_text": "Hej\n", "kind": "receipt"}
    return OutboundEmail(**(values | overrides))


def _row(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


@time_machine.travel(NOW, tick=False)
def test_insert_one_writes_the_row_that_save_writes(tree):
    by_save = _message(next_attempt_at=NOW)
    by_save.save(force_insert=True)
    by_helper = insert_one(_message(next_attempt_at=NOW))

    assert by_helper.pk is not None and by_helper.pk != by_save.pk
    assert by_helper._state.adding is False and by_helper._state.db == "default"
    saved, inserted = _row(OutboundEmail, by_save.pk), _row(OutboundEmail, by_helper.pk)
    assert {**inserted, "id": None} == {**saved, "id": None}
    assert inserted["created_at"] == NOW  # auto_now_add, set by the field as save() sets it
    assert inserted["status"] == EmailStatus.QUEUED  # a default


def test_insert_one_is_one_statement_and_sends_the_save_signals(tree):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append((kwargs.get("created"), instance.pk is not None))

    signals.pre_save.connect(receiver, sender=OutboundEmail)
    signals.post_save.connect(receiver, sender=OutboundEmail)
    try:
        with CaptureQueriesContext(connection) as queries:
            insert_one(_message(next_attempt_at=NOW))
    finally:
        signals.pre_save.disconnect(receiver, sender=OutboundEmail)
        signals.post_save.disconnect(receiver, sender=OutboundEmail)
    assert seen == [(None, False), (True, True)]
    assert len(queries) == 1


def test_insert_one_gives_a_primary_key_that_is_not_made_by_the_database_and_runs_library_receivers():
    # DBTaskResult: a UUID key from Python, JSON columns, and django-tasks-db's own pre_save receiver (which
    # turns "run whenever" into its far-future date).
    task = insert_one(
        DBTaskResult(
            args_kwargs={"args": [1], "kwargs": {"å": "ö"}},
            task_path="notifications.tasks.deliver_email",
            backend_name="default",
            run_after=None,
        )
    )
    stored = DBTaskResult.objects.get(pk=task.pk)
    assert stored.args_kwargs == {"args": [1], "kwargs": {"å": "ö"}}
    assert stored.run_after == get_date_max()
    assert stored.worker_ids == []


def test_insert_one_refuses_a_model_that_saves_itself_in_its_own_way():
    with pytest.raises(TypeError, match="saves itself"):
        insert_one(User(username="x@exempel.se"))  # AbstractBaseUser has a save() of its own


def test_select_one_reads_the_row_as_the_orm_does(tree):
    with CaptureQueriesContext(connection) as queries:
        unit = select_one(
            OrgNode, pk=tree.care_home.pk, organisation=tree.organisation, kind=NodeKind.UNIT, is_active=True
        )
        closed = select_one(OrgNode, pk=tree.care_home.pk, is_active=False)
        first = select_one(Organisation, order_by="pk")
    assert unit is not None and closed is None
    expected = OrgNode.objects.get(pk=tree.care_home.pk)
    assert {f.attname: getattr(unit, f.attname) for f in OrgNode._meta.concrete_fields} == {
        f.attname: getattr(expected, f.attname) for f in OrgNode._meta.concrete_fields
    }
    assert unit._state.adding is False and unit._state.db == "default"
    assert first == Organisation.objects.order_by("pk").first()
    assert len(queries) == 3
    assert "ORDER BY" not in queries.captured_queries[0]["sql"]


def test_select_one_converts_values_from_the_database(tree):
    # On SQLite a datetime comes back as text and a boolean as an integer: the fields' converters apply.
    session = Session.objects.create(session_key="k" * 32, session_data="data", expire_date=NOW)
    found = select_one(Session, session_key=session.session_key)
    assert found is not None and found.expire_date == NOW and isinstance(found.expire_date, dt.datetime)
    node = select_one(OrgNode, pk=tree.care_home.pk)
    assert node is not None and node.is_active is True


def test_update_where_sets_the_values_on_the_matching_rows_only():
    for key in ("a" * 32, "b" * 32):
        Session.objects.create(session_key=key, session_data="old", expire_date=NOW)
    later = NOW + dt.timedelta(days=1)
    with CaptureQueriesContext(connection) as queries:
        changed = update_where(
            Session, where={"session_key": "a" * 32}, values={"session_data": "new", "expire_date": later}
        )
        none = update_where(Session, where={"pk": "c" * 32}, values={"session_data": "x"})
    assert (changed, none) == (1, 0)
    assert len(queries) == 2
    assert Session.objects.get(pk="a" * 32).session_data == "new"
    assert Session.objects.get(pk="a" * 32).expire_date == later
    assert Session.objects.get(pk="b" * 32).session_data == "old"


# --- Together -----------------------------------------------------------------------------------------------------


def _keys(model, count: int) -> list[int]:
    """Keys taken for `model` beforehand, as a registration takes them with its serial (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join([pk_next(model)] * count)}")
        return list(cursor.fetchone())


@time_machine.travel(NOW, tick=False)
def test_together_writes_what_insert_one_and_update_where_write_and_gives_the_select_s_rows():
    Session.objects.create(session_key="a" * 32, session_data="old", expire_date=NOW)
    by_helper = insert_one(_message(next_attempt_at=NOW))
    together = Together()
    if together.defers:
        together.keys_add(OutboundEmail, _keys(OutboundEmail, 2))
    first, second = _message(next_attempt_at=NOW), _message(next_attempt_at=NOW, to="bo@exempel.se")
    task = DBTaskResult(
        id="2f1c0a57-9b0e-4b8e-8a0b-5f2f3d6c7e10",
        args_kwargs={"args": [1], "kwargs": {}},
        priority=0,
        task_path="notifications.tasks.deliver_email",
        queue_name="default",
        backend_name="default",
        run_after=get_date_max(),
    )
    counted = []
    with CaptureQueriesContext(connection) as queries:
        together.insert(first)
        together.insert(second)
        together.insert(task)  # a key made in Python, not by the database
        together.update(
            Session, where={"session_key": "a" * 32}, values={"session_data": "new"}, checked=counted.append
        )
        together.update(
            Session, where={"session_key": "c" * 32}, values={"session_data": "x"}, checked=counted.append
        )
        sent = together.send(("SELECT %s, %s", [7, "sju"]))
    assert sent.counts == counted == [1, 0]
    assert sent.rows == [(7, "sju")]
    assert len(queries) == (1 if together.defers else 6)  # one statement on PostgreSQL, one each elsewhere
    assert first.pk is not None and second.pk is not None and first.pk != second.pk
    assert first._state.adding is False and first._state.db == "default"
    assert {**_row(OutboundEmail, first.pk), "id": None} == {**_row(OutboundEmail, by_helper.pk), "id": None}
    assert _row(OutboundEmail, second.pk)["to"] == "bo@exempel.se"
    assert DBTaskResult.objects.filter(pk=task.pk).exists()
    assert Session.objects.get(pk="a" * 32).session_data == "new"


def test_together_sends_the_save_signals_and_its_callbacks_once_the_rows_are_written():
    together = Together()
    if together.defers:
        together.keys_add(OutboundEmail, _keys(OutboundEmail, 1))
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(
            (
                "post_save" if "created" in kwargs else "pre_save",
                OutboundEmail.objects.filter(pk=instance.pk).exists(),
            )
        )

    signals.pre_save.connect(receiver, sender=OutboundEmail)
    signals.post_save.connect(receiver, sender=OutboundEmail)
    try:
        message = _message(next_attempt_at=NOW)
        together.insert(message)
        together.on_sent(lambda: seen.append(("sent", OutboundEmail.objects.filter(pk=message.pk).exists())))
        together.send()
    finally:
        signals.pre_save.disconnect(receiver, sender=OutboundEmail)
        signals.post_save.disconnect(receiver, sender=OutboundEmail)
    assert seen == [("pre_save", False), ("post_save", True), ("sent", True)]


@pytest.mark.django_db(transaction=True)
def test_a_check_that_refuses_a_count_fails_the_transaction_and_writes_nothing():
    from django.db import transaction

    class Refused(Exception):
        pass

    def refuse(count):
        if count == 0:
            raise Refused

    with pytest.raises(Refused), transaction.atomic():
        together = Together()
        if together.defers:
            together.keys_add(OutboundEmail, _keys(OutboundEmail, 1))
        together.insert(_message(next_attempt_at=NOW))
        together.update(
            Session, where={"session_key": "c" * 32}, values={"session_data": "x"}, checked=refuse
        )
        together.send()
    assert not OutboundEmail.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL defers the writes")
def test_together_refuses_a_row_without_its_key_and_a_select_without_rows():
    together = Together()
    with pytest.raises(TypeError, match="pk_next"):
        together.insert(_message(next_attempt_at=NOW))  # no key taken for it
    together.update(Session, where={"session_key": "c" * 32}, values={"session_data": "x"})
    with pytest.raises(ValueError, match="at least one row"):
        together.send(("SELECT 1 WHERE false", []))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's query cache")
def test_psycopg_keeps_the_conversion_of_a_long_statement_with_many_parameters():
    from psycopg import _queries

    sql = "SELECT " + ", ".join(["%s::int"] * 120) + " -- " + "x" * 5000
    with connection.cursor() as cursor:
        cursor.execute(sql, list(range(120)))
        before = _queries._query2pg.cache_info().hits
        cursor.execute(sql, list(range(120)))
        assert cursor.fetchone()[119] == 119
    assert _queries._query2pg.cache_info().hits == before + 1


# --- prepared ---------------------------------------------------------------------------------------------------

BUILT = []


def _children(organisation_id: int, parent_id: int):
    BUILT.append((organisation_id, parent_id))
    return (
        OrgNode.objects.filter(organisation_id=organisation_id, parent_id=parent_id, kind=NodeKind.UNIT)
        .select_related("parent", "organisation")
        .order_by("name", "pk")
    )


def _named(name: str):
    return OrgNode.objects.filter(name=name).order_by("pk")


def _ignores_its_value(pk: int):
    return OrgNode.objects.all()


def _pattern(name: str):
    return OrgNode.objects.filter(name__startswith=name)


def _values(pk: int):
    return OrgNode.objects.filter(pk=pk).values_list("name", flat=True)


def _orm_children(node):
    return list(_children(node.organisation_id, node.pk))


def test_prepared_gives_the_instances_the_orm_gives_with_select_related(tree):
    for parent in OrgNode.objects.all():
        expected = _orm_children(parent)
        with CaptureQueriesContext(connection) as queries:
            found = prepared(_children, organisation_id=parent.organisation_id, parent_id=parent.pk)
            related = [(node.parent.name, node.organisation.name) for node in found]
        assert found == expected
        assert [n.__dict__.keys() for n in found] == [n.__dict__.keys() for n in expected]
        assert [(n.name, n.path, n.kind, n.is_active) for n in found] == [
            (n.name, n.path, n.kind, n.is_active) for n in expected
        ]
        assert related == [(n.parent.name, n.organisation.name) for n in expected]
        assert len(queries) == 1  # the related rows came with it
        assert all(not node._state.adding and node._state.db == "default" for node in found)


def test_prepared_builds_the_query_once_per_connection_and_runs_it_with_each_call_s_values(tree):
    BUILT.clear()
    some = [node for node in OrgNode.objects.all() if _orm_children(node)]
    BUILT.clear()
    assert len(some) >= 2
    for _ in range(2):
        for parent in some:
            found = prepared(_children, organisation_id=parent.organisation_id, parent_id=parent.pk)
            assert found == _orm_children(parent)
    built_with_stand_ins = [b for b in BUILT if b[0] >= 1_900_000_000]
    assert len(built_with_stand_ins) <= 1  # built once, if not already by the test before
    assert prepared(_children, organisation_id=tree.organisation.pk, parent_id=-5) == []


def test_prepared_takes_a_string_value(tree):
    assert prepared(_named, name=tree.care_home.name) == list(_named(tree.care_home.name))
    assert prepared(_named, name="Ingen sådan enhet") == []


def test_prepared_refuses_what_it_cannot_keep_safely(tree):
    def local(pk: int):
        return OrgNode.objects.filter(pk=pk)

    with pytest.raises(TypeError, match="module level"):
        prepared(local, pk=1)
    with pytest.raises(TypeError, match="int or a str"):
        prepared(_named, name=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="does not reach the SQL"):
        prepared(_ignores_its_value, pk=1)
    with pytest.raises(TypeError, match="does not reach the SQL"):
        prepared(_pattern, name="Vård")  # the value becomes a pattern, not itself
    with pytest.raises(TypeError, match="model instances"):
        prepared(_values, pk=1)
