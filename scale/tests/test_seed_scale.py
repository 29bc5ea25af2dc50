from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from audit.models import Event
from cases.models import (
    Action,
    Assignment,
    Case,
    CaseCategory,
    CaseKind,
    CaseState,
    Message,
    ReferenceCounter,
    SenderRole,
)
from cases.policy import can_view_case, cases_visible_to
from cases.search import case_search
from cases.services import CaseSubmission, case_register
from core.database import search_document
from organisations.models import (
    AUTHORITY_ONLY_ROLES,
    CategoryDimension,
    Organisation,
    OrgNode,
    Role,
    RoleAssignment,
)
from organisations.selectors import tree_problems
from scale.seeding import SLUG_PREFIX

pytestmark = pytest.mark.django_db


def seed(cases, **options):
    call_command("seed_scale", cases=cases, organisations=3, units=6, seed=7, skip_checks=True, **options)


def test_it_creates_the_requested_number_of_cases_with_their_histories():
    seed(300)
    assert Case.objects.count() == 300
    assert Assignment.objects.values("case").distinct().count() == 300
    assert Event.objects.filter(action="registered").count() == 300
    assert Message.objects.exists()


def test_it_builds_a_tree_with_staff_in_every_role_and_nobody_missing():
    seed(10)
    organisations = Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
    assert organisations.count() == 3
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values) - set(AUTHORITY_ONLY_ROLES)
    for organisation in organisations:
        assert OrgNode.objects.filter(organisation=organisation, kind="unit").count() == 6
        assert tree_problems(organisation) == []


