"""What a case concerns and the cause found: set while handling, needed to close, audited (issue 18, item 1)."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.actions import Action as AuditAction
from audit.models import Event
from cases.lifecycle import CaseError
from cases.models import CaseCategory, CaseKind, CaseState
from cases.services import case_answer_and_close, case_categorise, case_thank_and_close
from cases.services.categories import case_categories, closing_refusal
from organisations.models import Category, CategoryDimension
from organisations.services import category_change
from organisations.testing import build_tree

from .handling_helpers import register


def entry(tree, code, dimension=CategoryDimension.TOPIC, organisation=None):
    return Category.objects.get(
        organisation=organisation or tree.organisation, dimension=dimension, code=code
    )


def test_staff_set_topics_and_causes_and_the_change_is_audited_as_ids(tree):
    case = register(tree)
    treatment, information = entry(tree, "treatment"), entry(tree, "information")
    routines = entry(tree, "routines", CategoryDimension.CAUSE)
    chosen = case_categorise(
        case=case, topics=[treatment, information], causes=[routines], acting_user=tree.contact_staff
    )
    assert chosen.topics == [treatment, information] and chosen.causes == [routines]
    event = Event.objects.filter(action=AuditAction.CATEGORISED, case_id=case.pk).get()
    assert event.actor == tree.contact_staff
    assert event.data == {
        "topics": sorted([treatment.pk, information.pk]),
        "causes": [routines.pk],
        "added": sorted([treatment.pk, information.pk, routines.pk]),
        "removed": [],
    }
    # Changing replaces; the same choice again records nothing.
    case_categorise(case=case, topics=[information], causes=[routines], acting_user=tree.contact_staff)
    assert case_categories(case).topics == [information]
    assert Event.objects.filter(action=AuditAction.CATEGORISED).latest("pk").data["removed"] == [treatment.pk]
    case_categorise(case=case, topics=[information], causes=[routines], acting_user=tree.contact_staff)
    assert Event.objects.filter(action=AuditAction.CATEGORISED, case_id=case.pk).count() == 2


def test_a_topic_is_needed_and_only_the_organisations_own_entries_of_the_right_taxonomy(tree):
    case = register(tree)
    with pytest.raises(CaseError):
        case_categorise(case=case, topics=[], causes=[], acting_user=tree.contact_staff)
    with pytest.raises(CaseError):  # a cause given as a topic
        case_categorise(
            case=case,
            topics=[entry(tree, "routines", CategoryDimension.CAUSE)],
            causes=[],
            acting_user=tree.contact_staff,
        )
    other = build_tree(slug="annanby", prefix="AB")
    with pytest.raises(CaseError):
        case_categorise(
            case=case,
            topics=[entry(tree, "treatment", organisation=other.organisation)],
            causes=[],
            acting_user=tree.contact_staff,
        )
    assert not CaseCategory.objects.filter(case=case).exists()


def test_a_retired_entry_cannot_be_chosen_anew_but_stays_where_it_was(tree):
    case, fresh = register(tree), register(tree)
    fees = entry(tree, "fees")
    case_categorise(case=case, topics=[fees], causes=[], acting_user=tree.contact_staff)
    category_change(
        category=fees,
        name=fees.name,
        name_en=fees.name_en,
        position=fees.position,
        is_active=False,
        acting_user=None,
    )
    case_categorise(case=case, topics=[fees], causes=[], acting_user=tree.contact_staff)  # kept
    with pytest.raises(CaseError):
        case_categorise(case=fresh, topics=[fees], causes=[], acting_user=tree.contact_staff)


def test_only_those_who_may_change_the_case_may_categorise_it(tree):
    case = register(tree)
    for outsider in [tree.other_unit_staff, tree.quality_developer]:
        with pytest.raises(PermissionDenied):
            case_categorise(case=case, topics=[entry(tree, "treatment")], causes=[], acting_user=outsider)


def test_a_complaint_is_closed_only_with_a_topic_and_the_cause_found(tree):
    case = register(tree)
    assert closing_refusal(case) is not None
    with pytest.raises(CaseError, match=r"vad ärendet gäller|what the case concerns"):
        case_answer_and_close(case=case, body="Svar", acting_user=tree.contact_staff)
    case_categorise(case=case, topics=[entry(tree, "treatment")], causes=[], acting_user=tree.contact_staff)
    with pytest.raises(CaseError, match=r"orsaken|cause"):
        case_answer_and_close(case=case, body="Svar", acting_user=tree.contact_staff)
    assert case.state == CaseState.REGISTERED and not case.messages.exists()
    # Chosen on the closing page: saved with the close, in one transaction.
    case_answer_and_close(
        case=case,
        body="Svar",
        acting_user=tree.contact_staff,
        topics=[entry(tree, "treatment")],
        causes=[entry(tree, "staffing", CategoryDimension.CAUSE)],
    )
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert [c.code for c in case_categories(case).causes] == ["staffing"]


def test_a_refused_close_saves_no_categories_either(tree):
    case = register(tree)
    from datetime import date

    from cases.services import action_add

    action_add(
        case=case,
        description="Utbildning",
        responsible=tree.contact_staff,
        due_on=date(2030, 1, 1),
        acting_user=tree.contact_staff,
    )
    with pytest.raises(CaseError):
        case_answer_and_close(
            case=case,
            body="Svar",
            acting_user=tree.contact_staff,
            topics=[entry(tree, "treatment")],
            causes=[entry(tree, "staffing", CategoryDimension.CAUSE)],
        )
    assert not CaseCategory.objects.filter(case=case).exists()


def test_praise_needs_a_topic_but_no_cause(tree):
    case = register(tree, kind=CaseKind.PRAISE)
    with pytest.raises(CaseError):
        case_thank_and_close(case=case, body="Tack", acting_user=tree.contact_staff)
    case_thank_and_close(
        case=case, body="Tack", acting_user=tree.contact_staff, topics=[entry(tree, "treatment")]
    )
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
