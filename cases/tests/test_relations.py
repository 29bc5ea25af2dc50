"""Related cases: linking and unlinking (cases/relations.py), who may, what is recorded, and what a reader sees."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.actions import Action
from audit.models import Event
from cases.models import CaseRelation, RelationReason
from cases.relations import RelationError, case_by_reference, case_relate, case_unrelate, related_cases
from cases.tests.handling_helpers import register
from organisations.testing import build_tree

TWICE = RelationReason.SAME_MATTER_TWICE


@pytest.fixture
def pair(tree):
    return register(tree), register(tree, contact_name="Tolvan Tolvansson")


def test_a_link_is_stored_once_whichever_side_it_was_made_from(tree, pair):
    first, second = pair
    relation = case_relate(case=second, other=first, reason=TWICE, acting_user=tree.unit_manager)
    assert (relation.case_a, relation.case_b) == (first, second)
    assert relation.created_by == tree.unit_manager
    with pytest.raises(RelationError):
        case_relate(case=first, other=second, reason=TWICE, acting_user=tree.unit_manager)
    assert CaseRelation.objects.count() == 1


def test_linking_is_recorded_on_both_cases(tree, pair):
    first, second = pair
    case_relate(
        case=first,
        other=second,
        reason=RelationReason.SAME_MATTER_TWO_SENDERS,
        acting_user=tree.contact_staff,
    )
    events = {event.case_id: event for event in Event.objects.filter(action=Action.CASE_RELATED)}
    assert events[first.pk].data == {"other_case": second.pk, "reason": "same_matter_two_senders"}
    assert events[second.pk].data == {"other_case": first.pk, "reason": "same_matter_two_senders"}
    assert {event.actor for event in events.values()} == {tree.contact_staff}


def test_unlinking_removes_the_link_and_is_recorded_on_both_cases(tree, pair):
    first, second = pair
    case_relate(case=first, other=second, reason=TWICE, acting_user=tree.unit_manager)
    case_unrelate(case=second, other=first, acting_user=tree.unit_manager)
    assert not CaseRelation.objects.exists()
    events = Event.objects.filter(action=Action.CASE_UNRELATED)
    assert {event.case_id for event in events} == {first.pk, second.pk}
    with pytest.raises(RelationError):
        case_unrelate(case=first, other=second, acting_user=tree.unit_manager)


def test_a_case_cannot_be_linked_to_itself_or_to_another_organisation(tree, pair):
    first, _second = pair
    with pytest.raises(RelationError):
        case_relate(case=first, other=first, reason=TWICE, acting_user=tree.unit_manager)
    elsewhere = build_tree(slug="annanby", prefix="AB")
    foreign = register(elsewhere)
    # Someone who may change both (made so only to reach the organisation check).
    foreign.holder = tree.unit_manager
    foreign.save(update_fields=["holder"])
    with pytest.raises(RelationError):
        case_relate(case=first, other=foreign, reason=TWICE, acting_user=tree.unit_manager)
    assert not CaseRelation.objects.exists()


@pytest.mark.parametrize("persona", ["quality_developer", "other_unit_staff", "administrator"])
def test_only_someone_who_may_change_both_cases_may_link_them(tree, pair, persona):
    first, second = pair
    with pytest.raises(PermissionDenied):
        case_relate(case=first, other=second, reason=TWICE, acting_user=getattr(tree, persona))
    assert not Event.objects.filter(action=Action.CASE_RELATED).exists()


def test_a_manager_of_one_case_only_may_not_link_it_to_the_other(tree):
    mine = register(tree)
    theirs = register(tree, unit=tree.group_home)
    with pytest.raises(PermissionDenied):
        case_relate(case=mine, other=theirs, reason=TWICE, acting_user=tree.unit_manager)
    case_relate(case=mine, other=theirs, reason=TWICE, acting_user=tree.head_of_operations)
    with pytest.raises(PermissionDenied):
        case_unrelate(case=mine, other=theirs, acting_user=tree.unit_manager)


def test_a_reader_sees_only_the_linked_cases_they_may_see(tree):
    mine = register(tree)
    twin = register(tree)
    theirs = register(tree, unit=tree.group_home)
    case_relate(case=mine, other=twin, reason=TWICE, acting_user=tree.head_of_operations)
    case_relate(case=mine, other=theirs, reason=RelationReason.OTHER, acting_user=tree.head_of_operations)
    assert [item.case for item in related_cases(case=mine, user=tree.head_of_operations)] == [twin, theirs]
    seen = related_cases(case=mine, user=tree.unit_manager)
    assert [item.case for item in seen] == [twin]
    assert seen[0].reason_label == "Samma sak, skriven två gånger"
    assert seen[0].linked_by == tree.head_of_operations
    assert [item.case for item in related_cases(case=theirs, user=tree.other_unit_staff)] == []


def test_a_case_without_links_costs_one_query(tree, django_assert_num_queries):
    case = register(tree)
    with django_assert_num_queries(1):
        assert related_cases(case=case, user=tree.unit_manager) == []


def test_a_case_is_found_by_its_reference_number_as_people_type_it(tree, pair):
    first, second = pair
    assert second.reference_number.endswith("/00002")
    year = second.reference_year
    for typed in (second.reference_number, f"sn {year}/2", f" {year} / 00002 ", f"SN{year}/2"):
        assert case_by_reference(case=first, reference=typed, user=tree.unit_manager) == second, typed
    for typed in (f"AB {year}/2", f"{year}/3", "2", ""):
        assert case_by_reference(case=first, reference=typed, user=tree.unit_manager) is None, typed


def test_a_case_the_user_may_not_see_is_not_found(tree):
    mine = register(tree)
    theirs = register(tree, unit=tree.group_home)
    assert case_by_reference(case=mine, reference=theirs.reference_number, user=tree.unit_manager) is None