def test_it_gives_reference_numbers_unique_and_in_step_with_the_counters():
    seed(300)
    numbers = list(Case.objects.values_list("reference_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    highest = Case.objects.values("organisation", "reference_year").annotate(top=Max("reference_serial"))
    for row in highest:
        counter = ReferenceCounter.objects.get(organisation=row["organisation"], year=row["reference_year"])
        assert counter.last_serial == row["top"]
        # Serials are dense: 1..top, no gaps.
        serials = Case.objects.filter(
            organisation=row["organisation"], reference_year=row["reference_year"]
        ).values_list("reference_serial", flat=True)
        assert sorted(serials) == list(range(1, row["top"] + 1))
    assert len(set(Case.objects.values_list("receipt_code", flat=True))) == 300


def test_it_gives_every_case_a_holder_who_can_see_it_through_the_policy():
    seed(300)
    last_assignee = {}
    for case_id, assignee_id in Assignment.objects.order_by("created_at", "pk").values_list(
        "case", "assignee"
    ):
        last_assignee[case_id] = assignee_id
    holders = {user.pk: user for user in User.objects.filter(held_cases__isnull=False).distinct()}
    for case in Case.objects.all():
        assert case.holder_id == last_assignee[case.pk]
        holder = holders[case.holder_id]
        assert can_view_case(holder, case)
    some_holder = next(iter(holders.values()))
    assert cases_visible_to(some_holder).filter(holder=some_holder).exists()


def test_a_unit_manager_sees_the_cases_of_their_unit():
    seed(300)
    case = Case.objects.exclude(unit=None).first()
    manager = User.objects.get(roles__node=case.unit, roles__role=Role.UNIT_MANAGER)
    assert cases_visible_to(manager).filter(pk=case.pk).exists()


def test_running_it_again_adds_more_and_registration_continues_the_series():
    seed(200)
    seed(100)
    assert Case.objects.count() == 300
    assert Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count() == 3
    organisation = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).first()
    unit = OrgNode.objects.filter(organisation=organisation, kind="unit").first()
    case = case_register(
        submission=CaseSubmission(
            organisation=organisation,
            kind=CaseKind.COMPLAINT,
            sender_role=SenderRole.RELATIVE,
            what_happened="Bemötandet var dåligt.",
            unit=unit,
        )
    ).case
    counter = ReferenceCounter.objects.get(organisation=organisation, year=case.reference_year)
    assert case.reference_serial == counter.last_serial
    numbers = Counter(Case.objects.values_list("reference_number", flat=True))
    assert max(numbers.values()) == 1


def test_reset_removes_what_was_seeded_and_nothing_else(tree):
    seed(50)
    seed(20, reset=True)
    assert Case.objects.count() == 20
    assert Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count() == 3
    seed(0, reset=True)
    assert not Case.objects.exists()
    assert not Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists()
    assert not User.objects.filter(username__startswith="skala-").exists()
    assert Organisation.objects.filter(pk=tree.organisation.pk).exists()
    assert User.objects.filter(pk=tree.unit_manager.pk).exists()


def test_it_fills_the_search_document_as_registration_does_so_that_search_works():
    seed(300)
    assert not Case.objects.filter(search_document__isnull=True).exists()
    sample = Case.objects.order_by("pk")[:20]
    for case in sample:
        document = search_document(case.what_happened, case.desired_outcome, case.subject)
        assert Case.objects.filter(pk=case.pk, search_document=document).exists()
    found = case_search(Case.objects.all(), "bemötandet")
    assert found.exists()
    assert all("bemöt" in (c.what_happened + c.desired_outcome).lower() for c in found[:50])


def test_it_links_the_audit_rows_into_the_trails_hash_chain(tree):
    chain = pytest.importorskip("audit.chain")
    from audit.services import audit_record

    audit_record(action="viewed", actor=tree.unit_manager)  # a trail that already has rows
    seed(120)
    seed(30)
    audit_record(action="viewed", actor=tree.unit_manager)  # and goes on after the seeded rows
    assert chain.first_break(Event.objects.order_by("pk").iterator()) is None


def _quality_rows():
    from lexsarah.models import LexSarahRecord

    links = set(CaseCategory.objects.values_list("case_id", "category_id"))
    records = set(
        LexSarahRecord.objects.values_list(
            "case_id", "node_id", "state", "assessment", "reported_at", "ivo_reported_on", "closed_at"
        )
    )
    return links, records


def test_it_seeds_the_quality_work_topics_causes_actions_and_lex_sarah():
    from lexsarah.models import LexSarahRecord
    from lexsarah.selectors import records_visible_to

    seed(1500)
    open_cases = Case.objects.exclude(state__in=[CaseState.CLOSED, CaseState.WITHDRAWN])
    with_topic = open_cases.filter(category_links__category__dimension=CategoryDimension.TOPIC).distinct()
    assert 0 < with_topic.count() < open_cases.count()
    closed = Case.objects.filter(state=CaseState.CLOSED)
    assert closed.filter(category_links__category__dimension=CategoryDimension.TOPIC).distinct().count() == (
        closed.count()
    )
    today = timezone.localdate()
    actions = Action.objects.all()
    assert actions.filter(was_done=True).exists()  # done
    assert actions.filter(followed_up_at=None, due_on__gte=today).exists()  # waiting
    assert actions.filter(followed_up_at=None, due_on__lt=today).exists()  # late
    flagged = Case.objects.filter(possible_serious_deficiency=True)
    assert flagged.exists()
    assert set(LexSarahRecord.objects.values_list("case_id", flat=True)) == set(
        flagged.values_list("pk", flat=True)
    )
    record = LexSarahRecord.objects.select_related("node", "case").first()
    assert record.node.organisation_id == record.organisation_id == record.case.organisation_id
    assert record.reference_number.startswith(f"LS-{record.reference_year}-")
    responsible = User.objects.get(roles__node__organisation=record.organisation, roles__role=Role.LEX_SARAH)
    assert records_visible_to(responsible).filter(pk=record.pk).exists()
    assert Event.objects.filter(action="lex_sarah_reported", data__lex_sarah=record.pk).exists()
    # --reset removes the records with the rest (their reporters and the organisations are protected by them).
    seed(0, reset=True)
    assert not LexSarahRecord.objects.exists()
    assert not Organisation.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def test_the_top_up_adds_to_older_seeds_what_seeding_gives_now_and_nothing_twice():
    from lexsarah.models import LexSarahCounter, LexSarahRecord

    seed(1500)
    wanted = _quality_rows()
    # As seeded before the quality work's rules: only closed cases had categories, no Lex Sarah records.
    LexSarahRecord.objects.all().delete()
    LexSarahCounter.objects.all().delete()
    CaseCategory.objects.exclude(case__state=CaseState.CLOSED).delete()
    assert _quality_rows() != wanted

    call_command("seed_scale", quality=True, batch=400, skip_checks=True)
    assert _quality_rows() == wanted
    numbers = list(LexSarahRecord.objects.values_list("reference_number", flat=True))
    assert len(set(numbers)) == len(numbers)
    call_command("seed_scale", quality=True, batch=400, skip_checks=True)
    assert _quality_rows() == wanted
    assert LexSarahRecord.objects.count() == len(numbers)
