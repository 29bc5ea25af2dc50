"""The organisation's tree, roles and ladder change only through organisations.services, and every change is in
the audit trail's hash chain with who made it; nobody grants a role to themselves."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from audit.actions import Action
from audit.chain import first_break
from audit.models import Event
from cases.policy import cases_visible_to
from cases.tests.handling_helpers import register
from organisations.models import LadderStep, NodeKind, OrgNode, Role, RoleAssignment
from organisations.services import (
    ladder_set,
    node_create,
    node_deactivate,
    node_kind_change,
    node_move,
    node_reactivate,
    node_rename,
    organisation_change,
    organisation_create,
    role_change,
    role_grant,
    role_revoke,
)
from organisations.testing import build_tree

pytestmark = pytest.mark.django_db


def last_event(action: str) -> Event:
    return Event.objects.filter(action=action).latest("pk")


def chain_is_whole() -> bool:
    return first_break(Event.objects.order_by("pk").iterator()) is None


# --- the organisation and its tree ----------------------------------------------------------------------------------


def test_creating_an_organisation_records_it_its_top_and_its_ladder(tree):
    organisation = organisation_create(
        name="Nyby kommun",
        slug="nyby",
        reference_prefix="SN",
        root_name="Socialnämnden",
        acting_user=tree.administrator,
    )
    root = OrgNode.objects.get(organisation=organisation, parent=None)
    created = last_event(Action.ORGANISATION_CREATED)
    assert created.actor == tree.administrator
    assert created.data == {
        "organisation": organisation.pk,
        "slug": "nyby",
        "root": root.pk,
        "ladder": ["contact_staff", "unit_manager", "deputy_head", "head_of_operations"],
        "categories": "default",
    }
    assert last_event(Action.NODE_CREATED).data["node"] == root.pk
    assert chain_is_whole()


def test_changing_an_organisations_settings_names_the_fields(tree):
    organisation = tree.organisation
    organisation.inform_period_days = 10  # an instance that already carries the new value, as an admin form's
    organisation_change(
        organisation=organisation,
        changes={"inform_period_days": 10, "name": organisation.name},
        acting_user=tree.administrator,
    )
    organisation.refresh_from_db()
    assert organisation.inform_period_days == 10
    event = last_event(Action.ORGANISATION_CHANGED)
    assert event.data == {"organisation": organisation.pk, "fields": ["inform_period_days"]}
    assert event.actor == tree.administrator


def test_every_change_of_a_node_is_recorded_with_who_made_it(tree):
    admin = tree.administrator
    unit = node_create(
        organisation=tree.organisation, parent=tree.lss, kind=NodeKind.UNIT, name="Ön", acting_user=admin
    )
    node_rename(node=unit, name="Ön, korttidsboende", acting_user=admin)
    node_kind_change(node=unit, kind=NodeKind.AREA, acting_user=admin)
    node_deactivate(node=unit, acting_user=admin)
    node_reactivate(node=unit, acting_user=admin)
    events = list(Event.objects.filter(data__node=unit.pk).order_by("pk"))
    assert [event.action for event in events] == [
        Action.NODE_CREATED,
        Action.NODE_RENAMED,
        Action.NODE_KIND_CHANGED,
        Action.NODE_DEACTIVATED,
        Action.NODE_REACTIVATED,
    ]
    assert all(event.actor == admin and event.case_id is None for event in events)
    assert events[1].data["old"] == "Ön" and events[1].data["new"] == "Ön, korttidsboende"
    assert events[2].data["old"] == "unit" and events[2].data["new"] == "area"
    unit.refresh_from_db()
    assert (unit.name, unit.kind, unit.is_active) == ("Ön, korttidsboende", NodeKind.AREA, True)
    assert chain_is_whole()


def test_a_change_to_what_is_already_there_records_nothing(tree):
    before = Event.objects.count()
    node_rename(node=tree.care_home, name=tree.care_home.name, acting_user=tree.administrator)
    node_reactivate(node=tree.care_home, acting_user=tree.administrator)
    node_move(node=tree.care_home, parent=tree.elderly, acting_user=tree.administrator)
    assert Event.objects.count() == before


def test_moving_a_part_of_the_tree_moves_everything_below_it(tree):
    node_move(node=tree.elderly, parent=tree.lss, acting_user=tree.administrator)
    tree.care_home.refresh_from_db()
    tree.home_care.refresh_from_db()
    assert tree.care_home.path == f"{tree.lss.path}{tree.elderly.pk}/{tree.care_home.pk}/"
    assert tree.home_care.path == f"{tree.lss.path}{tree.elderly.pk}/{tree.home_care.pk}/"
    event = last_event(Action.NODE_MOVED)
    assert event.data == {
        "organisation": tree.organisation.pk,
        "node": tree.elderly.pk,
        "old_parent": tree.root.pk,
        "new_parent": tree.lss.pk,
        "below": 2,
    }


def test_the_cases_of_a_moved_part_move_with_it(tree):
    case = register(tree)  # at the care home, below elderly care
    other = register(tree, unit=tree.group_home)
    lss_head = User.objects.create_user(username="lss-ingrid", first_name="Ingrid", last_name="Funktionsson")
    role_grant(user=lss_head, node=tree.lss, role=Role.DEPUTY_HEAD, acting_user=tree.administrator)
    assert not cases_visible_to(lss_head).filter(pk=case.pk).exists()
    node_move(node=tree.care_home, parent=tree.lss, acting_user=tree.administrator)
    case.refresh_from_db()
    other.refresh_from_db()
    assert case.node_path == f"{tree.lss.path}{tree.care_home.pk}/"
    assert other.node_path == tree.group_home.path  # a case outside the moved part stays where it was
    assert cases_visible_to(lss_head).filter(pk=case.pk).exists()  # staff at the new place see it
    assert not cases_visible_to(tree.deputy_head).filter(pk=case.pk).exists()  # and at the old one no longer
    assert cases_visible_to(tree.contact_staff).filter(pk=case.pk).exists()  # the unit's own staff still do


@pytest.mark.parametrize("where", ["itself", "below_itself", "another_organisation"])
def test_it_refuses_a_move_that_breaks_the_tree(tree, where):
    parent = {
        "itself": lambda: tree.elderly,
        "below_itself": lambda: tree.care_home,
        "another_organisation": lambda: build_tree(slug="annanby").lss,
    }[where]()
    before = Event.objects.filter(action=Action.NODE_MOVED).count()
    with pytest.raises(ValidationError):
        node_move(node=tree.elderly, parent=parent, acting_user=tree.administrator)
    tree.elderly.refresh_from_db()
    assert tree.elderly.parent_id == tree.root.pk
    assert Event.objects.filter(action=Action.NODE_MOVED).count() == before


def test_the_top_of_the_tree_stays_the_top(tree):
    with pytest.raises(ValidationError):
        node_kind_change(node=tree.root, kind=NodeKind.AREA, acting_user=tree.administrator)
    with pytest.raises(ValidationError):
        node_move(node=tree.root, parent=tree.lss, acting_user=tree.administrator)


# --- roles ----------------------------------------------------------------------------------------------------------


def test_giving_and_taking_away_a_role_is_recorded(tree):
    assignment = role_grant(
        user=tree.other_unit_staff,
        node=tree.care_home,
        role=Role.CONTACT_STAFF,
        acting_user=tree.administrator,
    )
    granted = last_event(Action.ROLE_GRANTED)
    expected = {
        "user": tree.other_unit_staff.pk,
        "node": tree.care_home.pk,
        "organisation": tree.organisation.pk,
        "role": "contact_staff",
    }
    assert granted.data == expected and granted.actor == tree.administrator
    role_revoke(assignment=assignment, acting_user=tree.administrator)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert last_event(Action.ROLE_REVOKED).data == expected
    assert chain_is_whole()


def test_nobody_gives_themselves_a_role(tree):
    before = Event.objects.count()
    with pytest.raises(ValidationError) as error:
        role_grant(
            user=tree.administrator,
            node=tree.root,
            role=Role.HEAD_OF_OPERATIONS,
            acting_user=tree.administrator,
        )
    assert error.value.code == "own_role"
    assert not RoleAssignment.objects.filter(user=tree.administrator, role=Role.HEAD_OF_OPERATIONS).exists()
    assert Event.objects.count() == before


def test_moving_a_role_is_recorded_as_one_taken_away_and_one_given(tree):
    assignment = RoleAssignment.objects.get(user=tree.contact_staff, node=tree.care_home)
    role_change(
        assignment=assignment,
        user=tree.contact_staff,
        node=tree.home_care,
        role=Role.CONTACT_STAFF,
        acting_user=tree.administrator,
    )
    assignment.refresh_from_db()
    assert assignment.node == tree.home_care
    assert last_event(Action.ROLE_REVOKED).data["node"] == tree.care_home.pk
    assert last_event(Action.ROLE_GRANTED).data["node"] == tree.home_care.pk


def test_nobody_moves_their_own_role_or_takes_over_someone_elses(tree):
    own = RoleAssignment.objects.get(user=tree.administrator, role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError):
        role_change(
            assignment=own,
            user=tree.administrator,
            node=own.node,
            role=Role.HEAD_OF_OPERATIONS,
            acting_user=tree.administrator,
        )
    others = RoleAssignment.objects.get(user=tree.registrar, role=Role.REGISTRAR)
    with pytest.raises(ValidationError):
        role_change(
            assignment=others,
            user=tree.administrator,
            node=others.node,
            role=Role.REGISTRAR,
            acting_user=tree.administrator,
        )
    assert RoleAssignment.objects.get(pk=others.pk).user == tree.registrar


def test_anyone_may_give_up_their_own_role(tree):
    own = RoleAssignment.objects.get(user=tree.administrator, role=Role.ADMINISTRATOR)
    role_revoke(assignment=own, acting_user=tree.administrator)
    assert not RoleAssignment.objects.filter(pk=own.pk).exists()
    assert last_event(Action.ROLE_REVOKED).actor == tree.administrator


# --- the ladder -----------------------------------------------------------------------------------------------------


def test_changing_the_ladder_records_the_old_and_the_new(tree):
    ladder_set(
        organisation=tree.organisation,
        roles=[Role.CONTACT_STAFF, Role.UNIT_MANAGER, Role.HEAD_OF_OPERATIONS],
        acting_user=tree.administrator,
    )
    steps = list(LadderStep.objects.filter(organisation=tree.organisation).values_list("position", "role"))
    assert steps == [(1, "contact_staff"), (2, "unit_manager"), (3, "head_of_operations")]
    event = last_event(Action.LADDER_CHANGED)
    assert event.data == {
        "organisation": tree.organisation.pk,
        "old": ["contact_staff", "unit_manager", "deputy_head", "head_of_operations"],
        "new": ["contact_staff", "unit_manager", "head_of_operations"],
    }


@pytest.mark.parametrize("roles", [[], [Role.CONTACT_STAFF, Role.CONTACT_STAFF], ["emperor"]])
def test_it_refuses_a_ladder_that_cannot_work(tree, roles):
    with pytest.raises(ValidationError):
        ladder_set(organisation=tree.organisation, roles=roles, acting_user=tree.administrator)
    assert LadderStep.objects.filter(organisation=tree.organisation).count() == 4
    assert not Event.objects.filter(action=Action.LADDER_CHANGED).exists()
