"""The set-based preview (decided in SQL, read in keyset batches) against the rules evaluated case by case in
plain Python: on data that covers every source of the last note, every state, the legal hold (active and lifted),
the days of birth, the research areas, an organisation's own rule and a private provider's periods, both give the
same records with the same dates and reasons. Runs on SQLite and PostgreSQL alike."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone

from cases.models import Action, Case, CaseState, Message, Note
from lexsarah import services as lex_sarah
from lexsarah.models import Assessment, LexSarahRecord, LexSarahState
from lexsarah.tests.conftest import assessed, make_people, report
from organisations.models import OrganisationKind
from retention import rules, services
from retention.models import LegalHold, RecordClass, ResearchBirthDay, RetentionRule

from .conftest import RUN_DAY, register

pytestmark = pytest.mark.django_db

CLOSED_STATES = (CaseState.CLOSED, CaseState.WITHDRAWN)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _expected_row(record_class: str, record, as_of: date) -> rules.PreviewRow | None:
    """The rules for one record, the slow way: every note read and compared here."""
    organisation = record.organisation
    rule = rules.rule_for(organisation, record_class)
    if rule is None:
        return None
    if record_class == RecordClass.COMPLAINT:
        if record.state not in CLOSED_STATES:
            return None
        received_at = record.received_at
        moments = [record.closed_at or received_at, received_at]
        moments += [note.created_at for note in Note.objects.filter(case=record)]
        moments += [message.created_at for message in Message.objects.filter(case=record)]
        for action in Action.objects.filter(case=record):
            moments += [action.created_at] + ([action.followed_up_at] if action.followed_up_at else [])
    else:
        if record.state != LexSarahState.CLOSED:
            return None
        received_at = record.reported_at
        moments = [record.closed_at or received_at]
    cutoff = rules.years_before(as_of, rule.years)
    last_note_on = timezone.localdate(max(moments))
    if last_note_on > cutoff:
        return None
    if LegalHold.objects.filter(
        record_class=record_class, record_id=record.pk, lifted_at__isnull=True
    ).exists():
        reason = rules.KeptReason.LEGAL_HOLD
    elif rules.in_research_area(organisation):
        reason = rules.KeptReason.RESEARCH_AREA
    elif ResearchBirthDay.objects.filter(
        record_class=record_class, record_id=record.pk, day__in=rules.RESEARCH_BIRTH_DAYS
    ).exists():
        reason = rules.KeptReason.RESEARCH_BIRTH_DAY
    else:
        reason = ""
    return rules.PreviewRow(
        record_class=record_class,
        record_id=record.pk,
        reference_number=record.reference_number,
        received_on=timezone.localdate(received_at),
        last_note_on=last_note_on,
        delete_by=rules.delete_by(last_note_on, rule.years),
        kept_reason=reason,
    )


def _case(tree, received: date, state: str = CaseState.CLOSED, closed: date | None = None) -> Case:
    with time_machine.travel(_at(received), tick=False):
        case = register(tree, received_at=timezone.now())
    Case.objects.filter(pk=case.pk).update(
        state=state, closed_at=_at(closed or received, 15) if state in CLOSED_STATES else None
    )
    case.refresh_from_db()
    return case


def _data(tree, archivist) -> None:
    """Cases around the five and two years before the run's day, each with one thing that matters."""
    user = tree.unit_manager
    long_ago, near = date(2018, 3, 1), date(2021, 11, 20)
    plain = [_case(tree, long_ago) for _ in range(3)]  # the same moment received: ties in the keyset
    _case(tree, long_ago, state=CaseState.WITHDRAWN)
    _case(tree, long_ago, state=CaseState.REGISTERED)  # open: never due
    _case(tree, long_ago, state=CaseState.INFORMED)
    _case(tree, near)
    _case(tree, date(2024, 2, 2))
    _case(tree, long_ago, closed=date(2022, 6, 1))  # closed late
    for when, extra in [(date(2019, 1, 1), True), (date(2023, 1, 1), False), (date(2025, 1, 1), False)]:
        noted = _case(tree, long_ago)
        note = Note.objects.create(case=noted, author=user, body="Anteckning.")
        Note.objects.filter(pk=note.pk).update(created_at=_at(when))
        messaged = _case(tree, long_ago)
        message = Message.objects.create(case=messaged, body="Svar.", author=user)
        Message.objects.filter(pk=message.pk).update(created_at=_at(when))
        acted = _case(tree, long_ago)
        action = Action.objects.create(
            case=acted, description="Utbildning.", responsible=user, created_by=user, due_on=when
        )
        Action.objects.filter(pk=action.pk).update(
            created_at=_at(long_ago), followed_up_at=_at(when) if extra else None
        )
        followed = _case(tree, long_ago)
        action = Action.objects.create(
            case=followed, description="Rutin.", responsible=user, created_by=user, due_on=when
        )
        Action.objects.filter(pk=action.pk).update(created_at=_at(long_ago), followed_up_at=_at(when))
    held, lifted = _case(tree, long_ago), _case(tree, long_ago)
    services.legal_hold_place(
        record_class="complaint", record_id=held.pk, reason="Tvist", acting_user=archivist
    )
    hold = services.legal_hold_place(
        record_class="complaint", record_id=lifted.pk, reason="Tvist", acting_user=archivist
    )
    services.legal_hold_lift(hold=hold, acting_user=archivist)
    # Days of birth: 5, 15 and 25 keep, 6 does not; the day from Skatteverket's test number and from its
    # samordningsnummer (day less 60) is the 12th, which does not keep either.
    for day in [5, 15, 25, 6]:
        born = _case(tree, long_ago)
        ResearchBirthDay.objects.create(record_class="complaint", record_id=born.pk, day=day)
    for number in ["19121212-1212", "19121272-1219"]:
        born = _case(tree, long_ago)
        services.record_birth_day_set(record_class="complaint", record_id=born.pk, number=number)
    both = _case(tree, long_ago)
    ResearchBirthDay.objects.create(record_class="complaint", record_id=both.pk, day=25)
    services.legal_hold_place(
        record_class="complaint", record_id=both.pk, reason="Tvist", acting_user=archivist
    )
    # Lex Sarah records: closed long ago, closed recently, open, one held, one born on the 15th.
    people = make_people(tree)
    for when in [date(2019, 5, 4), date(2019, 5, 4), date(2019, 8, 8), date(2024, 12, 5)]:
        with time_machine.travel(_at(when, 9), tick=False):
            record = assessed(report(tree), people.officer, Assessment.NEITHER)
            lex_sarah.lex_sarah_close(record=record, acting_user=people.officer, note="Klart.")
    with time_machine.travel(_at(date(2019, 5, 4), 9), tick=False):
        report(tree)  # never closed
    first, second = LexSarahRecord.objects.filter(state=LexSarahState.CLOSED).order_by("pk")[:2]
    services.legal_hold_place(
        record_class="lex_sarah", record_id=first.pk, reason="IVO", acting_user=archivist
    )
    ResearchBirthDay.objects.create(record_class="lex_sarah", record_id=second.pk, day=15)
    assert plain  # three cases received at the very same moment


