"""The clock to confirm receipt, as staff see it: on the case page (facts and handling panel) and in the inbox."""

from datetime import date

import time_machine
from django.test import Client
from django.urls import reverse

from cases.models import Case
from cases.services import case_escalate, message_add
from cases.tests.handling_helpers import register
from organisations.models import ClockMode
from staff.presentation import acknowledge_deadline


def working_days(tree):
    tree.organisation.clock_mode = ClockMode.WORKING_DAYS
    tree.organisation.inform_period_days = 10
    tree.organisation.acknowledge_period_days = 2
    tree.organisation.save()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def case_page(user, case) -> str:
    response = client_for(user).get(reverse("staff:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def registered_on_monday(tree):
    working_days(tree)
    with time_machine.travel(date(2026, 3, 2), tick=False):  # Monday: confirm receipt by Wednesday 4 March
        return register(tree)


def test_the_case_page_shows_the_days_left_to_confirm_receipt(tree):
    case = registered_on_monday(tree)
    with time_machine.travel(date(2026, 3, 3), tick=False):
        html = case_page(tree.contact_staff, case)
    assert "Bekräfta mottagandet senast 2026-03-04 (1 dag kvar)" in html
    assert "Bekräfta för avsändaren att ärendet har tagits emot, senast 2026-03-04" in html


def test_the_case_page_shows_the_last_day_and_a_late_confirmation(tree):
    case = registered_on_monday(tree)
    with time_machine.travel(date(2026, 3, 4), tick=False):
        assert "Bekräfta mottagandet för avsändaren i dag" in case_page(tree.contact_staff, case)
    with time_machine.travel(date(2026, 3, 6), tick=False):
        assert "Bekräfta mottagandet: 2 dagar för sent (senast 2026-03-04)" in case_page(
            tree.contact_staff, case
        )


def test_the_clock_disappears_once_the_holder_has_written_and_returns_at_the_next_step(tree):
    case = registered_on_monday(tree)
    with time_machine.travel(date(2026, 3, 3), tick=False):
        message_add(
            case=case, body="Vi har fått ditt klagomål.", from_citizen=False, acting_user=tree.contact_staff
        )
        html = case_page(tree.contact_staff, case)
    assert "Bekräfta mottagandet" not in html and "Bekräfta för avsändaren" not in html
    with time_machine.travel(date(2026, 3, 10), tick=False):
        case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
        html = case_page(tree.unit_manager, case)
    assert "Bekräfta mottagandet senast 2026-03-12 (2 dagar kvar)" in html


def test_calendar_day_organisations_show_no_such_clock(tree):
    case = register(tree)
    assert "Bekräfta mottagandet" not in case_page(tree.contact_staff, case)


def test_the_inbox_never_reads_a_column_it_left_out(tree, django_assert_num_queries):
    """The inbox reads cases with `.only()`: the clock shows when its columns are read, and costs no query more
    when they are not."""
    case = registered_on_monday(tree)
    partial = Case.objects.only("pk", "state", "inform_by").get(pk=case.pk)
    with django_assert_num_queries(0):
        assert acknowledge_deadline(partial, date(2026, 3, 3)) is None
    full = Case.objects.get(pk=case.pk)
    clock = acknowledge_deadline(full, date(2026, 3, 5))
    assert clock is not None and clock.overdue and clock.overdue_days == 1
    response = client_for(tree.contact_staff).get(reverse("staff:inbox"))
    assert response.status_code == 200 and case.reference_number in response.content.decode()


def test_the_history_names_who_was_told_above_the_top_and_late_reminders(tree):
    from audit.models import Event
    from staff.presentation import event_what

    top = Event(action="deadline_overdue_reported", data={"above_the_top": True, "role": "registrar"})
    assert event_what(top) == "Rapporterade det försenade ärendet till handläggarens chef – " + (
        "Trappans sista steg: skickades i stället till registrator"
    )
    nobody = Event(action="deadline_overdue_reported", data={"above_the_top": True, "role": None})
    assert event_what(nobody).endswith("Trappans sista steg: ingen annan kunde få veta")
    late = Event(action="deadline_reminded_due", data={"late": True})
    assert event_what(late).endswith("Skickad i efterhand: ingen genomgång kördes den dagen")
    on_time = Event(action="deadline_reminded_acknowledge", data={"late": False})
    assert event_what(on_time) == "Påminde handläggaren om att bekräfta mottagandet för avsändaren"
