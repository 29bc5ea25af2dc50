"""cases.routing: who receives a new case, from which node and role, at which step of the ladder, and why."""

import pytest

from accounts.services import staff_account_deactivate
from audit.models import Event
from cases.models import Assignment, AssignmentReason
from cases.routing import Route, route_for
from cases.tests.handling_helpers import register
from organisations.models import NodeKind, Role
from organisations.services import ladder_set, node_create, role_grant
from organisations.testing import make_user


def new_unit(tree, parent=None, name="Korttidsboende Sjöstjärnan"):
    """A unit nobody holds a role on."""
    return node_create(
        organisation=tree.organisation, parent=parent or tree.elderly, kind=NodeKind.UNIT, name=name
    )


def test_it_routes_to_the_units_contact_staff(tree):
    route = route_for(organisation=tree.organisation, unit=tree.care_home, wants_manager=False)
    assert route == Route(
        assignee_id=tree.contact_staff.pk,
        node_id=tree.care_home.pk,
        role=Role.CONTACT_STAFF,
        step=1,
        reason=AssignmentReason.ROUTED_TO_UNIT,
    )


def test_it_routes_to_the_unit_manager_when_the_sender_asks(tree):
    route = route_for(organisation=tree.organisation, unit=tree.care_home, wants_manager=True)
    assert route == Route(
        assignee_id=tree.unit_manager.pk,
        node_id=tree.care_home.pk,
        role=Role.UNIT_MANAGER,
        step=2,
        reason=AssignmentReason.ASKED_FOR_MANAGER,
    )


def test_the_manager_asked_for_is_the_nearest_one_up_the_tree(tree):
    area_manager = make_user("testby-ingrid", "Ingrid", "Områdesson")
    role_grant(user=area_manager, node=tree.elderly, role=Role.UNIT_MANAGER, acting_user=tree.administrator)
    route = route_for(organisation=tree.organisation, unit=new_unit(tree), wants_manager=True)
    assert (route.assignee_id, route.node_id, route.step) == (area_manager.pk, tree.elderly.pk, 2)
    assert route.reason == AssignmentReason.ASKED_FOR_MANAGER


def test_asking_for_a_manager_nobody_holds_goes_to_the_next_step_up(tree):
    route = route_for(organisation=tree.organisation, unit=new_unit(tree), wants_manager=True)
    assert (route.assignee_id, route.node_id, route.role, route.step) == (
        tree.deputy_head.pk,
        tree.elderly.pk,
        Role.DEPUTY_HEAD,
        3,
    )
    assert route.reason == AssignmentReason.NO_RECEIVER


def test_a_unit_not_known_goes_to_the_registrar(tree):
    route = route_for(organisation=tree.organisation, unit=None, wants_manager=True)
    assert route == Route(
        assignee_id=tree.registrar.pk,
        node_id=tree.root.pk,
        role=Role.REGISTRAR,
        step=1,
        reason=AssignmentReason.UNIT_UNKNOWN,
    )


def test_a_unit_with_nobody_in_the_role_goes_to_the_next_role_up(tree):
    route = route_for(organisation=tree.organisation, unit=tree.home_care, wants_manager=False)
    assert (route.assignee_id, route.node_id, route.role, route.step) == (
        tree.unit_manager.pk,
        tree.home_care.pk,
        Role.UNIT_MANAGER,
        2,
    )
    assert route.reason == AssignmentReason.NO_RECEIVER


def test_a_unit_with_nobody_climbs_to_the_top_of_the_ladder(tree):
    route = route_for(
        organisation=tree.organisation, unit=new_unit(tree, parent=tree.root), wants_manager=False
    )
    assert (route.assignee_id, route.node_id, route.role, route.step) == (
        tree.head_of_operations.pk,
        tree.root.pk,
        Role.HEAD_OF_OPERATIONS,
        4,
    )
    assert route.reason == AssignmentReason.NO_RECEIVER