def _expected(organisation, as_of: date) -> list[rules.PreviewRow]:
    rows = [
        _expected_row(RecordClass.COMPLAINT, case, as_of)
        for case in Case.objects.filter(organisation=organisation)
    ]
    rows += [
        _expected_row(RecordClass.LEX_SARAH, record, as_of)
        for record in LexSarahRecord.objects.filter(organisation=organisation)
    ]
    return sorted((row for row in rows if row), key=lambda row: (row.record_class, row.record_id))


@pytest.mark.parametrize(
    ("kind", "county", "own_years"),
    [
        (OrganisationKind.MUNICIPALITY, "Västerbottens län", None),
        (OrganisationKind.MUNICIPALITY, "Gotlands län", None),  # the research area keeps everything not held
        (OrganisationKind.PROVIDER, "Gotlands län", None),  # two years for complaints; no research area
        (OrganisationKind.MUNICIPALITY, "Västerbottens län", 7),  # its own rule for complaints
    ],
)
def test_the_preview_in_sql_gives_what_the_rules_give_case_by_case(tree, archivist, kind, county, own_years):
    organisation = tree.organisation
    organisation.kind, organisation.county = kind, county
    organisation.save()
    if own_years:
        RetentionRule.objects.create(
            organisation_kind=kind,
            organisation=organisation,
            record_class=RecordClass.COMPLAINT,
            years=own_years,
        )
    _data(tree, archivist)
    for as_of in [RUN_DAY, date(2024, 3, 1), date(2028, 2, 29)]:
        expected = _expected(organisation, as_of)
        for batch_size in [1, 2, 1000]:  # batches of one and two cross the ties in the day received
            got = list(rules.preview(organisation, as_of=as_of, batch_size=batch_size))
            assert len(got) == len({(row.record_class, row.record_id) for row in got})  # no row twice
            assert sorted(got, key=lambda row: (row.record_class, row.record_id)) == expected
    reasons = {row.kept_reason for row in _expected(organisation, RUN_DAY)}
    if county == "Gotlands län" and kind == OrganisationKind.MUNICIPALITY:
        assert reasons == {rules.KeptReason.LEGAL_HOLD, rules.KeptReason.RESEARCH_AREA}
    else:
        assert reasons == {"", rules.KeptReason.LEGAL_HOLD, rules.KeptReason.RESEARCH_BIRTH_DAY}
