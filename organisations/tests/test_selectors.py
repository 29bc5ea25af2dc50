"""Reads of the tree: who holds a role for a node."""

import pytest

from accounts.models import User
from organisations.models import OrgNode, Role, RoleAssignment
from organisations.selectors import (
    ladder_holder_ids,
    ladder_roles,
    role_holder_for,
    role_holders_for,
)

pytestmark = pytest.mark.django_db


def test_role_holders_for_answers_as_role_holder_for_does_for_every_node_and_role(tree):
    roles = list(Role.values)
    for node in OrgNode.objects.filter(organisation=tree.organisation):
        expected = {role: found for role in roles if (found := role_holder_for(node, role)) is not None}
        assert role_holders_for(node, roles) == expected


def test_role_holders_for_takes_the_nearest_holder(tree):
    found = role_holders_for(tree.care_home, [Role.UNIT_MANAGER, Role.HEAD_OF_OPERATIONS])
    assert found[Role.UNIT_MANAGER] == (tree.unit_manager, tree.care_home)
    assert found[Role.HEAD_OF_OPERATIONS][0] == tree.head_of_operations


def _ladder_holders_in_two_queries(node):
    ladder = ladder_roles(node.organisation)
    holders = {
        role: (user.pk, held_at.pk) for role, (user, held_at) in role_holders_for(node, ladder).items()
    }
    return [(role, holders.get(role)) for role in ladder]


def test_ladder_holder_ids_reads_in_one_query_what_ladder_roles_and_role_holders_for_read(
    tree, django_assert_num_queries
):
    for node in OrgNode.objects.filter(organisation=tree.organisation).select_related("organisation"):
        expected = _ladder_holders_in_two_queries(node)
        with django_assert_num_queries(1):
            assert ladder_holder_ids(tree.organisation.pk, node.path) == expected


def test_ladder_holder_ids_takes_the_longest_serving_holder_and_leaves_out_the_inactive(tree):
    second = User.objects.create_user(username="ny.enhetschef", password="x-Lösen0rd-lång")
    RoleAssignment.objects.create(user=second, node=tree.care_home, role=Role.UNIT_MANAGER)
    steps = dict(ladder_holder_ids(tree.organisation.pk, tree.care_home.path))
    assert steps[Role.UNIT_MANAGER] == (tree.unit_manager.pk, tree.care_home.pk)

    User.objects.filter(pk=tree.unit_manager.pk).update(is_active=False)
    steps = dict(ladder_holder_ids(tree.organisation.pk, tree.care_home.path))
    assert steps[Role.UNIT_MANAGER] == (second.pk, tree.care_home.pk)
    assert [role for role, _ in ladder_holder_ids(tree.organisation.pk, tree.care_home.path)] == ladder_roles(
        tree.organisation
    )
