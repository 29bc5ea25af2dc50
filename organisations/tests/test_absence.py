"""Setting and ending absences (organisations/absence.py): who may, who may be the deputy, the dates, overlaps,
and the audit trail."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.actions import Action
from audit.models import Event
from cases.policy import CHANGING_ROLES
from organisations.absence import (
    HANDLING_ROLES,
    absence_end,
    absence_now,
    absence_set,
    deputy_candidates,
    people_managed,
)
from organisations.models import Absence, Role
from organisations.testing import grant, make_user

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def dora(tree):
    """A second contact staff member at the care home: the natural deputy for Anna."""
    user = make_user("testby-dora", "Dora", "Ersättarsson")
    grant(user, tree.care_home, Role.CONTACT_STAFF)
    return user


def set_absence(tree, *, person=None, deputy, starts_on=None, ends_on=None, by=None):
    return absence_set(
        organisation=tree.organisation,
        person=person or tree.contact_staff,
        deputy=deputy,
        starts_on=starts_on or today(),
        ends_on=ends_on,
        acting_user=by or tree.unit_manager,
    )


def refusal_code(**kwargs):
    with pytest.raises(ValidationError) as caught:
        set_absence(**kwargs)
    return caught.value.code, " ".join(caught.value.messages)


def test_it_records_an_absence_and_its_audit_event(tree, dora):
    absence = set_absence(tree, deputy=dora, ends_on=today() + timedelta(days=13))
    assert absence.set_by == tree.unit_manager
    assert absence_now(person_id=tree.contact_staff.pk, organisation_id=tree.organisation.pk) == absence
    event = Event.objects.get(action=Action.ABSENCE_SET)
    assert event.actor == tree.unit_manager
    assert event.case_id is None
    assert event.data == {
        "organisation": tree.organisation.pk,
        "absence": absence.pk,
        "person": tree.contact_staff.pk,
        "deputy": dora.pk,
        "starts_on": today().isoformat(),
        "ends_on": (today() + timedelta(days=13)).isoformat(),
    }


def test_it_allows_an_open_end_until_further_notice(tree, dora):
    absence = set_absence(tree, deputy=dora, ends_on=None)
    later = timezone.now() + timedelta(days=400)
    assert (
        absence_now(person_id=tree.contact_staff.pk, organisation_id=tree.organisation.pk, at=later)
        == absence
    )


def test_it_refuses_a_person_as_their_own_deputy(tree):
    code, message = refusal_code(tree=tree, deputy=tree.contact_staff)
    assert code == "deputy"
    assert "sin egen ersättare" in message
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Absence.objects.create(
            organisation=tree.organisation,
            person=tree.contact_staff,
            deputy=tree.contact_staff,
            starts_on=today(),
        )


def test_it_refuses_a_deputy_who_cannot_hold_the_persons_cases(tree):
    # Charlie works at the group home (LSS): he has no role at the care home or above it.
    code, message = refusal_code(tree=tree, deputy=tree.other_unit_staff)
    assert code == "deputy"
    assert "Solgårdens äldreboende" in message
    # Nor can a quality developer at the top hold cases: reading is not handling.
    code, _message = refusal_code(tree=tree, deputy=tree.quality_developer)
    assert code == "deputy"


def test_a_deputy_above_the_person_can_hold_their_cases(tree):
    # The deputy head of elderly care covers both of the unit manager's units.
    absence = set_absence(tree, person=tree.unit_manager, deputy=tree.deputy_head, by=tree.deputy_head)
    assert absence.deputy == tree.deputy_head


def test_a_deputy_must_cover_every_unit_of_the_person(tree, dora):
    # Bertil manages the care home and home care; Dora works only at the care home.
    code, message = refusal_code(tree=tree, person=tree.unit_manager, deputy=dora, by=tree.deputy_head)
    assert code == "deputy"
    assert "Hemtjänst Norr" in message


def test_a_manager_outside_the_persons_part_of_the_tree_is_refused(tree, dora):
    # Harald manages the group home, in another area.
    code, _message = refusal_code(tree=tree, deputy=dora, by=tree.other_unit_manager)
    assert code == "scope"
    assert not Absence.objects.exists()
    assert not Event.objects.filter(action=Action.ABSENCE_SET).exists()


def test_contact_staff_cannot_set_absences(tree, dora):
    code, message = refusal_code(tree=tree, person=dora, deputy=tree.contact_staff, by=tree.contact_staff)
    assert code == "scope"
    assert "enhetschef" in message


def test_a_person_who_also_works_outside_the_managers_part_needs_a_manager_above_both(tree, dora):
    grant(tree.contact_staff, tree.group_home, Role.CONTACT_STAFF)
    code, message = refusal_code(tree=tree, deputy=dora, by=tree.unit_manager)
    assert code == "scope"
    assert "Gruppbostad Björken" in message
    # The head of operations covers both; the deputy must cover both too.
    code, _message = refusal_code(tree=tree, deputy=dora, by=tree.head_of_operations)
    assert code == "deputy"
    absence = set_absence(tree, deputy=tree.head_of_operations, by=tree.head_of_operations)
    assert absence.set_by == tree.head_of_operations


def test_managers_above_may_set_absences_in_their_part(tree, dora):
    assert set_absence(tree, deputy=dora, by=tree.deputy_head).set_by == tree.deputy_head


def test_a_manager_may_record_their_own_absence(tree):
    absence = set_absence(tree, person=tree.unit_manager, deputy=tree.deputy_head, by=tree.unit_manager)
    assert absence.person == absence.set_by == tree.unit_manager


def test_it_refuses_wrong_dates(tree, dora):
    code, _message = refusal_code(
        tree=tree, deputy=dora, starts_on=today() + timedelta(days=5), ends_on=today() + timedelta(days=4)
    )
    assert code == "dates"
    code, message = refusal_code(
        tree=tree, deputy=dora, starts_on=today() - timedelta(days=10), ends_on=today() - timedelta(days=1)
    )
    assert code == "past"
    assert "redan varit" in message
    # Sick since Monday: a first day in the past is the truth, and allowed.
    assert set_absence(tree, deputy=dora, starts_on=today() - timedelta(days=3), ends_on=today())


def test_it_refuses_an_absence_that_overlaps_another_of_the_same_person(tree, dora):
    first = set_absence(
        tree, deputy=dora, starts_on=today() + timedelta(days=10), ends_on=today() + timedelta(days=20)
    )
    code, message = refusal_code(
        tree=tree, deputy=dora, starts_on=today() + timedelta(days=20), ends_on=today() + timedelta(days=25)
    )
    assert code == "overlap"
    assert "redan borta" in message
    # An open end overlaps everything after its start.
    code, _message = refusal_code(tree=tree, deputy=dora, starts_on=today(), ends_on=None)
    assert code == "overlap"
    # The day after is free, and so is the time before.
    assert set_absence(tree, deputy=dora, starts_on=today() + timedelta(days=21), ends_on=None)
    assert set_absence(tree, deputy=dora, starts_on=today(), ends_on=today() + timedelta(days=9))
    # Once ended, an absence no longer blocks a new one: that is how the deputy is changed.
    absence_end(absence=first, acting_user=tree.unit_manager)
    assert set_absence(
        tree,
        deputy=tree.unit_manager,
        by=tree.deputy_head,
        starts_on=today() + timedelta(days=10),
        ends_on=today() + timedelta(days=20),
    )


def test_two_people_may_be_away_at_once(tree, dora):
    set_absence(tree, deputy=dora)
    assert set_absence(tree, person=dora, deputy=tree.unit_manager)


def test_ending_an_absence_takes_effect_at_once_and_is_audited(tree, dora):
    absence = set_absence(tree, deputy=dora, ends_on=today() + timedelta(days=13))
    absence_end(absence=absence, acting_user=tree.deputy_head)
    absence.refresh_from_db()
    assert absence.ended_by == tree.deputy_head
    assert absence.ends_on == today() + timedelta(days=13)  # the plan is kept
    assert absence_now(person_id=tree.contact_staff.pk, organisation_id=tree.organisation.pk) is None
    event = Event.objects.get(action=Action.ABSENCE_ENDED)
    assert event.actor == tree.deputy_head
    assert event.data["absence"] == absence.pk and event.data["early"] is True
    with pytest.raises(ValidationError):
        absence_end(absence=absence, acting_user=tree.unit_manager)


def test_a_manager_outside_cannot_end_an_absence(tree, dora):
    absence = set_absence(tree, deputy=dora)
    with pytest.raises(ValidationError):
        absence_end(absence=absence, acting_user=tree.other_unit_manager)
    absence.refresh_from_db()
    assert absence.ended_at is None


def test_the_forms_offer_the_people_of_the_managers_part_and_deputies_at_or_above_it(tree, dora):
    people = {p.user for p in people_managed(tree.unit_manager)}
    assert people == {tree.contact_staff, dora, tree.unit_manager}
    deputies = {p.user for p in deputy_candidates(tree.unit_manager)}
    assert {
        tree.contact_staff,
        dora,
        tree.unit_manager,
        tree.deputy_head,
        tree.head_of_operations,
    } <= deputies
    assert tree.registrar in deputies  # a registrar at the top receives cases
    assert tree.other_unit_staff not in deputies
    assert tree.quality_developer not in deputies and tree.administrator not in deputies
    assert people_managed(tree.contact_staff) == []


def test_the_roles_that_hold_cases_are_the_policys_changing_roles():
    assert sorted(HANDLING_ROLES) == sorted(CHANGING_ROLES)
