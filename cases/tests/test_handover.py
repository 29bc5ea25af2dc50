"""The leaving move (cases/services/handover.py): all of a person's open cases to others in one audited action;
those that cannot move are listed; the person's roles may be ended in the same step."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.actions import Action
from audit.models import Event
from cases.models import Assignment, AssignmentReason, CaseState
from cases.services import case_answer_and_close, case_reassign
from cases.services.handover import cases_hand_over, handover_plan
from cases.tests.handling_helpers import closing_categories, register
from organisations.models import Role, RoleAssignment
from organisations.services import role_revoke
from organisations.testing import grant, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dora(tree):
    user = make_user("testby-dora", "Dora", "Ersättarsson")
    grant(user, tree.care_home, Role.CONTACT_STAFF)
    return user


def hand_over(tree, cases, **kwargs):
    values = dict(
        person=tree.contact_staff,
        organisation=tree.organisation,
        case_ids=[case.pk for case in cases],
        default_receiver=None,
        acting_user=tree.unit_manager,
    )
    values.update(kwargs)
    return cases_hand_over(**values)


def test_it_moves_every_open_case_with_an_event_for_each_and_one_summary(tree, dora):
    cases = [register(tree) for _ in range(3)]
    closed = register(tree)
    case_answer_and_close(
        case=closed,
        body="Tack, vi har pratat med personalen.",
        acting_user=tree.contact_staff,
        **closing_categories(closed),
    )
    plan = hand_over(tree, cases, default_receiver=dora)
    assert len(plan.moving) == 3 and plan.refused == []
    for case in cases:
        case.refresh_from_db()
        assert case.holder == dora
        last = Assignment.objects.filter(case=case).last()
        assert (last.reason, last.assigned_by, last.role, last.node) == (
            AssignmentReason.HANDED_OVER,
            tree.unit_manager,
            Role.CONTACT_STAFF,
            tree.care_home,
        )
        [event] = Event.objects.filter(case_id=case.pk, action=Action.CASE_HANDED_OVER)
        assert event.actor == tree.unit_manager
        assert event.data == {"from": tree.contact_staff.pk, "to": dora.pk, "step": 1}
    closed.refresh_from_db()
    assert closed.holder == tree.contact_staff  # closed cases stay where they were
    [summary] = Event.objects.filter(action=Action.CASES_HANDED_OVER)
    assert summary.case_id is None
    assert summary.data["person"] == tree.contact_staff.pk
    assert sorted(summary.data["moved"]) == sorted(case.pk for case in cases)
    assert summary.data["refused"] == [] and summary.data["receivers"] == [dora.pk]
    assert summary.data["roles_ended"] == []
    # Nothing of what was written goes into the audit trail.
    assert "Personalen" not in str(summary.data)


def test_a_receiver_chosen_for_one_case_takes_that_one(tree, dora):
    first, second = register(tree), register(tree)
    plan = hand_over(tree, [first, second], default_receiver=dora, receivers={second.pk: tree.unit_manager})
    assert len(plan.moving) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.holder, second.holder) == (dora, tree.unit_manager)
    last = Assignment.objects.filter(case=second).last()
    assert (last.role, last.node) == (Role.UNIT_MANAGER, tree.care_home)


def test_a_case_the_receiver_cannot_hold_is_listed_and_stays(tree, dora):
    # Anna works at home care too, and has a case there; Dora works only at the care home.
    grant(tree.contact_staff, tree.home_care, Role.CONTACT_STAFF)
    here = register(tree)
    there = register(tree, unit=tree.home_care)
    assert there.holder == tree.contact_staff
    preview = handover_plan(
        manager=tree.unit_manager,
        person=tree.contact_staff,
        organisation=tree.organisation,
        default_receiver=dora,
    )
    assert [line.case for line in preview.refused] == [there]
    assert "Hemtjänst Norr" in preview.refused[0].refusal
    plan = hand_over(tree, [here, there], default_receiver=dora)
    assert [line.case.pk for line in plan.moving] == [here.pk]
    assert [line.case.pk for line in plan.refused] == [there.pk]
    there.refresh_from_db()
    assert there.holder == tree.contact_staff
    assert not Event.objects.filter(case_id=there.pk, action=Action.CASE_HANDED_OVER).exists()
    summary = Event.objects.get(action=Action.CASES_HANDED_OVER)
    assert summary.data["refused"] == [there.pk]


def test_no_receiver_and_the_person_themselves_are_refused_per_case(tree, dora):
    first, second = register(tree), register(tree)
    plan = handover_plan(
        manager=tree.unit_manager,
        person=tree.contact_staff,
        organisation=tree.organisation,
        default_receiver=None,
        receivers={second.pk: tree.contact_staff},
    )
    assert {line.case.pk: line.refusal for line in plan.refused}.keys() == {first.pk, second.pk}


def test_it_can_end_the_persons_roles_in_the_managers_part_in_the_same_step(tree, dora):
    grant(tree.contact_staff, tree.group_home, Role.CONTACT_STAFF)  # outside Bertil's part: stays
    case = register(tree)
    # The head of operations covers all of Anna's places.
    plan = hand_over(tree, [case], default_receiver=dora, end_roles=True, acting_user=tree.head_of_operations)
    assert len(plan.moving) == 1
    assert not RoleAssignment.objects.filter(user=tree.contact_staff).exists()
    assert Event.objects.filter(action=Action.ROLE_REVOKED).count() == 2
    summary = Event.objects.get(action=Action.CASES_HANDED_OVER)
    assert len(summary.data["roles_ended"]) == 2


def test_a_manager_outside_the_persons_part_is_refused_and_nothing_changes(tree, dora):
    case = register(tree)
    with pytest.raises(PermissionDenied):
        hand_over(tree, [case], default_receiver=dora, acting_user=tree.other_unit_manager)
    case.refresh_from_db()
    assert case.holder == tree.contact_staff
    assert not Event.objects.filter(action=Action.CASES_HANDED_OVER).exists()
    # Contact staff are not managers.
    with pytest.raises(PermissionDenied):
        hand_over(tree, [case], default_receiver=dora, acting_user=dora)


def test_cases_out_of_the_managers_reach_are_counted_not_moved(tree, dora):
    # Anna used to work at the group home too, and still holds a case from there.
    grant(tree.contact_staff, tree.group_home, Role.CONTACT_STAFF)
    elsewhere = register(tree, unit=tree.group_home)
    case_reassign(case=elsewhere, assignee=tree.contact_staff, acting_user=tree.other_unit_manager)
    role_revoke(
        assignment=RoleAssignment.objects.get(user=tree.contact_staff, node=tree.group_home),
        acting_user=tree.administrator,
    )
    here = register(tree)
    plan = handover_plan(
        manager=tree.unit_manager,
        person=tree.contact_staff,
        organisation=tree.organisation,
        default_receiver=dora,
    )
    assert plan.outside == 1
    assert [line.case for line in plan.lines] == [here]
    # Even when its id is sent along, a case out of the manager's reach is not moved.
    plan = hand_over(tree, [here, elsewhere], default_receiver=dora)
    assert [line.case.pk for line in plan.moving] == [here.pk] and plan.refused == []
    elsewhere.refresh_from_db()
    assert elsewhere.holder == tree.contact_staff
    assert Event.objects.get(action=Action.CASES_HANDED_OVER).data["outside"] == 1


def test_a_case_closed_after_confirming_is_listed_as_no_longer_held(tree, dora):
    first, second = register(tree), register(tree)
    case_answer_and_close(
        case=second, body="Klart.", acting_user=tree.contact_staff, **closing_categories(second)
    )
    plan = hand_over(tree, [first, second], default_receiver=dora)
    assert [line.case.pk for line in plan.moving] == [first.pk]
    [refused] = plan.refused
    assert refused.case.pk == second.pk and "Inte längre" in refused.refusal
    second.refresh_from_db()
    assert second.state == CaseState.CLOSED and second.holder == tree.contact_staff
