"""The statistics read from a real PostgreSQL streaming replica when one is configured (core/routers.py).

A primary and its replica are started beside the machine's server (core/replica_testing.py); the database is
migrated on the primary and arrives on the replica by streaming replication; then a process of its own, with
DATABASE_URL and DATABASE_REPLICA_URL naming them, writes cases and opens the pages (replica_probe.py). It runs in a
process of its own because Django reads its databases from the settings once, and the test run's own are set."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, connection

from core.replica_testing import StreamingReplica, postgresql_bindir
from core.routers import REPLICA, ReadReplicaRouter, analysis_reads

BASE_DIR = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("replica_probe.py")


@pytest.fixture(scope="session")
def streaming_replica() -> Iterator[StreamingReplica]:
    if connection.vendor != "postgresql":
        pytest.skip(
            "the read replica is PostgreSQL's streaming replication: run with DATABASE_URL on PostgreSQL"
        )
    bindir = postgresql_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup) are not installed")
    pair = StreamingReplica(bindir).start()
    try:
        yield pair
    finally:
        pair.stop()


def run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def touches(statements: list[str], table: str) -> list[str]:
    return [sql for sql in statements if table in sql]


def test_the_statistics_and_their_exports_read_from_the_streaming_replica(streaming_replica):
    streaming_replica.create_database("synpunkt")
    env = {
        **os.environ,
        "SYNPUNKT_ENV": "test",
        "SYNPUNKT_MAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DATABASE_URL": streaming_replica.primary_url("synpunkt"),
        "DATABASE_REPLICA_URL": streaming_replica.replica_url("synpunkt"),
    }
    run([sys.executable, "manage.py", "migrate", "-v", "0"], env)
    found = json.loads(run([sys.executable, str(PROBE)], env).strip().splitlines()[-1])

    assert found["replica_port"] == streaming_replica.replica_port
    assert found["default_port"] == streaming_replica.primary_port
    assert found["in_recovery"] is True
    assert found["replica_refused_write"] is True
    # Written on the primary, counted from the replica once streamed there.
    assert found["page_status"] == 200
    assert found["page_cases"] == 3
    assert found["page_cases_after"] == 4
    page = found["page"]
    # The figures come from the statistics' summary (quality.summary, decision 34), kept beside the cases: both are
    # read on the replica only.
    assert touches(page["replica"], "quality_casemonthly")
    for table in ("quality_casemonthly", "cases_case"):
        assert not touches(page["default"], table)
    # Who may see what (the roles) is read on the primary; the session too.
    assert touches(page["default"], "organisations_roleassignment")
    assert not any(sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for sql in page["replica"])
    # The export reads its rows from the replica and writes its audit row to the primary.
    assert found["export_status"] == 200
    assert touches(found["export"]["replica"], "quality_casemonthly")
    assert any(
        sql.lstrip().upper().startswith("INSERT")
        for sql in touches(found["export"]["default"], "audit_event")
    )
    assert found["export_audited"] == 1


# The router only asks whether the alias is configured; no connection is made to it here.
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_without_a_replica_everything_reads_and_writes_on_the_primary(settings):
    router = ReadReplicaRouter()
    databases = {alias: value for alias, value in settings.DATABASES.items() if alias != REPLICA}
    settings.DATABASES = databases
    assert router.db_for_read(object) is None
    with analysis_reads():
        assert router.db_for_read(object) is None
        assert router.db_for_write(object) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "cases") is True


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_with_a_replica_only_the_analysis_reads_there_and_never_writes(settings):
    router = ReadReplicaRouter()
    settings.DATABASES = {**settings.DATABASES, REPLICA: {**settings.DATABASES[DEFAULT_DB_ALIAS]}}
    assert router.db_for_read(object) is None  # the primary, as Django chooses
    with analysis_reads():
        assert router.db_for_read(object) == REPLICA
        assert router.db_for_write(object) == DEFAULT_DB_ALIAS
    assert router.db_for_read(object) is None
    assert router.allow_migrate(REPLICA, "cases") is False


def test_a_replica_url_beside_sqlite_is_refused():
    env = {
        **os.environ,
        "SYNPUNKT_ENV": "test",
        "DATABASE_REPLICA_URL": "postgres://postgres@127.0.0.1:5999/x",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='synpunkt.settings'; django.setup()"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "DATABASE_REPLICA_URL needs DATABASE_URL to point at PostgreSQL" in done.stderr
