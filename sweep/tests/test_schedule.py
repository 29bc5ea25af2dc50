"""The sweep schedules itself, without cron: the periodic task, the command, and the real worker."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from cases.tests.handling_helpers import manage_subprocess_env, register
from notifications.models import OutboundEmail
from sweep.services import SWEEP_INTERVAL, periodic_sweep, sweep_schedule


def test_the_sweep_command_runs_deadlines_and_the_outbox(tree, capsys, settings):
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend", "OPTIONS": {}}
    }
    with time_machine.travel(date(2026, 3, 2), tick=False):
        register(tree)
    with time_machine.travel(date(2026, 3, 16), tick=False):
        call_command("sweep")
    out = capsys.readouterr().out
    assert "on the date: 1" in out
    assert OutboundEmail.objects.filter(kind="staff_reminder_due").get().status == "sent"


def test_the_periodic_task_runs_the_sweep(tree, settings):
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend", "OPTIONS": {}}
    }
    with time_machine.travel(date(2026, 3, 2), tick=False):
        register(tree)
    with time_machine.travel(date(2026, 3, 16), tick=False):
        result = periodic_sweep.call()
    assert result["reminded_due"] == 1


# --- the sweep runs itself, without cron --------------------------------------------------------------------------


def waiting_sweeps():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path="sweep.services.periodic_sweep", status="READY"))


@pytest.mark.django_db
def test_scheduling_the_sweep_twice_leaves_one_waiting():
    from django.utils import timezone

    now = timezone.now()
    assert sweep_schedule(now=now) is True
    assert sweep_schedule(now=now) is False
    [waiting] = waiting_sweeps()
    assert waiting.run_after == now + SWEEP_INTERVAL
    assert timedelta(minutes=5) == SWEEP_INTERVAL


def test_the_periodic_task_schedules_its_next_run_first(tree):
    moment = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        register(tree, received_at=moment - timedelta(days=14))
        result = periodic_sweep.call()
        assert result["reminded_due"] == 1
        [waiting] = waiting_sweeps()
        assert waiting.run_after == moment + SWEEP_INTERVAL
        periodic_sweep.call()  # a second run while one waits adds none
    assert len(waiting_sweeps()) == 1


@pytest.mark.django_db
def test_a_backend_that_cannot_defer_is_not_scheduled(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # The immediate backend would run the sweep at once, which would schedule itself again, forever.
    assert sweep_schedule() is False
    assert periodic_sweep.enqueue().return_value["reminded_due"] == 0


def test_the_sweep_command_starts_the_chain(tree, capsys):
    call_command("sweep", "--schedule")
    assert "scheduled" in capsys.readouterr().out
    call_command("sweep", "--schedule")
    assert "already" in capsys.readouterr().out
    assert len(waiting_sweeps()) == 1


@pytest.mark.django_db(transaction=True)
def test_workers_scheduling_at_once_leave_one_sweep_waiting(transactional_tree):
    results: list[bool] = []
    errors: list[BaseException] = []
    workers = 4
    barrier = threading.Barrier(workers)

    def work():
        try:
            barrier.wait()
            results.append(sweep_schedule())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert len(waiting_sweeps()) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_sweep_and_schedules_the_next(transactional_tree):
    """The real worker (`manage.py db_worker`) in a subprocess: the scheduled sweep runs, reminds the holder, sends
    the mail, and leaves the next sweep waiting five minutes ahead."""
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    tree = transactional_tree
    case = register(tree, received_at=timezone.now() - timedelta(days=14))
    assert case.inform_by == timezone.localdate()
    call_command("sweep", "--schedule")
    started = timezone.now()
    env = manage_subprocess_env()
    connection.close()
    manage = Path(settings.BASE_DIR) / "manage.py"
    process = subprocess.run(
        [sys.executable, str(manage), "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert process.returncode == 0, process.stderr.decode()[-2000:]
    ran = DBTaskResult.objects.filter(task_path="sweep.services.periodic_sweep", status="SUCCESSFUL")
    assert ran.count() == 1
    returned = ran.get().return_value
    assert returned is not None and returned["reminded_due"] == 1
    mail = OutboundEmail.objects.get(kind="staff_reminder_due", case=case)
    assert mail.status == "sent"
    [waiting] = waiting_sweeps()
    assert waiting.run_after >= started + SWEEP_INTERVAL - timedelta(seconds=1)
