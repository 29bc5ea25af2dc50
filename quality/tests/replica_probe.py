"""Run by test_read_replica.py in a process of its own, whose DATABASE_URL and DATABASE_REPLICA_URL name the test's
primary and its streaming replica (core/replica_testing.py), on a migrated database: writes cases on the primary,
waits until the replica has them, then opens the statistics page and an export as a quality developer while every
statement each connection sends is captured (`execute_wrapper`, Django's public API), and prints what was read
and written where, as JSON, for the test to check."""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synpunkt.settings")

import django

django.setup()

from django.db import DatabaseError, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.testing import force_login_passes_second_factor  # noqa: E402
from audit.models import Event  # noqa: E402
from cases.models import Case  # noqa: E402
from cases.tests.handling_helpers import register  # noqa: E402
from organisations.testing import build_tree  # noqa: E402


def replicated(count: int) -> float:
    """Seconds until the replica holds `count` cases."""
    started = time.monotonic()
    while Case.objects.using("replica").count() != count:
        if time.monotonic() - started > 60:
            raise TimeoutError("the replica did not catch up")
        time.sleep(0.05)
    return time.monotonic() - started


def captured(client: Client, path: str) -> tuple[int, object, dict[str, list[str]]]:
    statements: dict[str, list[str]] = {"default": [], "replica": []}

    def capture(alias: str):
        def wrapper(execute, sql, params, many, context):
            statements[alias].append(sql)
            return execute(sql, params, many, context)

        return wrapper

    with (
        connections["default"].execute_wrapper(capture("default")),
        connections["replica"].execute_wrapper(capture("replica")),
    ):
        response = client.get(path)
    return response.status_code, response, statements


def main() -> None:
    setup_test_environment()
    tree = build_tree()
    for _ in range(3):
        register(tree)
    lag = replicated(3)
    client = Client()
    with force_login_passes_second_factor():
        client.force_login(tree.quality_developer)
    page = reverse("statistics:page")
    status, response, page_statements = captured(client, page)
    page_cases = response.context["summary"].cases if status == 200 else None

    # A case written now is counted once the replica has it: the page reads the replica's rows.
    register(tree)
    replicated(4)
    _, response, _ = captured(client, page)
    page_cases_after = response.context["summary"].cases

    events_before = Event.objects.count()
    export_status, _, export_statements = captured(
        client, reverse("statistics:export", args=["manad", "csv"])
    )
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        in_recovery = cursor.fetchone()[0]
        try:
            cursor.execute("CREATE TABLE replica_probe (id int)")
            replica_refused_write = False
        except DatabaseError:  # a hot standby is read-only
            replica_refused_write = True
    print(
        json.dumps(
            {
                "replica_port": connections["replica"].settings_dict["PORT"],
                "default_port": connections["default"].settings_dict["PORT"],
                "in_recovery": in_recovery,
                "replica_refused_write": replica_refused_write,
                "replication_seconds": lag,
                "page_status": status,
                "page_cases": page_cases,
                "page_cases_after": page_cases_after,
                "page": page_statements,
                "export_status": export_status,
                "export": export_statements,
                "export_audited": Event.objects.count() - events_before,
            }
        )
    )


if __name__ == "__main__":
    main()
