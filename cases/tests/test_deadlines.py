"""Clocks and the deadline sweep, with frozen time (domain.md §4; issue 3, items 1 and 7)."""

import threading
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from audit.models import Event
from cases.clocks import acknowledge_running
from cases.deadlines import deadline_sweep, remind_before_on
from cases.models import Case
from cases.services import case_escalate, case_inform
from notifications.models import OutboundEmail
from organisations.models import ClockMode

from .handling_helpers import manage_subprocess_env, register


def working_days(tree, inform=10, acknowledge=2):
    tree.organisation.clock_mode = ClockMode.WORKING_DAYS
    tree.organisation.inform_period_days = inform
    tree.organisation.acknowledge_period_days = acknowledge
    tree.organisation.save()


def register_on(tree, day, **overrides):
    with time_machine.travel(day, tick=False):
        return register(tree, **overrides)


def reminders(kind):
    return OutboundEmail.objects.filter(kind=kind)


# --- the clock -------------------------------------------------------------------------------------------------


def test_the_default_clock_is_fourteen_calendar_days(tree):
    case = register_on(tree, date(2026, 12, 20))
    assert case.inform_by == date(2027, 1, 3)


@pytest.mark.parametrize(
    ("received", "acknowledge_by", "inform_by"),
    [
        # Christmas: 24, 25, 26 Dec off, then New Year's Eve and Day, then Epiphany.
        (date(2026, 12, 21), date(2026, 12, 23), date(2027, 1, 11)),
        # New Year: 31 Dec and 1 Jan off, then a weekend, then Epiphany (6 Jan).
        (date(2026, 12, 30), date(2027, 1, 5), date(2027, 1, 18)),
        # Easter 2027 (Easter Sunday 28 March): Good Friday 26 and Easter Monday 29 March off.
        (date(2027, 3, 24), date(2027, 3, 30), date(2027, 4, 9)),
        # Midsummer 2026: Midsummer Eve, Friday 19 June, is off; Midsummer Day is a Saturday.
        (date(2026, 6, 17), date(2026, 6, 22), date(2026, 7, 2)),
        # Ascension Day 2026 (Thursday 14 May).
        (date(2026, 5, 12), date(2026, 5, 15), date(2026, 5, 27)),
    ],
)
def test_working_day_clocks_skip_weekends_holidays_and_eves(tree, received, acknowledge_by, inform_by):
    working_days(tree)
    case = register_on(tree, received)
    assert case.acknowledge_by == acknowledge_by
    assert case.inform_by == inform_by


def test_the_first_reminder_counts_working_days_back_over_easter():
    # Informing by Tuesday after Easter 2027: two working days back skips Easter Monday, the weekend, Good Friday.
    assert remind_before_on(date(2027, 3, 30)) == date(2027, 3, 24)
    assert remind_before_on(date(2026, 6, 22)) == date(2026, 6, 17)  # over Midsummer Eve
    assert remind_before_on(date(2027, 1, 4)) == date(2026, 12, 29)  # over New Year


# --- reminders --------------------------------------------------------------------------------------------------


def test_the_holder_is_reminded_before_and_on_the_date_and_the_manager_after(tree):
    case = register_on(tree, date(2026, 3, 2))  # inform by Monday 16 March
    assert case.inform_by == date(2026, 3, 16)
    assert deadline_sweep(today=date(2026, 3, 11)).reminded_before == 0

    result = deadline_sweep(today=date(2026, 3, 12))  # two working days before
    assert result.reminded_before == 1
    before = reminders("staff_reminder_before").get()
    assert before.to == tree.contact_staff.email
    assert case.reference_number in before.subject
    assert "bemötande" not in before.body_text

    assert deadline_sweep(today=date(2026, 3, 13)).reminded_before == 0

    result = deadline_sweep(today=date(2026, 3, 16))
    assert (result.reminded_before, result.reminded_due, result.overdue_reported) == (0, 1, 0)
    assert reminders("staff_reminder_due").get().to == tree.contact_staff.email

    result = deadline_sweep(today=date(2026, 3, 17))
    assert result.overdue_reported == 1
    overdue = reminders("staff_overdue").get()
    assert overdue.to == tree.unit_manager.email  # the holder's manager: the next role up
    assert f"/personal/arende/{case.pk}/" in overdue.body_text
    event = Event.objects.get(case=case, action="deadline_overdue_reported")
    assert event.data["manager"] == tree.unit_manager.pk

    assert deadline_sweep(today=date(2026, 3, 18)).overdue_reported == 0
    case.refresh_from_db()
    assert case.reminded_before_on == date(2026, 3, 12)
    assert case.reminded_due_on == date(2026, 3, 16)
    assert case.overdue_reported_on == date(2026, 3, 17)


