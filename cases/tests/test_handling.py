"""The handling services (cases/handling.py): each one's effect, its audit row, its mail, and its refusals."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Event
from cases.models import Assignment, AssignmentReason, Case, CaseKind, CaseState, Escalation, MessageKind
from cases.services import (
    ActionsNotFollowedUp,
    CaseError,
    LadderTopReached,
    TransitionNotAllowed,
    action_add,
    action_follow_up,
    case_answer_and_close,
    case_escalate,
    case_flag_serious_deficiency,
    case_inform,
    case_move,
    case_reassign,
    case_thank_and_close,
    case_withdraw,
    message_add,
    next_step_available,
    note_add,
)
from notifications.models import OutboundEmail

from .handling_helpers import closing_categories, register

MARKER = "bemötande"


def mails_to(address):
    return list(OutboundEmail.objects.filter(to=address).order_by("pk"))


def audit_rows(case, action):
    return list(Event.objects.filter(case_id=case.pk, action=action).order_by("pk"))


def assert_no_content(mail):
    assert MARKER not in mail.body_text and MARKER not in mail.subject
    assert "Karin" not in mail.body_text


# --- inform ----------------------------------------------------------------------------------------------------


def test_it_informs_the_complainant_and_stops_the_clock(tree):
    case = register(tree)
    message = case_inform(case=case, body="Vi utreder och återkommer.", acting_user=tree.contact_staff)
    case.refresh_from_db()
    assert case.state == CaseState.INFORMED
    assert case.informed_at is not None
    assert message.kind == MessageKind.INFORMATION and not message.from_citizen and message.step == 1
    assert Event.objects.filter(case=case, action="informed", actor=tree.contact_staff).exists()


def test_it_tells_the_citizen_only_that_there_is_news(tree):
    case = register(tree)
    case_inform(case=case, body=f"Vi utreder {MARKER}.", acting_user=tree.contact_staff)
    news = [m for m in mails_to("karin.exempel@example.se") if m.kind == "case_news"]
    assert len(news) == 1
    assert case.reference_number in news[0].body_text
    assert "/folj/" in news[0].body_text
    assert_no_content(news[0])


def test_it_sends_no_mail_to_a_citizen_without_an_address(tree):
    case = register(tree, is_anonymous=True, contact_email="", contact_name="")
    case_inform(case=case, body="Vi utreder.", acting_user=tree.contact_staff)
    assert not OutboundEmail.objects.filter(kind="case_news").exists()


def test_it_refuses_to_inform_twice_at_the_same_step(tree):
    case = register(tree)
    case_inform(case=case, body="Vi utreder.", acting_user=tree.contact_staff)
    with pytest.raises(TransitionNotAllowed):
        case_inform(case=case, body="Igen.", acting_user=tree.contact_staff)


def test_it_refuses_an_empty_information(tree):
    case = register(tree)
    with pytest.raises(CaseError):
        case_inform(case=case, body="   ", acting_user=tree.contact_staff)


def test_it_refuses_a_staff_member_without_access(tree):
    case = register(tree)
    with pytest.raises(PermissionDenied):
        case_inform(case=case, body="Vi utreder.", acting_user=tree.other_unit_staff)
    case.refresh_from_db()
    assert case.state == CaseState.REGISTERED


# --- notes and messages ------------------------------------------------------------------------------------


def test_it_adds_an_internal_note(tree):
    case = register(tree)
    note = note_add(case=case, body="Pratat med personalen.", acting_user=tree.contact_staff)
    assert note.author == tree.contact_staff
    event = Event.objects.get(case=case, action="note_added")
    assert "Pratat" not in str(event.data)
    assert not OutboundEmail.objects.filter(kind="case_news").exists()


def test_a_citizen_message_is_brought_to_the_holder(tree):
    case = register(tree)
    upload = SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    message = message_add(case=case, body=f"Det var {MARKER}.", from_citizen=True, attachments=[upload])
    assert message.from_citizen and message.author is None
    assert message.attachments.count() == 1
    assert message.attachments.get().from_citizen
    mail = OutboundEmail.objects.get(to=tree.contact_staff.email, kind="staff_case_news")
    assert f"/personal/arende/{case.pk}/" in mail.body_text
    assert_no_content(mail)
    assert Event.objects.get(case=case, action="message_added").actor_label == "citizen"


def test_a_staff_message_tells_the_citizen_there_is_news(tree):
    case = register(tree)
    message_add(case=case, body="Kan du berätta mer?", from_citizen=False, acting_user=tree.contact_staff)
    assert OutboundEmail.objects.filter(to=case.contact_email, kind="case_news").count() == 1


def test_a_staff_message_needs_the_acting_user(tree):
    case = register(tree)
    with pytest.raises(ValueError):
        message_add(case=case, body="Hej", from_citizen=False)


# --- actions and closing ---------------------------------------------------------------------------------


def test_it_adds_an_action_and_tells_the_responsible(tree):
    case = register(tree)
    action = action_add(
        case=case,
        description="Utbildning i bemötande",
        responsible=tree.unit_manager,
        due_on=date(2030, 1, 31),
        acting_user=tree.contact_staff,
    )
    assert action.followed_up_at is None
    mail = OutboundEmail.objects.get(to=tree.unit_manager.email, kind="staff_action_assigned")
    assert_no_content(mail)
    [row] = audit_rows(case, "action_added")
    assert row.actor == tree.contact_staff
    assert row.data == {"action": action.pk, "responsible": tree.unit_manager.pk, "due_on": "2030-01-31"}
    assert MARKER not in str(row.data)  # codes and ids only, never what will be done


def test_it_refuses_a_responsible_outside_the_organisation(tree):
    from organisations.testing import make_user

    outsider = make_user("utomstaende", "Ulla", "Utomsson")
    case = register(tree)
    with pytest.raises(CaseError):
        action_add(
            case=case,
            description="X",
            responsible=outsider,
            due_on=date(2030, 1, 1),
            acting_user=tree.contact_staff,
        )


def test_it_refuses_to_close_while_an_action_lacks_follow_up(tree):
    case = register(tree)
    action_add(
        case=case,
        description="Utbildning",
        responsible=tree.unit_manager,
        due_on=date(2030, 1, 31),
        acting_user=tree.contact_staff,
    )
    with pytest.raises(ActionsNotFollowedUp):
        case_answer_and_close(
            case=case, body="Svar", acting_user=tree.contact_staff, **closing_categories(case)
        )
    case.refresh_from_db()
    assert case.state == CaseState.REGISTERED
    assert not case.messages.filter(kind=MessageKind.FINAL_ANSWER).exists()


def test_it_closes_once_every_action_is_followed_up(tree):
    case = register(tree)
    case_inform(case=case, body="Vi utreder.", acting_user=tree.contact_staff)
    action = action_add(
        case=case,
        description="Utbildning",
        responsible=tree.unit_manager,
        due_on=date(2030, 1, 31),
        acting_user=tree.contact_staff,
    )
    followed = action_follow_up(
        action=action, was_done=True, effect="Bättre bemötande", acting_user=tree.unit_manager
    )
    assert followed.was_done and followed.followed_up_by == tree.unit_manager
    [row] = audit_rows(case, "action_followed_up")
    assert row.actor == tree.unit_manager
    assert row.data == {"action": action.pk, "was_done": True}
    with pytest.raises(TransitionNotAllowed):
        action_follow_up(action=action, was_done=False, effect="igen", acting_user=tree.unit_manager)
    case_answer_and_close(
        case=case, body="Slutligt svar.", acting_user=tree.contact_staff, **closing_categories(case)
    )
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.closed_at is not None
    assert case.messages.filter(kind=MessageKind.FINAL_ANSWER).count() == 1
    assert Event.objects.filter(case=case, action="closed").exists()
    with pytest.raises(TransitionNotAllowed):
        note_add(case=case, body="efteråt", acting_user=tree.contact_staff)


def test_closing_without_information_counts_as_informing(tree):
    case = register(tree)
    assert case.informed_at is None
    case_answer_and_close(case=case, body="Svar.", acting_user=tree.contact_staff, **closing_categories(case))
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert case.informed_at is not None and case.closed_at is not None
    assert case.informed_at == case.closed_at


def test_a_complaint_is_not_thanked_and_closed(tree):
    case = register(tree)
    with pytest.raises(TransitionNotAllowed):
        case_thank_and_close(
            case=case, body="Tack", acting_user=tree.contact_staff, **closing_categories(case)
        )


# --- praise and suggestions -------------------------------------------------------------------------------


def test_praise_is_thanked_and_closed(tree):
    case = register(tree, kind=CaseKind.PRAISE, what_happened="Fint bemötande!")
    assert case.inform_by is None
    message = case_thank_and_close(
        case=case, body="Tack för berömmet!", acting_user=tree.contact_staff, **closing_categories(case)
    )
    case.refresh_from_db()
    assert message.kind == MessageKind.THANKS and case.state == CaseState.CLOSED


def test_praise_cannot_be_escalated(tree):
    case = register(tree, kind=CaseKind.PRAISE)
    with pytest.raises(TransitionNotAllowed):
        case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
    with pytest.raises(TransitionNotAllowed):
        case_inform(case=case, body="x", acting_user=tree.contact_staff)


def test_a_suggestion_cannot_be_escalated_but_can_be_answered(tree):
    case = register(tree, kind=CaseKind.FEEDBACK)
    with pytest.raises(TransitionNotAllowed):
        case_escalate(
            case=case, reason="Ingen förbättring", requested_by_citizen=False, acting_user=tree.contact_staff
        )
    case_answer_and_close(
        case=case,
        body="Tack, vi tar med förslaget.",
        acting_user=tree.contact_staff,
        **closing_categories(case),
    )
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED


# --- withdraw ----------------------------------------------------------------------------------------------


def test_the_citizen_withdraws(tree):
    case = register(tree)
    case_withdraw(case=case, by_citizen=True)
    case.refresh_from_db()
    assert case.state == CaseState.WITHDRAWN
    assert OutboundEmail.objects.filter(to=tree.contact_staff.email, kind="staff_case_news").exists()
    with pytest.raises(TransitionNotAllowed):
        case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)


def test_staff_withdraw_on_behalf(tree):
    case = register(tree)
    case_withdraw(case=case, by_citizen=False, acting_user=tree.contact_staff)
    event = Event.objects.get(case=case, action="withdrawn")
    assert event.actor == tree.contact_staff and event.data["by_citizen"] is False


# --- reassign and move -------------------------------------------------------------------------------------


def test_it_reassigns_within_the_unit(tree):
    case = register(tree)
    case_reassign(case=case, assignee=tree.unit_manager, acting_user=tree.contact_staff, note="Semester")
    case.refresh_from_db()
    assert case.holder == tree.unit_manager and case.step == 1
    last = Assignment.objects.filter(case=case).latest("created_at", "pk")
    assert last.reason == AssignmentReason.REASSIGNED and last.note == "Semester"
    assert OutboundEmail.objects.filter(to=tree.unit_manager.email, kind="staff_case_assigned").exists()
    [row] = audit_rows(case, "reassigned")
    assert row.actor == tree.contact_staff
    assert row.data == {"from": tree.contact_staff.pk, "to": tree.unit_manager.pk, "step": 1}
    assigned = audit_rows(case, "assigned")[-1]
    assert assigned.actor == tree.contact_staff and assigned.data["reason"] == AssignmentReason.REASSIGNED
    assert "Semester" not in str(row.data) + str(assigned.data)  # the note stays in the case, not the log


def test_it_refuses_to_reassign_outside_the_unit(tree):
    case = register(tree)
    with pytest.raises(CaseError):
        case_reassign(case=case, assignee=tree.other_unit_staff, acting_user=tree.contact_staff, note="")
    with pytest.raises(CaseError):  # quality developers read, they do not hold cases
        case_reassign(case=case, assignee=tree.quality_developer, acting_user=tree.contact_staff, note="")


def test_it_moves_to_another_unit_and_reroutes(tree):
    case = register(tree)
    case_move(case=case, unit=tree.group_home, reason="Fel enhet", acting_user=tree.contact_staff)
    case.refresh_from_db()
    assert case.unit == tree.group_home
    assert case.node_path == tree.group_home.path
    assert case.holder == tree.other_unit_staff
    last = Assignment.objects.filter(case=case).latest("created_at", "pk")
    assert last.reason == AssignmentReason.MOVED and last.note == "Fel enhet"
    assert last.assigned_by == tree.contact_staff
    [row] = audit_rows(case, "moved")
    assert row.actor == tree.contact_staff
    assert row.data == {
        "from_unit": tree.care_home.pk,
        "to_unit": tree.group_home.pk,
        "holder": tree.other_unit_staff.pk,
        "step": 1,
    }
    assert audit_rows(case, "assigned")[-1].data["reason"] == AssignmentReason.MOVED


def test_the_registrar_places_a_case_without_unit(tree):
    case = register(tree, unit=None)
    assert case.holder == tree.registrar
    case_move(case=case, unit=tree.care_home, reason="Gäller Solgården", acting_user=tree.registrar)
    case.refresh_from_db()
    assert case.holder == tree.contact_staff
    assert Assignment.objects.filter(case=case).latest("created_at", "pk").reason == AssignmentReason.PLACED


def test_it_refuses_a_move_without_reason_or_to_the_same_unit(tree):
    case = register(tree)
    with pytest.raises(CaseError):
        case_move(case=case, unit=tree.group_home, reason="", acting_user=tree.contact_staff)
    with pytest.raises(CaseError):
        case_move(case=case, unit=tree.care_home, reason="x", acting_user=tree.contact_staff)
    with pytest.raises(CaseError):
        case_move(case=case, unit=tree.elderly, reason="x", acting_user=tree.contact_staff)


# --- flag ---------------------------------------------------------------------------------------------------


def test_it_flags_a_possible_serious_deficiency(tree):
    case = register(tree)
    case_flag_serious_deficiency(case=case, acting_user=tree.unit_manager, note="Kan vara missförhållande")
    case.refresh_from_db()
    assert case.possible_serious_deficiency
    assert case.notes.get().body == "Kan vara missförhållande"
    assert Event.objects.filter(case=case, action="flagged_serious_deficiency").exists()
    with pytest.raises(CaseError):
        case_flag_serious_deficiency(case=case, acting_user=tree.unit_manager, note="")


# --- the ladder --------------------------------------------------------------------------------------------


def test_the_ladder_climbs_step_by_step_with_a_new_clock_each_time(tree):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        case = register(tree)
    assert case.inform_by == date(2026, 3, 16)
    with time_machine.travel(date(2026, 3, 10), tick=False):
        case_inform(case=case, body="Vi utreder.", acting_user=tree.contact_staff)
    holders = [(tree.contact_staff, 1)]
    for day, holder, step in [
        (date(2026, 3, 20), tree.unit_manager, 2),
        (date(2026, 4, 20), tree.deputy_head, 3),
        (date(2026, 5, 20), tree.head_of_operations, 4),
    ]:
        with time_machine.travel(day, tick=False):
            escalation = case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
        case.refresh_from_db()
        holders.append((holder, step))
        assert case.holder == holder and case.step == step
        assert escalation.from_step == step - 1 and escalation.to_step == step
        assert case.state == CaseState.REGISTERED and case.informed_at is None
        assert case.inform_by == day + timedelta(days=14)
        assert OutboundEmail.objects.filter(to=holder.email, kind="staff_case_assigned").exists()
    assert not next_step_available(case)
    with pytest.raises(LadderTopReached):
        case_escalate(case=case, reason="Igen", requested_by_citizen=True)
    assert Escalation.objects.filter(case=case).count() == 3
    history = [(a.assignee, a.step) for a in Assignment.objects.filter(case=case)]
    assert history == holders
    rows = audit_rows(case, "escalated")
    assert [(r.data["from_step"], r.data["to_step"]) for r in rows] == [(1, 2), (2, 3), (3, 4)]
    assert [r.data["inform_by"] for r in rows] == ["2026-04-03", "2026-05-04", "2026-06-03"]
    assert rows[0].data["from"] == CaseState.INFORMED and rows[1].data["from"] == CaseState.REGISTERED
    assert all(r.actor is None and r.actor_label == "citizen" and r.data["by_citizen"] for r in rows)
    assert all(a.reason == AssignmentReason.ESCALATED for a in Assignment.objects.filter(case=case)[1:])


def test_staff_escalation_tells_the_citizen_and_records_who(tree):
    case = register(tree)
    case_escalate(
        case=case, reason="Behöver chef", requested_by_citizen=False, acting_user=tree.contact_staff
    )
    escalation = Escalation.objects.get(case=case)
    assert escalation.requested_by == tree.contact_staff and not escalation.requested_by_citizen
    assert escalation.reason == "Behöver chef"
    [row] = audit_rows(case, "escalated")
    assert row.actor == tree.contact_staff and row.data["by_citizen"] is False
    assert (row.data["from_step"], row.data["to_step"]) == (1, 2)
    assert "Behöver chef" not in str(row.data)
    assert OutboundEmail.objects.filter(to=case.contact_email, kind="case_news").exists()


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_escalation_requires_a_reason_whoever_asks(tree, reason):
    case = register(tree)
    with pytest.raises(CaseError):
        case_escalate(case=case, reason=reason, requested_by_citizen=True)
    with pytest.raises(CaseError):
        case_escalate(case=case, reason=reason, requested_by_citizen=False, acting_user=tree.contact_staff)
    case.refresh_from_db()
    assert case.step == 1 and case.holder == tree.contact_staff
    assert not Escalation.objects.filter(case=case).exists()
    assert audit_rows(case, "escalated") == []


def test_escalation_resets_the_reminders_of_the_step(tree):
    case = register(tree)
    Case.objects.filter(pk=case.pk).update(
        reminded_before_on=date(2026, 1, 1),
        reminded_due_on=date(2026, 1, 1),
        overdue_reported_on=date(2026, 1, 1),
    )
    case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
    case.refresh_from_db()
    assert (
        case.reminded_before_on is None and case.reminded_due_on is None and case.overdue_reported_on is None
    )


def test_escalation_skips_a_step_nobody_holds(tree):
    # Hemtjänst Norr has no contact staff: the case starts with the unit manager (step 2).
    case = register(tree, unit=tree.home_care)
    assert case.step == 2
    case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
    case.refresh_from_db()
    assert case.step == 3 and case.holder == tree.deputy_head


def test_escalation_follows_the_organisations_ladder(tree):
    from organisations.models import LadderStep, Role

    LadderStep.objects.filter(organisation=tree.organisation).delete()
    LadderStep.objects.create(organisation=tree.organisation, position=1, role=Role.CONTACT_STAFF)
    LadderStep.objects.create(organisation=tree.organisation, position=2, role=Role.UNIT_MANAGER)
    case = register(tree)
    case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
    with pytest.raises(LadderTopReached):
        case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)


def test_working_day_organisations_restart_the_clock_in_working_days(tree):
    from organisations.models import ClockMode

    tree.organisation.clock_mode = ClockMode.WORKING_DAYS
    tree.organisation.inform_period_days = 10
    tree.organisation.save()
    case = register(tree)
    with time_machine.travel(date(2026, 12, 18), tick=False):  # Friday before Christmas
        case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
    case.refresh_from_db()
    # 21, 22, 23, 28, 29, 30 Dec, 4, 5, 7, 8 Jan (24–26 and 31 Dec, 1 and 6 Jan and weekends are off)
    assert case.inform_by == date(2027, 1, 8)
