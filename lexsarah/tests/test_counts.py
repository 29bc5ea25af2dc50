"""Counting records for the statistics and the quality report: by node and month or year, in one query."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from lexsarah import services
from lexsarah.models import Assessment
from lexsarah.selectors import PERIOD_YEAR, lex_sarah_counts, records_visible_to
from lexsarah.tests.conftest import assessed, report

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year, month, day, hour=10, minute=0):
    return time_machine.travel(datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM), tick=False)


def test_it_counts_by_node_and_month_with_the_assessments_and_the_reports_to_ivo(
    people, django_assert_num_queries
):
    tree = people.tree
    with at(2026, 1, 31):
        serious = assessed(report(tree), people.officer, Assessment.SERIOUS)
        services.lex_sarah_report_to_ivo(
            record=serious, acting_user=people.officer, sent_on=date(2026, 1, 31)
        )
        assessed(report(tree), people.officer, Assessment.NEITHER)
        report(tree, node=tree.group_home, by=tree.other_unit_staff)
    with at(2026, 2, 1, 0, 30):  # still 31 January in UTC: counted in Sweden's February
        assessed(report(tree), people.officer, Assessment.CLEAR_RISK)
    with at(2025, 12, 31):
        report(tree)  # outside the period
    with django_assert_num_queries(1):
        rows = lex_sarah_counts(
            organisation=tree.organisation, start=date(2026, 1, 1), end=date(2026, 12, 31)
        )
    by_key = {(row["node_id"], row["period"]): row for row in rows}
    january = by_key[(tree.care_home.pk, date(2026, 1, 1))]
    assert january["reported"] == 2
    assert (january["serious"], january["clear_risk"], january["neither"], january["not_assessed"]) == (
        1,
        0,
        1,
        0,
    )
    assert (january["reported_to_ivo"], january["ivo_on_time"]) == (1, 1)
    assert by_key[(tree.group_home.pk, date(2026, 1, 1))]["not_assessed"] == 1
    assert by_key[(tree.care_home.pk, date(2026, 2, 1))]["clear_risk"] == 1
    assert len(rows) == 3


def test_it_counts_a_part_of_the_tree_by_year(people):
    tree = people.tree
    with at(2026, 3, 2):
        report(tree)
        report(tree, node=tree.home_care, by=tree.unit_manager)
        report(tree, node=tree.group_home, by=tree.other_unit_staff)
    rows = lex_sarah_counts(
        organisation=tree.organisation,
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        period=PERIOD_YEAR,
        under=tree.elderly,
    )
    assert {(row["node_id"], row["period"], row["reported"]) for row in rows} == {
        (tree.care_home.pk, date(2026, 1, 1), 1),
        (tree.home_care.pk, date(2026, 1, 1), 1),
    }


def test_counting_needs_no_role_but_listing_does(people):
    """The counts carry no content: the statistics decide who sees them. The records themselves stay behind the
    role."""
    report(people.tree)
    assert records_visible_to(people.tree.quality_developer).count() == 0
    assert records_visible_to(people.root_officer).count() == 1
