"""A retention run from preview to deletion: what is due, what every rule keeps, complete deletion, the audit
chain afterwards, a run started twice, approval by the archivist only, and repeating a run."""

from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from audit.chain import first_break
from audit.models import Event
from cases.models import Attachment, Case, CaseRelation, Message, Note, RelationReason
from citizen.models import CaseLink
from notifications.models import OutboundEmail
from organisations.models import OrganisationKind
from retention import rules, services
from retention.hooks import register_deletion_hook, unregister_deletion_hook
from retention.models import (
    DeletionRecord,
    ItemState,
    LegalHold,
    RecordClass,
    ResearchBirthDay,
    RetentionRule,
    RunState,
)
from retention.services import RetentionError

from .conftest import RUN_DAY, old_case, register

pytestmark = pytest.mark.django_db


def preview_run(tree, archivist, as_of=RUN_DAY):
    return services.run_preview(organisation=tree.organisation, acting_user=archivist, as_of=as_of)


def approve_and_run(run, archivist):
    services.run_approve(run=run, acting_user=archivist)
    return services.run_execute(run.pk)


def test_the_preview_finds_what_is_due_and_leaves_open_and_recent_cases(tree, archivist):
    due = old_case(tree)
    recent = old_case(tree, on=date(2024, 6, 1))  # five years not yet run out
    still_open = register(tree)
    rows = list(rules.preview(tree.organisation, as_of=RUN_DAY))
    assert [(row.record_id, row.kept_reason) for row in rows] == [(due.pk, "")]
    assert rows[0].last_note_on == date(2018, 3, 1)
    # Five years after the last note runs out in 2023: deleted by the end of 2024.
    assert rows[0].delete_by == date(2024, 12, 31)
    assert {recent.pk, still_open.pk}.isdisjoint(row.record_id for row in rows)


def test_a_note_moves_the_last_note_and_with_it_the_period(tree, archivist):
    case = old_case(tree, on=date(2021, 1, 10))
    Note.objects.create(case=case, author=tree.unit_manager, body="Sen anteckning.")  # today
    assert list(rules.preview(tree.organisation, as_of=RUN_DAY)) == []


def test_a_private_provider_keeps_complaints_two_years(tree, archivist):
    tree.organisation.kind = OrganisationKind.PROVIDER
    tree.organisation.save()
    three_years = old_case(tree, on=date(2023, 6, 1))
    one_year = old_case(tree, on=date(2025, 12, 2))
    ids = [row.record_id for row in rules.preview(tree.organisation, as_of=RUN_DAY)]
    assert ids == [three_years.pk]
    assert one_year.pk not in ids


def test_an_organisations_own_rule_wins_over_its_kinds(tree, archivist):
    case = old_case(tree, on=date(2020, 1, 1))
    assert [row.record_id for row in rules.preview(tree.organisation, as_of=RUN_DAY)] == [case.pk]
    RetentionRule.objects.create(
        organisation_kind=tree.organisation.kind,
        organisation=tree.organisation,
        record_class=RecordClass.COMPLAINT,
        years=10,
    )
    assert list(rules.preview(tree.organisation, as_of=RUN_DAY)) == []


def test_the_defaults_follow_the_domain_and_mark_complaints_to_verify():
    rule = {(r.organisation_kind, r.record_class): r for r in RetentionRule.objects.filter(organisation=None)}
    assert rule[("municipality", "lex_sarah")].years == 5
    assert rule[("provider", "complaint")].years == 2
    assert rule[("provider", "lex_sarah")].years == 5
    assert rule[("municipality", "complaint")].to_verify and rule[("provider", "complaint")].to_verify


