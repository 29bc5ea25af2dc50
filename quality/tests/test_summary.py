"""The statistics' summary table (quality.summary): the services keep it as a rebuild makes it, and every figure
read from it equals the figure counted from the case table (quality.statistics) on random cases."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import (
    Action,
    Case,
    CaseCategory,
    CaseKind,
    CaseState,
    Channel,
    Escalation,
    Message,
    MessageKind,
    SenderRole,
)
from organisations.models import Category, OrgNode
from organisations.services import node_move
from quality import statistics as stats
from quality.models import CaseMonthly
from quality.summary import SummaryReader, organisation_rebuild
from quality.tests.test_statistics import cases  # noqa: F401 (the fixture of hand-made cases)
from retention.deletion import cases_delete
from retention.hooks import run_deletion_hooks
from retention.models import RecordClass

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIRST = datetime(2025, 1, 1, tzinfo=STOCKHOLM)


def summary_rows() -> list[tuple]:
    return sorted(
        CaseMonthly.objects.values_list(
            "organisation_id",
            "node_path",
            "month",
            "kind",
            "channel",
            "sender_role",
            "fact",
            "code",
            "number",
            "other",
            "day",
            "count",
        )
    )


def test_the_services_keep_the_summary_as_a_rebuild_makes_it(tree, cases):  # noqa: F811
    kept = summary_rows()
    assert kept, "the services wrote nothing"
    call_command("statistics_rebuild")
    assert summary_rows() == kept
    call_command("statistics_rebuild")  # idempotent
    assert summary_rows() == kept


def summed(rows: list[tuple]) -> dict[tuple, int]:
    """The summary's figures: each key's rows summed (a key may have several rows until a refresh merges them),
    the keys that sum to nothing left out."""
    figures: dict[tuple, int] = {}
    for row in rows:
        figures[row[:-1]] = figures.get(row[:-1], 0) + row[-1]
    return {key: count for key, count in figures.items() if count}


def test_cases_deleted_by_retention_leave_the_summary(tree, cases):  # noqa: F811
    """A retention run deletes cases, with the hooks first (retention.services): the summary then gives the
    figures of the cases kept, as a rebuild does, and the same as the case table for every filter."""
    before = summed(summary_rows())
    doomed = list(Case.objects.order_by("pk").values_list("pk", flat=True)[::2])
    with transaction.atomic():
        run_deletion_hooks(RecordClass.COMPLAINT, doomed)
        cases_delete(doomed)
    kept = summed(summary_rows())
    assert kept != before
    call_command("statistics_rebuild")
    assert summed(summary_rows()) == kept
    # Everything deleted: nothing is counted.
    with transaction.atomic():
        rest = list(Case.objects.values_list("pk", flat=True))
        run_deletion_hooks(RecordClass.COMPLAINT, rest)
        cases_delete(rest)
    assert summed(summary_rows()) == {}


def test_moving_a_node_in_the_tree_moves_its_summary(tree, cases):  # noqa: F811
    node_move(node=tree.care_home, parent=tree.lss, acting_user=None)
    moved = summary_rows()
    assert any(row[1].startswith(tree.lss.path) for row in moved)
    call_command("statistics_rebuild")
    assert summary_rows() == moved


# --- random cases --------------------------------------------------------------------------------------------

moments = st.integers(min_value=0, max_value=540 * 24 * 4).map(lambda q: FIRST + timedelta(minutes=15 * q))
# Whole days and a time of day, apart: so that dates fall on the days they are compared with (in time or late).
gaps = st.builds(
    lambda days, quarters: timedelta(days=days, minutes=15 * quarters),
    st.integers(min_value=0, max_value=3) | st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=95),
)
maybe_gap = st.none() | gaps

escalation_specs = st.fixed_dictionaries(
    {
        "after": gaps,
        "by_citizen": st.booleans(),
        "kept_by": st.none() | st.integers(min_value=-5, max_value=25),
        "kept_informed": maybe_gap,
    }
)
action_specs = st.fixed_dictionaries(
    {"due": st.integers(min_value=-30, max_value=400), "followed": st.none() | st.booleans()}
)
case_specs = st.fixed_dictionaries(
    {
        "received": moments,
        "unit": st.integers(min_value=0, max_value=5),
        "kind": st.sampled_from([CaseKind.COMPLAINT, CaseKind.FEEDBACK, CaseKind.PRAISE]),
        "channel": st.sampled_from([Channel.WEB, Channel.PHONE, Channel.POST]),
        "sender": st.sampled_from([SenderRole.RELATIVE, SenderRole.PERSON_CONCERNED]),
        "state": st.sampled_from(CaseState.values),
        "step": st.integers(min_value=1, max_value=3),
        "inform_in": st.none()
        | st.integers(min_value=0, max_value=3)
        | st.integers(min_value=0, max_value=20),
        "informed": maybe_gap,
        "closed": maybe_gap,
        "notices": st.lists(st.tuples(gaps, st.sampled_from(MessageKind.values), st.booleans()), max_size=3),
        "escalations": st.lists(escalation_specs, max_size=2),
        "actions": st.lists(action_specs, max_size=2),
        "categories": st.sets(st.integers(min_value=0, max_value=15), max_size=3),
    }
)
filters = st.fixed_dictionaries(
    {
        "first": st.integers(min_value=0, max_value=17),
        "months": st.integers(min_value=1, max_value=18),
        "node": st.integers(min_value=-1, max_value=5),
        "reader": st.sampled_from(
            ["quality_developer", "quality_developer", "deputy_head", "other_unit_manager"]
        ),
        "today": st.integers(min_value=0, max_value=600),
    }
)


def make_cases(tree, specs: list[dict]) -> None:
    nodes = list(OrgNode.objects.filter(organisation=tree.organisation).order_by("path"))
    categories = list(Category.objects.filter(organisation=tree.organisation).order_by("pk"))
    for number, spec in enumerate(specs, start=1):
        received = spec["received"]
        node = nodes[spec["unit"] % len(nodes)]
        case = Case.objects.create(
            organisation=tree.organisation,
            unit=node if node.parent_id else None,
            node_path=node.path,
            reference_number=f"T-{number}",
            reference_year=2000,
            reference_serial=number,
            kind=spec["kind"],
            channel=spec["channel"],
            sender_role=spec["sender"],
            state=spec["state"],
            step=spec["step"],
            received_at=received,
            inform_by=(received.date() + timedelta(days=spec["inform_in"]))
            if spec["inform_in"] is not None
            else None,
            informed_at=received + spec["informed"] if spec["informed"] is not None else None,
            closed_at=received + spec["closed"] if spec["closed"] is not None else None,
            subject="Prov",
            what_happened="Prov.",
            receipt_code=f"R{number}",
        )
        for gap, kind, from_citizen in spec["notices"]:
            message = Message.objects.create(case=case, kind=kind, from_citizen=from_citizen, body="Prov.")
            Message.objects.filter(pk=message.pk).update(created_at=received + gap)
        for escalation in spec["escalations"]:
            made = Escalation.objects.create(
                case=case,
                from_step=1,
                to_step=2,
                requested_by_citizen=escalation["by_citizen"],
                from_inform_by=received.date() + timedelta(days=escalation["kept_by"])
                if escalation["kept_by"] is not None
                else None,
                from_informed_at=received + escalation["kept_informed"]
                if escalation["kept_informed"] is not None
                else None,
            )
            Escalation.objects.filter(pk=made.pk).update(created_at=received + escalation["after"])
        for action in spec["actions"]:
            Action.objects.create(
                case=case,
                description="Prov.",
                responsible=tree.unit_manager,
                created_by=tree.unit_manager,
                due_on=received.date() + timedelta(days=action["due"]),
                followed_up_at=received if action["followed"] is not None else None,
                was_done=action["followed"],
            )
        CaseCategory.objects.bulk_create(
            CaseCategory(case=case, category=categories[index])
            for index in {index % len(categories) for index in spec["categories"]}
        )


def check_figures(tree, wanted: dict) -> None:
    reader_user = getattr(tree, wanted["reader"])
    scope = stats.statistics_scope(reader_user, tree.organisation)
    first = stats.add_months(FIRST.date(), wanted["first"])
    nodes = list(OrgNode.objects.filter(organisation=tree.organisation).order_by("path"))
    node = nodes[wanted["node"] % len(nodes)] if wanted["node"] >= 0 else None
    if node is not None and not scope.reaches(node.path):
        node = None
    selection = stats.StatisticsFilter(
        first_month=first,
        last_month=stats.add_months(first, wanted["months"] - 1),
        node=node,
    )
    today = FIRST.date() + timedelta(days=wanted["today"])
    counted = stats.scoped_cases(scope, selection)
    categories = stats.organisation_categories(tree.organisation)
    assert SummaryReader.applies(selection)
    summary = SummaryReader(scope, selection)
    assert summary.summary() == stats.summary(counted)
    assert summary.counts_by_month() == stats.counts_by_month(counted, selection.months)
    for name in ("kind", "channel", "sender_role", "node_path"):
        assert summary.counts_by(name) == stats.counts_by(counted, name)
    assert summary.counts_by_category(categories) == stats.counts_by_category(counted, categories)
    assert summary.informed_per_step(today) == stats.informed_per_step(counted, today)
    assert summary.days_to_first_notice() == stats.days_to_first_notice(counted)
    assert summary.days_to_closure() == stats.days_to_closure(counted)
    assert summary.escalations_per_step() == stats.escalations_per_step(counted)
    assert summary.action_follow_up(today) == stats.action_follow_up(counted, today)
    assert summary.overdue_now(today) == stats.overdue_now(scope, selection, today)
    assert summary.units_compared() == stats.units_compared(scope, selection)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(case_specs, min_size=1, max_size=20), wanted=st.lists(filters, min_size=1, max_size=4))
def test_the_summary_gives_the_figures_of_the_case_table(tree, specs, wanted):
    with transaction.atomic():
        make_cases(tree, specs)
        organisation_rebuild(tree.organisation.pk)
        for one in wanted:
            check_figures(tree, one)
        transaction.set_rollback(True)


def test_a_rebuild_with_small_batches_gives_the_same_rows(tree):
    specs = [
        {
            "received": FIRST + timedelta(days=3 * n, hours=23),
            "unit": n,
            "kind": CaseKind.COMPLAINT,
            "channel": Channel.WEB,
            "sender": SenderRole.RELATIVE,
            "state": CaseState.values[n % 4],
            "step": 1,
            "inform_in": 14,
            "informed": timedelta(days=n) if n % 2 else None,
            "closed": timedelta(days=n + 2) if n % 4 == 2 else None,
            "notices": [(timedelta(days=n), MessageKind.INFORMATION, False)],
            "escalations": [],
            "actions": [{"due": n, "followed": None}],
            "categories": {n},
        }
        for n in range(20)
    ]
    make_cases(tree, specs)
    organisation_rebuild(tree.organisation.pk)
    whole = summary_rows()
    organisation_rebuild(tree.organisation.pk, chunk=3)
    assert summary_rows() == whole
    assert date(2025, 1, 1) in {row[2] for row in whole}