def test_running_the_sweep_twice_sends_one_reminder(tree):
    register_on(tree, date(2026, 3, 2))
    deadline_sweep(today=date(2026, 3, 16))
    deadline_sweep(today=date(2026, 3, 16))
    assert reminders("staff_reminder_due").count() == 1
    assert Event.objects.filter(action="deadline_reminded_due").count() == 1


def test_an_informed_case_gets_no_reminders(tree):
    case = register_on(tree, date(2026, 3, 2))
    case_inform(case=case, body="Vi utreder.", acting_user=tree.contact_staff)
    for day in [date(2026, 3, 12), date(2026, 3, 16), date(2026, 3, 20)]:
        result = deadline_sweep(today=day)
        assert (result.reminded_before, result.reminded_due, result.overdue_reported) == (0, 0, 0)
    assert not OutboundEmail.objects.filter(kind__startswith="staff_reminder").exists()


def test_praise_has_no_clock_and_no_reminders(tree):
    register_on(tree, date(2026, 3, 2), kind="praise")
    result = deadline_sweep(today=date(2026, 4, 1))
    assert (result.reminded_before, result.reminded_due, result.overdue_reported) == (0, 0, 0)


def test_a_case_informed_after_it_was_read_is_not_claimed(tree):
    from cases.deadlines import _claim

    case = register_on(tree, date(2026, 3, 2))
    stale = Case.objects.get(pk=case.pk)
    case_inform(case=case, body="Vi utreder.", acting_user=tree.contact_staff)
    assert not _claim(stale, "reminded_due_on", date(2026, 3, 16))


def test_each_step_gets_its_own_reminders(tree):
    case = register_on(tree, date(2026, 3, 2))
    deadline_sweep(today=date(2026, 3, 17))  # overdue at step 1
    with time_machine.travel(date(2026, 3, 18), tick=False):
        case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
    case.refresh_from_db()
    assert case.inform_by == date(2026, 4, 1)
    assert deadline_sweep(today=date(2026, 3, 30)).reminded_before == 1
    assert reminders("staff_reminder_before").get().to == tree.unit_manager.email
    assert deadline_sweep(today=date(2026, 4, 2)).overdue_reported == 1
    assert reminders("staff_overdue").order_by("pk").last().to == tree.deputy_head.email


def test_working_day_reminders_over_christmas(tree):
    working_days(tree)
    case = register_on(tree, date(2026, 12, 21))
    assert case.inform_by == date(2027, 1, 11)
    # Two working days before 11 January: Friday 8 and Thursday 7 (Epiphany, the 6th, is off).
    assert remind_before_on(case.inform_by) == date(2027, 1, 7)
    assert deadline_sweep(today=date(2027, 1, 5)).reminded_before == 0
    assert deadline_sweep(today=date(2027, 1, 7)).reminded_before == 1


def _to_the_top(tree, case, day=date(2026, 3, 2)):
    for _step in range(3):
        with time_machine.travel(day, tick=False):
            case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
    case.refresh_from_db()
    assert case.holder == tree.head_of_operations and case.step == 4
    return case


def test_an_overdue_case_at_the_top_is_brought_to_the_registrar(tree):
    case = _to_the_top(tree, register_on(tree, date(2026, 3, 2)))  # inform by 16 March at step 4
    with time_machine.travel(date(2026, 3, 17), tick=False):
        assert deadline_sweep().overdue_reported == 1
    assert not reminders("staff_overdue").exists()
    mail = reminders("staff_overdue_top").get()
    # The head of operations holds it, and nobody is above: the organisation's registrar is told instead.
    assert mail.to == tree.registrar.email
    assert case.reference_number in mail.subject and f"/personal/arende/{case.pk}/" in mail.body_text
    assert "registrator" in mail.body_text
    assert "bemötande" not in mail.body_text + mail.subject and "Karin" not in mail.body_text
    event = Event.objects.get(case=case, action="deadline_overdue_reported")
    assert event.data["manager"] is None and event.data["above_the_top"] is True
    assert (event.data["to"], event.data["role"]) == (tree.registrar.pk, "registrar")
    with time_machine.travel(date(2026, 3, 18), tick=False):
        assert deadline_sweep().overdue_reported == 0
    assert reminders("staff_overdue_top").count() == 1


def test_an_overdue_case_at_the_top_of_a_short_ladder_goes_to_the_head_of_operations(tree):
    from organisations.models import LadderStep, Role

    LadderStep.objects.filter(organisation=tree.organisation).delete()
    LadderStep.objects.create(organisation=tree.organisation, position=1, role=Role.CONTACT_STAFF)
    LadderStep.objects.create(organisation=tree.organisation, position=2, role=Role.UNIT_MANAGER)
    case = register_on(tree, date(2026, 3, 2))
    with time_machine.travel(date(2026, 3, 2), tick=False):
        case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
    case.refresh_from_db()
    assert case.holder == tree.unit_manager
    with time_machine.travel(date(2026, 3, 17), tick=False):
        deadline_sweep()
    assert reminders("staff_overdue_top").get().to == tree.head_of_operations.email
    assert "verksamhetschef" in reminders("staff_overdue_top").get().body_text


