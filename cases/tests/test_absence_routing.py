"""Routing while someone is away: new cases at registration, escalations and moves go to the deputy during the
absence and not before or after it, chains of deputies are followed, and a cycle falls back to the rules as they
were (organisations/absence.py, cases/routing.py, cases/services/ladder.py)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from audit.models import Event
from cases.models import Assignment, AssignmentReason
from cases.services import case_escalate, case_move
from cases.tests.handling_helpers import register
from notifications.models import OutboundEmail
from organisations.absence import absence_end, absence_set
from organisations.models import Role
from organisations.services import role_revoke
from organisations.testing import grant, make_user

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM), tick=False)


@pytest.fixture
def dora(tree):
    user = make_user("testby-dora", "Dora", "Ersättarsson")
    grant(user, tree.care_home, Role.CONTACT_STAFF)
    return user


def away(tree, person, deputy, *, starts_on, ends_on, by=None):
    with at(starts_on - timedelta(days=10)):
        return absence_set(
            organisation=tree.organisation,
            person=person,
            deputy=deputy,
            starts_on=starts_on,
            ends_on=ends_on,
            acting_user=by or tree.head_of_operations,
        )


def assigned_event(case):
    return Event.objects.filter(case_id=case.pk, action="assigned").order_by("pk").last()


JULY_1, JULY_14 = date(2026, 7, 1), date(2026, 7, 14)


def test_a_new_case_goes_to_the_deputy_only_while_the_absence_lasts(tree, dora):
    away(tree, tree.contact_staff, dora, starts_on=JULY_1, ends_on=JULY_14)
    holders = {}
    for day in [date(2026, 6, 30), JULY_1, JULY_14, date(2026, 7, 15)]:
        with at(day, hour=0):  # the first minute of the day counts as the day
            holders[day] = register(tree).holder
    assert holders == {
        date(2026, 6, 30): tree.contact_staff,
        JULY_1: dora,
        JULY_14: dora,
        date(2026, 7, 15): tree.contact_staff,
    }


def test_the_history_says_whom_the_deputy_stood_in_for(tree, dora):
    absence = away(tree, tree.contact_staff, dora, starts_on=JULY_1, ends_on=JULY_14)
    with at(date(2026, 7, 3)):
        case = register(tree)
    assignment = Assignment.objects.get(case=case)
    assert (assignment.assignee, assignment.deputy_for) == (dora, tree.contact_staff)
    # The step, node and role stay those of the holder the ladder chose.
    assert (assignment.step, assignment.node, assignment.role) == (1, tree.care_home, Role.CONTACT_STAFF)
    assert assignment.reason == AssignmentReason.ROUTED_TO_UNIT
    event = assigned_event(case)
    assert event.data["to"] == dora.pk
    assert event.data["deputy_for"] == tree.contact_staff.pk
    assert event.data["absences"] == [absence.pk] and event.data["via"] == []


def test_an_absence_ended_early_stops_at_once(tree, dora):
    absence = away(tree, tree.contact_staff, dora, starts_on=JULY_1, ends_on=JULY_14)
    with at(date(2026, 7, 3), hour=9):
        assert register(tree).holder == dora
        absence_end(absence=absence, acting_user=tree.unit_manager)
        case = register(tree)
    assert case.holder == tree.contact_staff
    assert Assignment.objects.get(case=case).deputy_for is None
    assert "deputy_for" not in assigned_event(case).data


def test_an_escalation_to_a_manager_who_is_away_goes_to_their_deputy(tree):
    away(tree, tree.unit_manager, tree.deputy_head, starts_on=JULY_1, ends_on=JULY_14)
    with at(date(2026, 6, 29)):
        before = register(tree)
        case = register(tree)
        after = register(tree)
        case_escalate(case=before, reason="Ingen förbättring", requested_by_citizen=True)
    with at(date(2026, 7, 2)):
        case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
    with at(date(2026, 7, 15)):
        case_escalate(case=after, reason="Ingen förbättring", requested_by_citizen=True)
    for one in (before, case, after):
        one.refresh_from_db()
    assert (before.step, before.holder) == (2, tree.unit_manager)
    assert (case.step, case.holder) == (2, tree.deputy_head)
    assert (after.step, after.holder) == (2, tree.unit_manager)
    last = Assignment.objects.filter(case=case).last()
    assert last.reason == AssignmentReason.ESCALATED
    assert (last.role, last.node, last.deputy_for) == (Role.UNIT_MANAGER, tree.care_home, tree.unit_manager)
    assert assigned_event(case).data["deputy_for"] == tree.unit_manager.pk
    # The mail about the new case goes to whoever received it.
    mails = OutboundEmail.objects.filter(case_id=case.pk, kind="staff_case_assigned")
    assert [mail.to for mail in mails] == [tree.deputy_head.email]


def test_a_case_moved_to_a_unit_goes_to_the_deputy_of_its_holder(tree, dora):
    away(tree, tree.contact_staff, dora, starts_on=JULY_1, ends_on=JULY_14)
    with at(date(2026, 7, 2)):
        case = register(tree, unit=tree.group_home)
        case_move(case=case, unit=tree.care_home, reason="Fel enhet", acting_user=tree.head_of_operations)
    case.refresh_from_db()
    assert case.holder == dora
    assert Assignment.objects.filter(case=case).last().deputy_for == tree.contact_staff


def test_the_chain_is_followed_when_the_deputy_is_away_too(tree, dora):
    away(tree, tree.contact_staff, dora, starts_on=JULY_1, ends_on=JULY_14)
    dora_away = away(tree, dora, tree.unit_manager, starts_on=date(2026, 7, 5), ends_on=JULY_14)
    with at(date(2026, 7, 3)):
        assert register(tree).holder == dora
    with at(date(2026, 7, 6)):
        case = register(tree)
    assert case.holder == tree.unit_manager
    assignment = Assignment.objects.get(case=case)
    assert assignment.deputy_for == tree.contact_staff
    data = assigned_event(case).data
    assert data["deputy_for"] == tree.contact_staff.pk and data["via"] == [dora.pk]
    assert dora_away.pk in data["absences"]


def test_a_cycle_of_deputies_leaves_the_case_with_the_holder_the_ladder_chose(tree, dora):
    away(tree, tree.contact_staff, dora, starts_on=JULY_1, ends_on=JULY_14)
    away(tree, dora, tree.contact_staff, starts_on=JULY_1, ends_on=JULY_14)
    with at(date(2026, 7, 2)):
        case = register(tree)
    assert case.holder == tree.contact_staff
    assert Assignment.objects.get(case=case).deputy_for is None
    data = assigned_event(case).data
    assert data["holder_absent"] is True and data["no_deputy"] == "cycle"


def test_a_longer_cycle_is_caught_too(tree, dora):
    erik = make_user("testby-erik", "Erik", "Tredjesson")
    grant(erik, tree.care_home, Role.CONTACT_STAFF)
    away(tree, tree.contact_staff, dora, starts_on=JULY_1, ends_on=JULY_14)
    away(tree, dora, erik, starts_on=JULY_1, ends_on=JULY_14)
    away(tree, erik, tree.contact_staff, starts_on=JULY_1, ends_on=JULY_14)
    with at(date(2026, 7, 2)):
        case = register(tree)
    assert case.holder == tree.contact_staff
    assert assigned_event(case).data["no_deputy"] == "cycle"


def test_a_deputy_who_can_no_longer_hold_the_case_is_passed_over(tree, dora):
    away(tree, tree.contact_staff, dora, starts_on=JULY_1, ends_on=JULY_14)
    role_revoke(assignment=dora.roles.get(), acting_user=tree.administrator)
    with at(date(2026, 7, 2)):
        case = register(tree)
    assert case.holder == tree.contact_staff
    assert assigned_event(case).data["no_deputy"] == "cannot_hold"


def test_the_registrar_away_sends_unplaced_cases_to_their_deputy(tree):
    away(tree, tree.registrar, tree.head_of_operations, starts_on=JULY_1, ends_on=None)
    with at(date(2026, 7, 2)):
        case = register(tree, unit=None)
    assert case.holder == tree.head_of_operations
    assignment = Assignment.objects.get(case=case)
    assert (assignment.role, assignment.deputy_for) == (Role.REGISTRAR, tree.registrar)
    assert assignment.reason == AssignmentReason.UNIT_UNKNOWN


def test_an_absence_in_another_organisation_changes_nothing_here(tree, dora):
    from organisations.testing import build_tree

    other = build_tree(slug="annanby", prefix="AN")
    grant(tree.contact_staff, other.care_home, Role.CONTACT_STAFF)
    with at(JULY_1 - timedelta(days=10)):
        absence_set(
            organisation=other.organisation,
            person=tree.contact_staff,
            deputy=other.contact_staff,
            starts_on=JULY_1,
            ends_on=JULY_14,
            acting_user=other.unit_manager,
        )
    with at(date(2026, 7, 2)):
        assert register(tree).holder == tree.contact_staff