@pytest.mark.parametrize(
    ("kind", "county", "name", "kept"),
    [
        (OrganisationKind.MUNICIPALITY, "Östergötlands län", "Linköpings kommun", True),
        (OrganisationKind.MUNICIPALITY, "Gotlands län", "Region Gotland", True),
        (OrganisationKind.MUNICIPALITY, "västernorrlands  LÄN", "Sundsvalls kommun", True),
        (OrganisationKind.MUNICIPALITY, "Västra Götalands län", "Göteborgs stad", True),
        (OrganisationKind.MUNICIPALITY, "Västra Götalands län", "Borås stad", False),
        (OrganisationKind.MUNICIPALITY, "Västerbottens län", "Exempelby kommun", False),
        # The exemption names municipalities: a private provider in Gotland keeps to its own periods.
        (OrganisationKind.PROVIDER, "Gotlands län", "Omsorg AB", False),
    ],
)
def test_the_research_exemption_keeps_every_record_of_its_areas(tree, kind, county, name, kept):
    organisation = tree.organisation
    organisation.kind, organisation.county, organisation.name = kind, county, name
    organisation.save()
    assert rules.in_research_area(organisation) is kept


def test_the_birth_day_comes_from_the_number_and_from_a_samordningsnummer_less_sixty(tree):
    case = old_case(tree)
    assert (
        services.record_birth_day_set(record_class="complaint", record_id=case.pk, number="19121212-1212")
        == 12
    )
    assert (
        services.record_birth_day_set(record_class="complaint", record_id=case.pk, number="19121272-1219")
        == 12
    )
    assert list(ResearchBirthDay.objects.values_list("day", flat=True)) == [12]


@pytest.mark.parametrize("day", [5, 15, 25])
def test_a_person_born_on_a_research_day_is_kept(tree, archivist, day):
    case = old_case(tree)
    other = old_case(tree)
    ResearchBirthDay.objects.create(record_class="complaint", record_id=case.pk, day=day)
    ResearchBirthDay.objects.create(record_class="complaint", record_id=other.pk, day=day + 1)
    run = approve_and_run(preview_run(tree, archivist), archivist)
    assert run.kept_summary == {"complaint": {"research_birth_day": 1}}
    assert Case.objects.filter(pk=case.pk).exists()
    assert not Case.objects.filter(pk=other.pk).exists()


def test_a_run_deletes_the_case_completely_and_leaves_a_record_without_personal_data(tree, archivist):
    case = old_case(
        tree, attachment=True, note=True, contact_name="Test Testsson", contact_email="t@example.se"
    )
    kept = old_case(tree, on=date(2025, 1, 1))
    CaseRelation.objects.create(
        case_a=min(case, kept, key=lambda c: c.pk),
        case_b=max(case, kept, key=lambda c: c.pk),
        reason=RelationReason.OTHER,
        created_by=tree.unit_manager,
    )
    file_name = Attachment.objects.get(case=case).file.name
    assert default_storage.exists(file_name)
    OutboundEmail.objects.create(
        to="t@example.se",
        subject="Ärende",
        body_text="x",
        kind="test",
        case=case,
        next_attempt_at=case.received_at,
    )
    seen: list[tuple[str, list[int]]] = []

    def hook(record_class, ids):
        seen.append((record_class, list(ids)))

    register_deletion_hook(hook)
    try:
        run = approve_and_run(preview_run(tree, archivist), archivist)
    finally:
        unregister_deletion_hook(hook)

    assert run.state == RunState.DONE and run.deleted == 1 and run.total == 1
    assert seen == [("complaint", [case.pk])]
    assert not Case.objects.filter(pk=case.pk).exists()
    for model in (Message, Note, Attachment):
        assert not model.objects.filter(case_id=case.pk).exists()
    assert not CaseRelation.objects.exists()
    assert not CaseLink.objects.filter(case_id=case.pk).exists()
    assert not OutboundEmail.objects.filter(to="t@example.se").exists()
    assert not default_storage.exists(file_name)
    record = DeletionRecord.objects.get()
    assert (record.reference_number, record.record_class) == (case.reference_number, "complaint")
    assert record.received_on == record.last_note_on == date(2018, 3, 1)
    values = " ".join(str(value) for value in DeletionRecord.objects.values().get().values())
    assert "Testsson" not in values and "example.se" not in values
    assert Case.objects.filter(pk=kept.pk).exists()
    # The trail of the deleted case is still there, and the chain still verifies: its rows carry no content.
    assert Event.objects.filter(case_id=case.pk, action="registered").exists()
    assert Event.objects.filter(case_id=case.pk, action="record_deleted").exists()
    assert first_break(Event.objects.order_by("pk").iterator()) is None
    trail = " ".join(str(data) for data in Event.objects.values_list("data", "actor_label"))
    assert "Testsson" not in trail and "example.se" not in trail and case.what_happened not in trail
    call_command("audit_verify")


