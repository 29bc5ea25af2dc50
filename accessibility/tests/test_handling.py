"""An accessibility problem is a case like any other for staff: informed, acted on and answered to closure, with
the real handling services (cases/handling.py), and the sender reads the answer on their case page."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from accessibility.services import accessibility_problem_report
from audit.models import Event
from cases.models import CaseKind, CaseState, MessageKind
from cases.policy import can_change_case
from cases.services import (
    ActionsNotFollowedUp,
    TransitionNotAllowed,
    action_add,
    action_follow_up,
    case_answer_and_close,
    case_escalate,
    case_inform,
    case_thank_and_close,
    note_add,
)
from cases.tests.handling_helpers import closing_categories
from citizen.views import SESSION_CASE


@pytest.fixture
def registration(tree):
    return accessibility_problem_report(
        organisation=tree.organisation,
        description="Knappen Fortsätt läses inte upp av min skärmläsare.",
        where="Vägledningen",
        contact_email="anna.andersson@example.se",
    )


@time_machine.travel(date(2026, 11, 24))
def test_staff_handle_an_accessibility_problem_to_closure(tree, registration, client):
    case = registration.case
    registrar = tree.registrar
    assert case.kind == CaseKind.ACCESSIBILITY and case.holder == registrar
    assert can_change_case(registrar, case)

    case_inform(case=case, body="Vi har tagit emot din rapport och rättar knappen.", acting_user=registrar)
    case.refresh_from_db()
    assert case.state == CaseState.INFORMED and case.informed_at is not None

    note_add(case=case, body="Knappen saknar tillgängligt namn.", acting_user=registrar)
    action = action_add(
        case=case,
        description="Ge knappen ett tillgängligt namn.",
        responsible=registrar,
        due_on=timezone.localdate() + timedelta(days=7),
        acting_user=registrar,
    )
    with pytest.raises(ActionsNotFollowedUp):  # an action without its follow-up blocks the closing
        case_answer_and_close(
            case=case, body="Knappen är rättad.", acting_user=registrar, **closing_categories(case)
        )

    action_follow_up(
        action=action, was_done=True, effect="Skärmläsaren läser nu upp knappen.", acting_user=registrar
    )
    answer = case_answer_and_close(
        case=case,
        body="Knappen är rättad. Tack för att du hörde av dig.",
        acting_user=registrar,
        **closing_categories(case),
    )
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.closed_at is not None
    assert answer.kind == MessageKind.FINAL_ANSWER
    actions = set(Event.objects.filter(case_id=case.pk).values_list("action", flat=True))
    assert {"informed", "closed"} <= actions

    # The sender reads the answer on their case page.
    session = client.session
    session[SESSION_CASE] = case.pk
    session.save()
    page = client.get("/folj/arende/").content.decode()
    assert "Knappen är rättad. Tack för att du hörde av dig." in page
    assert "Vi har tagit emot din rapport och rättar knappen." in page


def test_the_ladder_and_the_thanks_path_are_not_for_accessibility_problems(tree, registration):
    case = registration.case
    with pytest.raises(TransitionNotAllowed):
        case_thank_and_close(case=case, body="Tack!", acting_user=tree.registrar, **closing_categories(case))
    with pytest.raises(TransitionNotAllowed):
        case_escalate(case=case, reason="Ingen svarar.", requested_by_citizen=True)
    case.refresh_from_db()
    assert case.state == CaseState.REGISTERED


def test_staff_outside_the_case_cannot_change_it(tree, registration):
    assert not can_change_case(tree.other_unit_staff, registration.case)