def test_an_overdue_case_with_nobody_to_tell_is_still_recorded(tree):
    case = _to_the_top(tree, register_on(tree, date(2026, 3, 2)))
    tree.registrar.is_active = False
    tree.registrar.save()
    with time_machine.travel(date(2026, 3, 20), tick=False):
        assert deadline_sweep().overdue_reported == 1
    assert not OutboundEmail.objects.filter(kind__startswith="staff_overdue").exists()
    assert Event.objects.get(case=case, action="deadline_overdue_reported").data["to"] is None


# --- a day without a sweep loses nothing ------------------------------------------------------------------------


def test_the_reminder_on_the_date_is_caught_up_after_a_day_without_a_sweep(tree):
    case = register_on(tree, date(2026, 3, 2))  # inform by Monday 16 March
    with time_machine.travel(date(2026, 3, 12), tick=False):
        deadline_sweep()
    # No sweep ran on the 16th (the worker was down): the next one, on the 17th, sends it, and says it is late.
    with time_machine.travel(datetime(2026, 3, 17, 8, 0), tick=False):
        result = deadline_sweep()
    assert (result.reminded_due, result.overdue_reported) == (1, 1)
    due = reminders("staff_reminder_due").get()
    assert due.to == tree.contact_staff.email
    assert "har passerat" in due.subject and "16 mars 2026" in due.body_text
    event = Event.objects.get(case=case, action="deadline_reminded_due")
    assert event.data == {"to": tree.contact_staff.pk, "inform_by": "2026-03-16", "late": True}
    with time_machine.travel(date(2026, 3, 18), tick=False):
        result = deadline_sweep()
    assert (result.reminded_due, result.overdue_reported) == (0, 0)
    assert reminders("staff_reminder_due").count() == 1


def test_the_reminder_on_the_date_says_today_when_it_is_today(tree):
    register_on(tree, date(2026, 3, 2))
    with time_machine.travel(datetime(2026, 3, 16, 7, 0), tick=False):
        deadline_sweep()
    due = reminders("staff_reminder_due").get()
    assert due.subject.startswith("I dag") and "sista dagen" in due.body_text


def test_an_informed_case_is_not_caught_up(tree):
    case = register_on(tree, date(2026, 3, 2))
    with time_machine.travel(date(2026, 3, 15), tick=False):
        case_inform(case=case, body="Vi utreder.", acting_user=tree.contact_staff)
    with time_machine.travel(date(2026, 3, 20), tick=False):
        result = deadline_sweep()
    assert (result.reminded_due, result.overdue_reported) == (0, 0)


# --- the clock to confirm receipt (organisations with working days: 2 to acknowledge, 10 to inform) -----------


def test_the_holder_is_reminded_to_confirm_receipt_on_the_last_day(tree):
    working_days(tree)
    case = register_on(tree, date(2026, 3, 2))  # Monday: confirm by Wednesday 4 March
    assert case.acknowledge_by == date(2026, 3, 4) and case.acknowledged_at is None
    with time_machine.travel(date(2026, 3, 3), tick=False):
        assert deadline_sweep().reminded_acknowledge == 0
    with time_machine.travel(date(2026, 3, 4), tick=False):
        assert deadline_sweep().reminded_acknowledge == 1
        assert deadline_sweep().reminded_acknowledge == 0
    mail = reminders("staff_reminder_acknowledge").get()
    assert mail.to == tree.contact_staff.email
    assert case.reference_number in mail.subject and "bekräfta" in mail.body_text.lower()
    assert "bemötande" not in mail.body_text
    event = Event.objects.get(case=case, action="deadline_reminded_acknowledge")
    assert event.data == {"to": tree.contact_staff.pk, "acknowledge_by": "2026-03-04", "late": False}
    with time_machine.travel(date(2026, 3, 5), tick=False):
        assert deadline_sweep().reminded_acknowledge == 0


def test_the_reminder_to_confirm_receipt_is_caught_up(tree):
    working_days(tree)
    register_on(tree, date(2026, 3, 2))
    with time_machine.travel(date(2026, 3, 6), tick=False):
        assert deadline_sweep().reminded_acknowledge == 1
    assert "Försenat" in reminders("staff_reminder_acknowledge").get().subject


