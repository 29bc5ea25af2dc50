"""The set-based rebuild of the statistics' summary (quality.summary_rebuild) writes exactly the rows of the
per-case path (quality.summary.organisation_rebuild, the services' rules), and the figures read from them are
those counted from the case table (quality.statistics)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import CaseKind, CaseState, Channel, MessageKind, SenderRole
from organisations.models import Organisation
from quality.models import CaseMonthly
from quality.summary import organisation_rebuild
from quality.summary_rebuild import organisation_rebuild_grouped
from quality.tests.test_statistics import cases  # noqa: F401 (the fixture of hand-made cases)
from quality.tests.test_summary import FIRST, case_specs, check_figures, filters, make_cases, summary_rows

FACTS = {
    "case",
    "category",
    "no_topic",
    "no_cause",
    "clock",
    "open_clock",
    "notice_days",
    "closure_days",
    "escalation",
    "action",
    "registered",
}


def both_ways() -> tuple[list[tuple], list[tuple]]:
    """The rows of the per-case rebuild and of the set-based one of every organisation, each from scratch."""
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    CaseMonthly.objects.all().delete()
    for organisation_id in organisations:
        organisation_rebuild(organisation_id)
    reference = summary_rows()
    CaseMonthly.objects.all().delete()
    for organisation_id in organisations:
        organisation_rebuild_grouped(organisation_id)
    return reference, summary_rows()


def every_fact() -> list[dict]:
    """Cases that between them give every fact and every code: each state and step, clocks in time, late, running
    and of withdrawn cases, steps left informed, missed and neither, actions done, not done and open, notices and
    closures across a month's end and the turn of the day in Swedish time."""
    specs = []
    for n in range(32):
        specs.append(
            {
                "received": FIRST + timedelta(days=13 * n, hours=22 + n % 3, minutes=30),
                "unit": n,
                "kind": [CaseKind.COMPLAINT, CaseKind.FEEDBACK, CaseKind.PRAISE][n % 3],
                "channel": [Channel.WEB, Channel.PHONE, Channel.POST][n % 3 - 1],
                "sender": [SenderRole.RELATIVE, SenderRole.PERSON_CONCERNED][n % 2],
                "state": CaseState.values[n % len(CaseState.values)],
                "step": 1 + n % 3,
                "inform_in": [None, 0, 3, 14][n // 4 % 4],
                "informed": [None, timedelta(days=1, hours=2), timedelta(days=16)][n % 3],
                "closed": [None, timedelta(days=n, minutes=90)][n // 4 % 2],
                "notices": [
                    (
                        timedelta(days=n % 5, hours=1),
                        MessageKind.values[n % len(MessageKind.values)],
                        n % 4 == 0,
                    ),
                    (timedelta(days=n % 7, hours=3), MessageKind.INFORMATION, False),
                ][: n % 3],
                "escalations": [
                    {
                        "after": timedelta(days=n % 9, hours=5),
                        "by_citizen": n % 2 == 0,
                        "kept_by": [None, -2, 4, 20][n % 4],
                        "kept_informed": [None, timedelta(days=2), timedelta(days=8, hours=23)][n % 3],
                    }
                ][: n % 2 + (n % 5 == 0)],
                "actions": [{"due": n - 10, "followed": [None, True, False][n % 3]}],
                "categories": {n, n + 5} if n % 4 else set(),
            }
        )
    return specs


def test_the_set_based_rebuild_writes_the_rows_of_the_per_case_one(tree):
    make_cases(tree, every_fact())
    reference, grouped = both_ways()
    assert {row[6] for row in reference} == FACTS, "the data set should give every fact"
    assert {(row[6], row[7]) for row in reference if row[6] == "clock"} == {
        ("clock", code) for code in ("in_time", "late", "none")
    }
    assert grouped == reference
    organisation_rebuild_grouped(tree.organisation.pk)  # idempotent
    assert summary_rows() == reference
    for first in range(0, 18, 5):
        check_figures(
            tree, {"first": first, "months": 7, "node": -1, "reader": "quality_developer", "today": 200}
        )


def test_the_command_rebuilds_the_hand_made_cases_as_the_services_keep_them(tree, cases):  # noqa: F811
    kept = summary_rows()
    reference, grouped = both_ways()
    assert grouped == reference == kept
    CaseMonthly.objects.all().delete()
    call_command("statistics_rebuild")
    assert summary_rows() == kept
    call_command("statistics_rebuild", per_case=True)
    assert summary_rows() == kept


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(case_specs, min_size=1, max_size=20), wanted=st.lists(filters, min_size=1, max_size=3))
def test_the_set_based_rebuild_on_random_cases(tree, specs, wanted):
    with transaction.atomic():
        make_cases(tree, specs)
        reference, grouped = both_ways()
        assert grouped == reference
        for one in wanted:
            check_figures(tree, one)
        transaction.set_rollback(True)