def test_a_ladder_nobody_holds_leaves_the_case_with_the_registrar(tree):
    ladder_set(organisation=tree.organisation, roles=[Role.CONTACT_STAFF], acting_user=tree.administrator)
    route = route_for(organisation=tree.organisation, unit=tree.home_care, wants_manager=False)
    assert (route.assignee_id, route.role, route.step) == (tree.registrar.pk, Role.REGISTRAR, 1)
    assert route.reason == AssignmentReason.NO_RECEIVER


def test_it_follows_the_organisations_own_ladder(tree):
    ladder_set(
        organisation=tree.organisation,
        roles=[Role.UNIT_MANAGER, Role.HEAD_OF_OPERATIONS],
        acting_user=tree.administrator,
    )
    route = route_for(organisation=tree.organisation, unit=tree.care_home, wants_manager=False)
    assert (route.assignee_id, route.role, route.step) == (tree.unit_manager.pk, Role.UNIT_MANAGER, 1)
    assert route.reason == AssignmentReason.ROUTED_TO_UNIT


def test_it_skips_a_person_no_longer_active(tree):
    staff_account_deactivate(user=tree.contact_staff, acting_user=tree.administrator)
    route = route_for(organisation=tree.organisation, unit=tree.care_home, wants_manager=False)
    assert (route.assignee_id, route.role, route.step) == (tree.unit_manager.pk, Role.UNIT_MANAGER, 2)
    assert route.reason == AssignmentReason.NO_RECEIVER


def test_it_skips_an_inactive_holder_for_one_further_up(tree):
    colleague = make_user("testby-jonas", "Jonas", "Kollegasson")
    role_grant(user=colleague, node=tree.elderly, role=Role.CONTACT_STAFF, acting_user=tree.administrator)
    staff_account_deactivate(user=tree.contact_staff, acting_user=tree.administrator)
    route = route_for(organisation=tree.organisation, unit=tree.care_home, wants_manager=False)
    assert (route.assignee_id, route.node_id, route.step) == (colleague.pk, tree.elderly.pk, 1)
    assert route.reason == AssignmentReason.ROUTED_TO_UNIT


def test_the_holder_nearest_the_unit_wins_then_the_longest_serving(tree):
    above = make_user("testby-karl", "Karl", "Ovansson")
    role_grant(user=above, node=tree.elderly, role=Role.CONTACT_STAFF, acting_user=tree.administrator)
    newcomer = make_user("testby-lena", "Lena", "Nysson")
    role_grant(user=newcomer, node=tree.care_home, role=Role.CONTACT_STAFF, acting_user=tree.administrator)
    route = route_for(organisation=tree.organisation, unit=tree.care_home, wants_manager=False)
    assert (route.assignee_id, route.node_id) == (tree.contact_staff.pk, tree.care_home.pk)


def test_an_inactive_registrar_leaves_nobody_for_an_unknown_unit(tree):
    staff_account_deactivate(user=tree.registrar, acting_user=tree.administrator)
    with pytest.raises(LookupError):
        route_for(organisation=tree.organisation, unit=None, wants_manager=False)


# --- The route as registration writes it (cases.services.case_register) ----------------------------------------


def test_it_routes_to_the_units_contact_staff_and_records_why(tree):
    case = register(tree)
    assert case.holder == tree.contact_staff
    assignment = Assignment.objects.get(case=case)
    assert assignment.reason == AssignmentReason.ROUTED_TO_UNIT
    assert Event.objects.filter(case=case, action="assigned").exists()


def test_it_routes_straight_to_the_unit_manager_when_asked(tree):
    case = register(tree, wants_manager=True)
    assert case.holder == tree.unit_manager
    assert case.step == 2


def test_it_routes_an_unknown_unit_to_the_registrar(tree):
    case = register(tree, unit=None)
    assert case.holder == tree.registrar
    assert Assignment.objects.get(case=case).reason == AssignmentReason.UNIT_UNKNOWN


def test_it_falls_back_up_the_ladder_when_a_unit_has_no_contact_staff(tree):
    case = register(tree, unit=tree.home_care)
    assert case.holder == tree.unit_manager
    assert Assignment.objects.get(case=case).reason == AssignmentReason.NO_RECEIVER
