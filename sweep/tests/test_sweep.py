"""The whole sweep, composed in sweep.services: every part runs, in one call."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import RateCounter
from sweep.services import SweepReport, sweep_run


@pytest.mark.django_db
def test_it_clears_expired_rate_counters_with_the_rest():
    RateCounter.objects.create(key="old", hits=1, expires_at=timezone.now() - timedelta(minutes=1))
    report = sweep_run()
    assert isinstance(report, SweepReport)
    assert report.counters_deleted == 1
    assert not RateCounter.objects.exists()


@pytest.mark.django_db
def test_the_command_reports_every_part(capsys):
    call_command("sweep")
    out = capsys.readouterr().out
    for part in (
        "on the date:",
        "e-mail sent:",
        "expired counters:",
        "expired links:",
        "unsubmitted uploads:",
        "old idempotency keys:",
        "finished webhook deliveries:",
    ):
        assert part in out
