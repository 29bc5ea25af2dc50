"""The tree check: a unit with nobody to receive its cases is named, and `check_tree` fails."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from organisations.checks import check_trees, problems_after
from organisations.models import NodeKind, Role, RoleAssignment
from organisations.selectors import tree_problems
from organisations.services import node_create

pytestmark = pytest.mark.django_db


def test_it_passes_a_complete_tree(tree):
    out = StringIO()
    call_command("check_tree", stdout=out)
    assert "complete" in out.getvalue().lower() or "komplett" in out.getvalue().lower()
    assert check_trees(databases=["default"]) == []


def test_it_fails_naming_the_unit_that_nobody_would_receive_cases_for(tree):
    RoleAssignment.objects.filter(user=tree.unit_manager, node=tree.home_care).delete()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_tree", stderr=err)
    assert "Hemtjänst Norr" in err.getvalue()
    assert "Solgårdens" not in err.getvalue()


def test_it_names_a_new_unit_without_receivers(tree):
    node_create(
        organisation=tree.organisation, parent=tree.lss, kind=NodeKind.UNIT, name="Daglig verksamhet Ön"
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_tree", stderr=err)
    assert "Daglig verksamhet Ön" in err.getvalue()


def test_it_names_a_missing_registrar(tree):
    RoleAssignment.objects.filter(role=Role.REGISTRAR).delete()
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("check_tree", stderr=err)
    assert "Testby kommun" in err.getvalue()


def test_it_is_a_system_check_warning_on_the_database(tree):
    RoleAssignment.objects.filter(user=tree.unit_manager, node=tree.home_care).delete()
    with translation.override("en"):
        warnings = check_trees(databases=["default"])
    assert [warning.id for warning in warnings] == ["organisations.W001"]
    assert "Hemtjänst Norr" in warnings[0].msg
    assert check_trees(databases=None) == []  # not without --database: no queries at import-time checks


def test_it_speaks_swedish_and_english(tree):
    change = RoleAssignment.objects.filter(user=tree.unit_manager, node=tree.home_care).delete
    with translation.override("sv"):
        [swedish] = problems_after([tree.organisation], change)
    with translation.override("en"):
        [english] = problems_after([tree.organisation], change)
    assert "Hemtjänst Norr" in swedish and "Hemtjänst Norr" in english
    assert "inte ha någon som tar emot" in swedish
    assert "nobody to receive" in english


def test_trying_a_change_leaves_nothing_behind(tree):
    count = RoleAssignment.objects.count()
    sentences = problems_after([tree.organisation], RoleAssignment.objects.filter(node=tree.home_care).delete)
    assert sentences
    assert RoleAssignment.objects.count() == count
    assert tree_problems(tree.organisation) == []


def test_it_does_not_blame_a_change_for_problems_the_tree_already_had(tree):
    RoleAssignment.objects.filter(role=Role.REGISTRAR).delete()
    assert tree_problems(tree.organisation) == ["registrar"]
    assert problems_after([tree.organisation], lambda: None) == []
