import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.tasks import task_backends
from django.test.utils import CaptureQueriesContext
from django_tasks_db.backend import DatabaseBackend as LibraryDatabaseBackend
from django_tasks_db.models import DBTaskResult

from core.tasks import DatabaseBackend
from notifications.tasks import deliver_email

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 4, 10, 30, tzinfo=dt.UTC)


def test_the_configured_backend_is_ours_and_is_the_librarys_kind():
    assert isinstance(task_backends["default"], DatabaseBackend)
    assert isinstance(task_backends["default"], LibraryDatabaseBackend)  # db_worker and the admin accept it


@time_machine.travel(NOW, tick=False)
def test_it_writes_the_row_the_library_writes_in_one_statement():
    params = {"QUEUES": []}
    with CaptureQueriesContext(connection) as queries:
        ours = DatabaseBackend("default", params).enqueue(deliver_email, (41,), {})
    theirs = LibraryDatabaseBackend("default", params).enqueue(deliver_email, (41,), {})
    assert len(queries) == 1
    rows = {
        str(row.pop("id")): row for row in DBTaskResult.objects.filter(id__in=[ours.id, theirs.id]).values()
    }
    assert len(rows) == 2
    assert rows[ours.id] == rows[theirs.id]
    assert ours.status == theirs.status
    assert DBTaskResult.objects.get(id=ours.id).task_result.args == [41]