def test_a_run_started_twice_is_refused_with_a_message(tree, archivist):
    old_case(tree)
    preview_run(tree, archivist)
    with pytest.raises(RetentionError, match="pågår redan"):
        preview_run(tree, archivist)


def test_only_the_archivist_may_preview_and_approve(tree, archivist):
    old_case(tree)
    with pytest.raises(RetentionError, match="arkivansvariga"):
        preview_run(tree, tree.administrator)
    run = preview_run(tree, archivist)
    with pytest.raises(RetentionError, match="arkivansvariga"):
        services.run_approve(run=run, acting_user=tree.head_of_operations)
    with pytest.raises(RetentionError, match="inte beslutad"):
        services.run_execute(run.pk)
    assert Case.objects.count() == 1


def test_approving_twice_is_refused_and_running_twice_deletes_once(tree, archivist):
    old_case(tree)
    run = preview_run(tree, archivist)
    services.run_approve(run=run, acting_user=archivist)
    with pytest.raises(RetentionError, match="redan beslutad"):
        services.run_approve(run=run, acting_user=archivist)
    first = services.run_execute(run.pk)
    second = services.run_execute(run.pk)
    assert (first.deleted, second.deleted) == (1, 1)
    assert DeletionRecord.objects.count() == 1
    assert Event.objects.filter(action="record_deleted").count() == 1


def test_a_hold_placed_after_the_preview_keeps_the_case(tree, archivist):
    case = old_case(tree)
    run = preview_run(tree, archivist)
    assert run.total == 1
    hold = services.legal_hold_place(
        record_class="complaint", record_id=case.pk, reason="Tvist i domstol", acting_user=archivist
    )
    run = approve_and_run(run, archivist)
    assert (run.deleted, run.kept) == (0, 1)
    assert run.items.get().state == ItemState.KEPT
    assert Case.objects.filter(pk=case.pk).exists()
    # Lifted, the next run deletes it.
    services.legal_hold_lift(hold=hold, acting_user=archivist)
    with pytest.raises(RetentionError, match="redan hävt"):
        services.legal_hold_lift(hold=hold, acting_user=archivist)
    run = approve_and_run(preview_run(tree, archivist), archivist)
    assert run.deleted == 1
    assert not LegalHold.objects.exists()


def test_a_cancelled_run_deletes_nothing(tree, archivist):
    old_case(tree)
    run = preview_run(tree, archivist)
    services.run_cancel(run=run, acting_user=archivist)
    assert services.run_execute(run.pk).deleted == 0
    assert Case.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_approval_hands_the_run_to_the_worker_which_deletes_it(transactional_tree, settings):
    from django.core.management import call_command

    from .conftest import archivist_of

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    tree = transactional_tree
    archivist = archivist_of(tree)
    case = old_case(tree)
    run = preview_run(tree, archivist)
    services.run_approve(run=run, acting_user=archivist)
    assert Case.objects.filter(pk=case.pk).exists()  # not yet: the worker does it
    call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)
    run.refresh_from_db()
    assert (run.state, run.deleted) == (RunState.DONE, 1)
    assert not Case.objects.filter(pk=case.pk).exists()


def test_the_preview_command_prints_every_record_and_the_counts_and_changes_nothing(tree, archivist):
    from io import StringIO

    from django.core.management.base import CommandError

    due, held = old_case(tree), old_case(tree)
    ResearchBirthDay.objects.create(record_class="complaint", record_id=held.pk, day=15)
    out = StringIO()
    call_command("retention_preview", tree.organisation.slug, "--as-of", "2026-12-01", stdout=out)
    lines = out.getvalue().splitlines()
    assert f"complaint\t{due.reference_number}\t2018-03-01\t2024-12-31\tdelete" in lines
    assert f"complaint\t{held.reference_number}\t2018-03-01\t2024-12-31\tkeep:research_birth_day" in lines
    assert "# complaint delete: 1" in lines and "# complaint keep:research_birth_day: 1" in lines
    assert Case.objects.count() == 2
    with pytest.raises(CommandError, match="No organisation"):
        call_command("retention_preview", "finns-inte")
