"""A run killed half-way (the process gone with SIGKILL, mid-batch or between batches) is taken up again: what a
committed batch deleted stays deleted, nothing is deleted twice, the files of every deleted case are removed, and
the audit chain verifies."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from audit.chain import first_break
from audit.models import Event
from cases.models import Attachment, Case
from cases.tests.handling_helpers import manage_subprocess_env
from retention import services
from retention.models import DeletionRecord, PendingFileRemoval, RetentionRun, RunState

from .conftest import RUN_DAY, archivist_of, old_case

CASES = 8


@pytest.mark.django_db(transaction=True)
def test_a_run_killed_half_way_is_finished_by_running_it_again(transactional_tree):
    tree = transactional_tree
    archivist = archivist_of(tree)
    cases = [old_case(tree, attachment=True) for _ in range(CASES)]
    files = list(Attachment.objects.values_list("file", flat=True))
    assert len(files) == CASES and all(default_storage.exists(name) for name in files)
    run = services.run_preview(organisation=tree.organisation, acting_user=archivist, as_of=RUN_DAY)
    RetentionRun.objects.filter(pk=run.pk).update(
        state=RunState.APPROVED
    )  # approved; the worker is this test

    env = manage_subprocess_env()
    env["SYNPUNKT_MEDIA_ROOT"] = settings.STORAGES["default"]["OPTIONS"]["location"]
    connection.close()
    process = subprocess.Popen(
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "retention_run",
            str(run.pk),
            "--batch-size",
            "1",
            "--pause",
            "0.4",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while RetentionRun.objects.get(pk=run.pk).deleted < 3:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the run never got going"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    half = RetentionRun.objects.get(pk=run.pk)
    assert half.state == RunState.RUNNING
    assert 3 <= half.deleted < CASES
    assert Case.objects.count() == CASES - half.deleted

    done = services.run_execute(run.pk)
    assert done.state == RunState.DONE
    assert (done.deleted, done.kept) == (CASES, 0)
    assert not Case.objects.filter(pk__in=[case.pk for case in cases]).exists()
    assert DeletionRecord.objects.count() == CASES
    assert Event.objects.filter(action="record_deleted").count() == CASES
    assert not PendingFileRemoval.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    assert first_break(Event.objects.order_by("pk").iterator()) is None
    # And once more: nothing left to do, nothing done twice.
    assert services.run_execute(run.pk).deleted == CASES
