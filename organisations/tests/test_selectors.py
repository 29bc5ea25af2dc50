"""Reads of the tree: who holds a role for a node."""

import pytest

from organisations.models import OrgNode, Role
from organisations.selectors import role_holder_for, role_holders_for

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
