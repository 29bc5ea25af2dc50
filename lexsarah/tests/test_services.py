"""The services: numbering, who may report and handle, the audit rows, the mail to the people responsible."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit.actions import Action
from audit.models import Event
from lexsarah import services
from lexsarah.lifecycle import LexSarahError
from lexsarah.models import Assessment, LexSarahRecord, LexSarahState
from lexsarah.tests.conftest import WHAT_HAPPENED, assessed, investigated, report
from notifications.models import OutboundEmail
from organisations.testing import build_tree
from staff.tests.conftest import register

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ON_2_MARCH = datetime(2026, 3, 2, 9, 0, tzinfo=STOCKHOLM)


def events(record, action=None):
    rows = Event.objects.filter(data__lex_sarah=record.pk).order_by("pk")
    return rows.filter(action=action) if action else rows


@time_machine.travel(ON_2_MARCH, tick=False)
def test_it_numbers_records_in_a_series_of_their_own_per_organisation_and_year(people):
    tree = people.tree
    first, second = report(tree), report(tree, node=tree.home_care, by=tree.unit_manager)
    other_tree = build_tree("annanby", "SN")
    other = report(other_tree)
    assert [first.reference_number, second.reference_number] == ["LS-2026-0001", "LS-2026-0002"]
    assert other.reference_number == "LS-2026-0001"
    with time_machine.travel(datetime(2027, 1, 2, 9, 0, tzinfo=STOCKHOLM), tick=False):
        assert report(tree).reference_number == "LS-2027-0001"


def test_the_series_prefix_is_a_setting(people):
    services.lex_sarah_settings_change(
        organisation=people.tree.organisation, changes={"reference_prefix": "SARAH"}, acting_user=None
    )
    assert report(people.tree).reference_number.startswith("SARAH-")


@time_machine.travel(ON_2_MARCH, tick=False)
def test_a_report_keeps_what_the_reporter_gave_and_is_audited_without_a_case_id(people):
    tree = people.tree
    record = report(tree, occurred_on=date(2026, 3, 1), immediate_actions="Sjuksköterskan kontaktades.")
    assert record.state == LexSarahState.REPORTED
    assert record.node == tree.care_home and record.node_path == tree.care_home.path
    assert record.reported_by == tree.contact_staff
    assert record.what_happened == WHAT_HAPPENED
    assert record.person_concerned == "Boende i rum 4"
    assert record.investigation_due == date(2026, 3, 2) == record.due_on
    event = events(record).get()
    assert event.action == Action.LEX_SARAH_REPORTED
    assert event.case_id is None
    assert event.actor == tree.contact_staff
    assert event.data == {
        "lex_sarah": record.pk,
        "reference": record.reference_number,
        "node": tree.care_home.pk,
    }


def test_anyone_with_a_role_may_report_about_their_part_of_the_tree_and_nobody_elsewhere(people):
    tree = people.tree
    for person in (tree.contact_staff, tree.registrar, tree.administrator, tree.quality_developer):
        assert report(tree, by=person).pk
    with pytest.raises(PermissionDenied):
        report(tree, by=tree.other_unit_staff)  # the group home's staff, about the care home
    assert report(tree, node=tree.group_home, by=tree.other_unit_staff).pk


def test_a_report_from_a_case_is_linked_and_the_link_is_audited_without_the_case_id(people):
    tree = people.tree
    case = register(tree)
    record = services.lex_sarah_report(
        node=services.case_node(case), reported_by=tree.contact_staff, what_happened=WHAT_HAPPENED, case=case
    )
    assert record.case == case
    assert list(case.lex_sarah_records.all()) == [record]
    link = events(record, Action.LEX_SARAH_CASE_LINKED).get()
    assert link.case_id is None and link.data["case"] == case.pk
    assert not Event.objects.filter(case=case, action__startswith="lex_sarah").exists()
    with pytest.raises(PermissionDenied):  # may not read the case
        services.lex_sarah_report(
            node=services.case_node(case), reported_by=tree.other_unit_staff, what_happened="x", case=case
        )


def test_the_people_responsible_are_told_by_mail_without_the_content(people):
    tree = people.tree
    record = report(tree)
    mails = OutboundEmail.objects.filter(kind="lex_sarah_reported")
    # The care home lies under elderly care and the root: their two officers, not LSS's.
    assert sorted(mail.to for mail in mails) == sorted([people.officer.email, people.root_officer.email])
    for mail in mails:
        assert record.reference_number in mail.subject
        assert f"/personal/lex-sarah/{record.pk}/" in mail.body_text
        assert "läkemedel" not in mail.body_text and "rum 4" not in mail.body_text
        assert mail.case_id is None


def test_an_officer_starts_an_investigation_from_a_case_in_one_step(people):
    tree = people.tree
    case = register(tree)
    record = services.lex_sarah_start_from_case(
        case=case, acting_user=people.officer, what_happened="Fall efter larm."
    )
    assert record.state == LexSarahState.INVESTIGATING
    assert record.case == case and record.node == tree.care_home
    assert record.investigator == people.officer and record.due_on is None
    assert [event.action for event in events(record)] == [
        Action.LEX_SARAH_REPORTED,
        Action.LEX_SARAH_CASE_LINKED,
        Action.LEX_SARAH_INVESTIGATION_STARTED,
    ]
    with pytest.raises(PermissionDenied):  # responsible for LSS only
        services.lex_sarah_start_from_case(case=case, acting_user=people.lss_officer, what_happened="x")


def test_an_unplaced_case_gives_a_record_about_the_whole_organisation(people):
    tree = people.tree
    case = register(tree, unit=None)
    record = services.lex_sarah_start_from_case(case=case, acting_user=people.root_officer, what_happened="x")
    assert record.node == tree.root


def test_the_whole_way_to_ivo_and_closure_is_audited_step_by_step(people):
    tree = people.tree
    record = assessed(report(tree), people.officer, Assessment.CLEAR_RISK)
    assert record.state == LexSarahState.ASSESSED and record.assessed_by == people.officer
    assert record.ivo_report_due is not None and record.due_on == record.ivo_report_due
    record = services.lex_sarah_report_to_ivo(
        record=record, acting_user=people.officer, sent_on=record.ivo_report_due - timedelta(days=14)
    )
    assert record.state == LexSarahState.REPORTED_TO_IVO and record.due_on is None
    record = services.lex_sarah_ivo_reference_record(
        record=record, acting_user=people.officer, ivo_reference="3.5.1-12345/2026"
    )
    record = services.lex_sarah_close(record=record, acting_user=people.root_officer, note="Följs upp i maj.")
    assert record.state == LexSarahState.CLOSED and record.closed_by == people.root_officer
    assert [event.action for event in events(record)] == [
        Action.LEX_SARAH_REPORTED,
        Action.LEX_SARAH_INVESTIGATION_STARTED,
        Action.LEX_SARAH_INVESTIGATION_RECORDED,
        Action.LEX_SARAH_ASSESSED,
        Action.LEX_SARAH_REPORTED_TO_IVO,
        Action.LEX_SARAH_IVO_REFERENCE_RECORDED,
        Action.LEX_SARAH_CLOSED,
    ]
    assert events(record, Action.LEX_SARAH_ASSESSED).get().data["assessment"] == "clear_risk"
    assert events(record, Action.LEX_SARAH_REPORTED_TO_IVO).get().data["on_time"] is True
    assert not Event.objects.filter(action__startswith="lex_sarah", case__isnull=False).exists()


def test_saving_the_investigation_unchanged_writes_nothing(people):
    record = investigated(report(people.tree), people.officer)
    before = events(record).count()
    services.lex_sarah_investigation_record(
        record=record,
        acting_user=people.officer,
        findings=record.findings,
        consequences=record.consequences,
        causes=record.causes,
        actions=record.actions,
    )
    assert events(record).count() == before
    assert events(record, Action.LEX_SARAH_INVESTIGATION_RECORDED).get().data["fields"] == [
        "findings",
        "consequences",
        "causes",
        "actions",
    ]


@pytest.mark.parametrize("who", ["contact_staff", "unit_manager", "head_of_operations", "administrator"])
def test_only_the_people_responsible_for_lex_sarah_handle_a_record(people, who):
    record = report(people.tree)
    with pytest.raises(PermissionDenied):
        services.lex_sarah_start_investigation(record=record, acting_user=getattr(people.tree, who))
    assert LexSarahRecord.objects.get(pk=record.pk).state == LexSarahState.REPORTED


def test_responsibility_for_another_part_of_the_tree_gives_nothing(people):
    record = report(people.tree)
    with pytest.raises(PermissionDenied):
        services.lex_sarah_start_investigation(record=record, acting_user=people.lss_officer)


def test_the_day_sent_to_ivo_is_between_the_assessment_and_today(people):
    record = assessed(report(people.tree), people.officer)
    for day in (timezone.localdate() + timedelta(days=1), date(2000, 1, 1)):  # tomorrow in Sweden
        with pytest.raises(LexSarahError):
            services.lex_sarah_report_to_ivo(record=record, acting_user=people.officer, sent_on=day)


def test_a_refused_step_changes_nothing(people):
    record = report(people.tree)
    with pytest.raises(LexSarahError):
        services.lex_sarah_close(record=record, acting_user=people.officer)
    with pytest.raises(LexSarahError, match="Skriv först in utredningen"):
        services.lex_sarah_assess(
            record=services.lex_sarah_start_investigation(record=record, acting_user=people.officer),
            acting_user=people.officer,
            assessment=Assessment.SERIOUS,
            reasoning="x",
        )
    assert LexSarahRecord.objects.get(pk=record.pk).state == LexSarahState.INVESTIGATING


def test_a_record_started_on_its_own_is_linked_to_a_case_afterwards(people):
    tree = people.tree
    record = report(tree)
    case = register(tree)
    services.lex_sarah_case_link(record=record, case=case, acting_user=people.officer)
    assert LexSarahRecord.objects.get(pk=record.pk).case == case
    with pytest.raises(LexSarahError):
        services.lex_sarah_case_link(record=record, case=register(tree), acting_user=people.officer)
    other_tree_case = register(build_tree("annanby", "AB"))
    with pytest.raises(PermissionDenied):
        services.lex_sarah_case_link(record=report(tree), case=other_tree_case, acting_user=people.officer)


def test_a_changed_setting_is_audited_with_the_fields(people):
    organisation = people.tree.organisation
    services.lex_sarah_settings_change(
        organisation=organisation,
        changes={"ivo_report_days": 10, "investigation_start_days": 0},
        acting_user=None,
    )
    event = Event.objects.get(action=Action.LEX_SARAH_SETTINGS_CHANGED)
    assert event.data == {"organisation": organisation.pk, "fields": ["ivo_report_days"]}
    services.lex_sarah_settings_change(
        organisation=organisation, changes={"ivo_report_days": 10}, acting_user=None
    )
    assert Event.objects.filter(action=Action.LEX_SARAH_SETTINGS_CHANGED).count() == 1
