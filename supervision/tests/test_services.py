from datetime import timedelta

import pytest
from django.utils import timezone, translation

from audit.models import Event
from cases.models import CaseKind, CaseState, Channel
from cases.policy import cases_visible_to
from organisations.models import Category, CategoryDimension, Role
from supervision.models import HandOver, Outcome, Report
from supervision.services import (
    ReportAlreadyRegistered,
    ReportError,
    handover_mark_sent,
    report_decide,
    report_register,
)
from supervision.signals import report_handed_over


def register(ivo, **kwargs):
    values = {
        "authority": ivo.authority,
        "channel": Channel.WEB,
        "county": "Västerbottens län",
        "what_happened": "Min mamma fick inte mat på hela dagen.",
        "unit": ivo.care_home,
    }
    return report_register(**(values | kwargs))


def test_it_registers_a_report_as_a_case_of_the_county_department(ivo):
    registration = register(ivo)
    report = registration.report
    case = report.case
    assert case.kind == CaseKind.REPORT
    assert case.reference_number.startswith("TIL ")
    assert case.unit == ivo.nord.node
    assert case.holder == ivo.registrar
    assert report.department == ivo.nord
    assert report.provider == ivo.provider
    assert report.service_kind == "sol"
    # Three weeks to send the notice, by default.
    received = timezone.localdate(case.received_at)
    assert case.inform_by == received + timedelta(days=21)
    assert Event.objects.filter(case_id=case.pk, action="registered").exists()


def test_only_the_departments_staff_see_the_report(ivo):
    case = register(ivo).report.case
    for user in (ivo.registrar, ivo.inspector, ivo.head, ivo.central_registrar):
        assert cases_visible_to(user).filter(pk=case.pk).exists()
    assert not cases_visible_to(ivo.other_inspector).filter(pk=case.pk).exists()


def test_it_takes_the_provider_in_words(ivo):
    report = register(ivo, unit=None, provider_in_words="Ett boende nära torget, vet inte namnet").report
    assert report.provider is None
    assert report.provider_in_words.startswith("Ett boende")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"county": "Atlantis län"}, "county"),
        ({"county": ""}, "county"),
        ({"unit": None}, "provider"),
        ({"what_happened": "  "}, "what_happened"),
    ],
)
def test_it_refuses_bad_input_with_the_field_and_a_message(ivo, kwargs, field):
    with pytest.raises(ReportError) as refused:
        register(ivo, **kwargs)
    assert refused.value.field == field
    assert not Report.objects.exists()


def test_the_message_is_in_the_persons_language(ivo):
    with pytest.raises(ReportError) as refused:
        register(ivo, county="Atlantis")
    # The message is lazy: it speaks the language of whoever reads it.
    with translation.override("sv"):
        assert "Välj länet" in str(refused.value.message)
    with translation.override("en"):
        assert "Choose the county" in str(refused.value.message)


def test_a_provider_of_another_authority_is_unknown(ivo):
    from supervision.testing import build_authority

    other = build_authority(slug="annan", prefix="ANN")
    with pytest.raises(ReportError) as refused:
        register(ivo, unit=None, provider=other.provider)
    assert refused.value.field == "provider"


def test_a_replayed_external_reference_registers_nothing_twice(ivo):
    first = register(ivo, channel=Channel.INSTALLATION, external_reference="SN 2026/00012").report
    with pytest.raises(ReportAlreadyRegistered) as refused:
        register(ivo, channel=Channel.INSTALLATION, external_reference="SN 2026/00012")
    assert refused.value.report == first
    assert Report.objects.count() == 1


def _topic(ivo):
    return Category.objects.filter(organisation=ivo.authority, dimension=CategoryDimension.TOPIC).first()


def test_no_further_review_sends_the_notice_and_closes(ivo, mailoutbox):
    report = register(ivo, contact_email="anna@example.se").report
    report_decide(
        report=report,
        outcome=Outcome.NO_FURTHER_REVIEW,
        notice="Vi har registrerat dina uppgifter och använder dem när vi planerar tillsyn.",
        topics=[_topic(ivo)],
        acting_user=ivo.inspector,
    )
    report.refresh_from_db()
    report.case.refresh_from_db()
    assert report.outcome == Outcome.NO_FURTHER_REVIEW
    assert report.case.state == CaseState.CLOSED
    assert report.case.messages.get().body.startswith("Vi har registrerat")
    assert Event.objects.filter(case_id=report.pk, action="report_decided").exists()


def test_supervision_opened_gets_its_own_reference(ivo):
    report = register(ivo).report
    report_decide(
        report=report,
        outcome=Outcome.SUPERVISION_OPENED,
        notice="Vi inleder tillsyn.",
        topics=[_topic(ivo)],
        acting_user=ivo.inspector,
    )
    report.refresh_from_db()
    assert report.supervision is not None
    assert report.supervision.reference_number.startswith("TIL-T ")
    assert report.supervision.reference_number != report.case.reference_number
    assert report.supervision.provider == ivo.provider


def test_hand_over_is_queued_and_announced_after_commit(ivo, django_capture_on_commit_callbacks):
    report = register(ivo).report
    heard = []

    def receiver(sender, hand_over_id, **kwargs):
        heard.append(hand_over_id)

    report_handed_over.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report_decide(
                report=report,
                outcome=Outcome.HANDED_OVER,
                notice="Vi lämnar över dina uppgifter till kommunen.",
                topics=[_topic(ivo)],
                acting_user=ivo.inspector,
                hand_to=ivo.municipal,
            )
    finally:
        report_handed_over.disconnect(receiver)
    hand_over = HandOver.objects.get()
    assert heard == [hand_over.pk]
    assert hand_over.recipient_organisation_number == "212000-0142"
    assert handover_mark_sent(hand_over=hand_over, remote_reference="SN 2026/00099")
    assert not handover_mark_sent(hand_over=hand_over)


def test_a_decision_needs_a_recipient_for_a_hand_over(ivo):
    report = register(ivo).report
    with pytest.raises(ReportError) as refused:
        report_decide(
            report=report,
            outcome=Outcome.HANDED_OVER,
            notice="x",
            topics=[_topic(ivo)],
            acting_user=ivo.inspector,
        )
    assert refused.value.field == "hand_to"


def test_staff_of_another_department_may_not_decide(ivo):
    from django.core.exceptions import PermissionDenied

    report = register(ivo).report
    with pytest.raises(PermissionDenied):
        report_decide(
            report=report,
            outcome=Outcome.NO_FURTHER_REVIEW,
            notice="x",
            topics=[_topic(ivo)],
            acting_user=ivo.other_inspector,
        )


def test_a_report_does_not_close_with_a_plain_answer(ivo):
    from cases.services import TransitionNotAllowed, case_answer_and_close

    report = register(ivo).report
    with pytest.raises(TransitionNotAllowed):
        case_answer_and_close(case=report.case, body="x", acting_user=ivo.registrar, topics=[_topic(ivo)])
    assert Role.INSPECTOR in Role.values