@pytest.mark.parametrize("how", ["message", "inform"])
def test_writing_to_the_sender_stops_the_clock_to_confirm_receipt(tree, how):
    from cases.services import message_add

    working_days(tree)
    case = register_on(tree, date(2026, 3, 2))
    with time_machine.travel(datetime(2026, 3, 3, 9, 0), tick=False):
        if how == "message":
            message_add(
                case=case,
                body="Vi har tagit emot ditt klagomål.",
                from_citizen=False,
                acting_user=tree.contact_staff,
            )
        else:
            case_inform(case=case, body="Vi utreder.", acting_user=tree.contact_staff)
    case.refresh_from_db()
    assert case.acknowledged_at is not None
    assert not acknowledge_running(case)
    with time_machine.travel(date(2026, 3, 4), tick=False):
        assert deadline_sweep().reminded_acknowledge == 0
    # A first message stops it for good at this step: the audit row says which one did.
    action = "message_added" if how == "message" else "informed"
    assert Event.objects.get(case=case, action=action).data["acknowledged"] is True


def test_a_message_from_the_citizen_does_not_confirm_receipt(tree):
    from cases.services import message_add

    working_days(tree)
    case = register_on(tree, date(2026, 3, 2))
    message_add(case=case, body="Har ni fått mitt klagomål?", from_citizen=True)
    case.refresh_from_db()
    assert case.acknowledged_at is None
    with time_machine.travel(date(2026, 3, 4), tick=False):
        assert deadline_sweep().reminded_acknowledge == 1


def test_escalation_restarts_the_clock_to_confirm_receipt(tree):
    working_days(tree)
    case = register_on(tree, date(2026, 3, 2))
    with time_machine.travel(date(2026, 3, 3), tick=False):
        case_inform(case=case, body="Vi utreder.", acting_user=tree.contact_staff)
    with time_machine.travel(date(2026, 4, 2), tick=False):  # Thursday before Easter 2026
        case_escalate(case=case, reason="Ingen förbättring", requested_by_citizen=True)
    case.refresh_from_db()
    # Good Friday (3 April) and Easter Monday (6 April) are off: 7 and 8 April.
    assert case.acknowledge_by == date(2026, 4, 8)
    assert case.acknowledged_at is None and case.reminded_acknowledge_on is None
    assert acknowledge_running(case)
    escalated = Event.objects.get(case=case, action="escalated")
    assert escalated.data["acknowledge_by"] == "2026-04-08"
    with time_machine.travel(date(2026, 4, 8), tick=False):
        assert deadline_sweep().reminded_acknowledge == 1
    assert reminders("staff_reminder_acknowledge").get().to == tree.unit_manager.email


def test_calendar_day_organisations_have_no_clock_to_confirm_receipt(tree):
    case = register_on(tree, date(2026, 3, 2))
    assert case.acknowledge_by is None and not acknowledge_running(case)
    with time_machine.travel(date(2026, 3, 10), tick=False):
        assert deadline_sweep().reminded_acknowledge == 0


# --- two workers at once -------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_exactly_once(transactional_tree):
    tree = transactional_tree
    cases = [register_on(tree, date(2026, 3, 2)) for _ in range(6)]
    errors: list[BaseException] = []
    workers = 4
    barrier = threading.Barrier(workers)

    def work(today):
        try:
            barrier.wait()
            deadline_sweep(today=today)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    for today in [date(2026, 3, 12), date(2026, 3, 16), date(2026, 3, 17)]:
        threads = [threading.Thread(target=work, args=(today,)) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    for kind, action in [
        ("staff_reminder_before", "deadline_reminded_before"),
        ("staff_reminder_due", "deadline_reminded_due"),
        ("staff_overdue", "deadline_overdue_reported"),
    ]:
        for case in cases:
            assert OutboundEmail.objects.filter(kind=kind, case=case).count() == 1, kind
            assert Event.objects.filter(action=action, case=case).count() == 1, action


@pytest.mark.django_db(transaction=True)
def test_two_sweep_processes_at_once_send_each_reminder_exactly_once(transactional_tree):
    """Two `manage.py sweep` processes against the same database, started together."""
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings
    from django.utils import timezone

    tree = transactional_tree
    today = timezone.localdate()
    cases = [register(tree, received_at=timezone.now() - timedelta(days=14)) for _ in range(5)]
    assert all(case.inform_by == today for case in cases)

    env = manage_subprocess_env()
    connection.close()
    manage = Path(settings.BASE_DIR) / "manage.py"
    processes = [
        subprocess.Popen(
            [sys.executable, str(manage), "sweep"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert sum(int(out.decode().split("on the date: ")[1].split(";")[0]) for out, _err in outputs) == 5
    for case in cases:
        assert OutboundEmail.objects.filter(kind="staff_reminder_due", case=case).count() == 1
        assert Event.objects.filter(action="deadline_reminded_due", case=case).count() == 1
