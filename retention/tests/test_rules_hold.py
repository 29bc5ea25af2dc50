"""Every rule that keeps a record, and the legal hold, tried against a real run in every combination
(hypothesis): a record is deleted exactly when no rule keeps it, never otherwise."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case
from lexsarah import services as lex_sarah
from lexsarah.models import Assessment, LexSarahRecord
from lexsarah.tests.conftest import assessed, make_people, report
from retention import services
from retention.models import DeletionRecord, LegalHold, ResearchBirthDay
from retention.rules import RESEARCH_BIRTH_DAYS

from .conftest import RUN_DAY, old_case

pytestmark = pytest.mark.django_db

CASE = st.fixed_dictionaries(
    {
        "hold": st.sampled_from(["none", "active", "lifted"]),
        "birth_day": st.one_of(st.none(), st.integers(min_value=1, max_value=31)),
        "years_ago": st.sampled_from([1, 4, 6, 9]),  # the municipality's period is five years
    }
)


class Rollback(Exception):
    pass


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(CASE, min_size=1, max_size=4), in_area=st.booleans())
def test_a_run_deletes_exactly_what_no_rule_keeps(tree, archivist, specs, in_area):
    try:
        with transaction.atomic():
            _check(tree, archivist, specs, in_area)
            raise Rollback
    except Rollback:
        pass


def _check(tree, archivist, specs, in_area):
    organisation = tree.organisation
    organisation.county = "Gotlands län" if in_area else "Västerbottens län"
    organisation.save()
    expected_deleted = set()
    cases = []
    for spec in specs:
        case = old_case(tree, on=date(RUN_DAY.year - spec["years_ago"], 3, 1))
        cases.append(case)
        if spec["hold"] != "none":
            hold = services.legal_hold_place(
                record_class="complaint", record_id=case.pk, reason="Tvist", acting_user=archivist
            )
            if spec["hold"] == "lifted":
                services.legal_hold_lift(hold=hold, acting_user=archivist)
        if spec["birth_day"] is not None:
            ResearchBirthDay.objects.create(
                record_class="complaint", record_id=case.pk, day=spec["birth_day"]
            )
        kept = (
            spec["years_ago"] < 5
            or spec["hold"] == "active"
            or in_area
            or spec["birth_day"] in RESEARCH_BIRTH_DAYS
        )
        if not kept:
            expected_deleted.add(case.pk)
    run = services.run_preview(organisation=organisation, acting_user=archivist, as_of=RUN_DAY)
    services.run_approve(run=run, acting_user=archivist)
    run = services.run_execute(run.pk, batch_size=2)
    remaining = set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
    assert {c.pk for c in cases} - remaining == expected_deleted
    assert run.deleted == len(expected_deleted)
    assert DeletionRecord.objects.filter(run=run).count() == len(expected_deleted)
    # Every active hold is still there, on a record that is still there.
    for hold in LegalHold.objects.filter(lifted_at__isnull=True):
        assert hold.record_id in remaining


def test_a_private_providers_lex_sarah_records_are_kept_five_years(tree, archivist):
    tree.organisation.kind = "provider"
    tree.organisation.save()
    people = make_people(tree)

    def closed_record(on):
        with time_machine.travel(timezone.make_aware(datetime.combine(on, time(9))), tick=False):
            record = assessed(report(tree), people.officer, Assessment.NEITHER)
            return lex_sarah.lex_sarah_close(record=record, acting_user=people.officer, note="Klart.")

    six = closed_record(date(2020, 5, 4))
    four = closed_record(date(2022, 12, 5))
    run = services.run_preview(organisation=tree.organisation, acting_user=archivist, as_of=RUN_DAY)
    assert list(run.items.values_list("record_class", "record_id")) == [("lex_sarah", six.pk)]
    services.run_approve(run=run, acting_user=archivist)
    services.run_execute(run.pk)
    assert list(LexSarahRecord.objects.values_list("pk", flat=True)) == [four.pk]
    assert DeletionRecord.objects.get().reference_number == six.reference_number
