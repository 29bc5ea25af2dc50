"""cases.policy: the one-case check of the case page says exactly what the list rule and can_view_case say."""

import pytest

from cases.policy import can_change_case, can_view_case, case_visible_to, cases_visible_to
from cases.selectors import case_for_staff
from organisations.models import NodeKind
from organisations.services import node_create
from staff.tests.conftest import register
from staff.tests.test_access import MUST_NOT_SEE, MUST_SEE

PERSONAS = MUST_SEE + MUST_NOT_SEE


@pytest.fixture
def cases(tree):
    # A further unit beside the care home: the case-page check must match whole path steps, as startswith does.
    lookalike = node_create(
        organisation=tree.organisation, parent=tree.elderly, kind=NodeKind.UNIT, name="Äng"
    )
    return [
        register(tree),  # the care home
        register(tree, unit=tree.group_home),
        register(tree, unit=tree.home_care),
        register(tree, unit=None),  # not placed: at the root
        register(tree, unit=lookalike),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_case_page_check_agrees_with_the_list_rule_for_every_persona(tree, cases, persona):
    user = getattr(tree, persona)
    for case in cases:
        listed = cases_visible_to(user).filter(pk=case.pk).exists()
        assert case_visible_to(user, case.pk).exists() == listed == can_view_case(user, case), (persona, case)
        # The case page's read gives the same answer, and the case.
        found = case_for_staff(user=user, pk=case.pk)
        assert (found is not None) == listed, (persona, case)
        assert found is None or (found == case and found.organisation == case.organisation)
        # And whether the user may change it, as can_change_case says (a quality developer only reads).
        assert found is None or found.may_change == can_change_case(user, case), (persona, case)


def test_the_holder_sees_the_case_outside_their_part_of_the_tree(tree, cases):
    from cases.services import case_assign
    from organisations.models import Role

    case = cases[0]
    case_assign(
        case=case,
        assignee=tree.other_unit_staff,
        node=tree.care_home,
        role=Role.CONTACT_STAFF,
        reason="reassigned",
        acting_user=tree.unit_manager,
    )
    assert case_visible_to(tree.other_unit_staff, case.pk).exists()


def test_an_inactive_user_sees_nothing(tree, cases):
    tree.head_of_operations.is_active = False
    tree.head_of_operations.save(update_fields=["is_active"])
    assert not case_visible_to(tree.head_of_operations, cases[0].pk).exists()
    assert case_for_staff(user=tree.head_of_operations, pk=cases[0].pk) is None
