"""Retention runs and legal holds: every change goes through one of these functions, which audits it.

A run is made in three steps (docs/decisions/0040):

1. `run_preview` finds what is due and stores it as the run's items, with what the rules keep counted apart;
2. `run_approve`, by the organisation's archivist, hands it to the worker;
3. `run_execute` deletes in batches, each a short transaction of its own that checks every rule again, deletes the
   records completely and writes their deletion records and audit rows. The stored files go after the commit.

A run killed at any point is taken up again by `run_execute` (the task, or `manage.py retention_run`): what a
committed batch did is done, what an interrupted one did was rolled back, and files left behind are found in
`PendingFileRemoval`.
"""

import logging
import time as clock
from collections import Counter, defaultdict
from datetime import date
from functools import partial
from itertools import islice

from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import Action
from audit.services import Entry, audit_record, audit_record_many
from cases.models import Case
from core import personnummer
from core.database import transaction_plans_as_by_default
from lexsarah.models import LexSarahRecord
from notifications.models import OutboundEmail
from organisations.models import Organisation, Role, RoleAssignment
from retention import deletion, rules
from retention.hooks import run_deletion_hooks
from retention.models import (
    ACTIVE_RUN_STATES,
    DeletionRecord,
    ItemState,
    LegalHold,
    PendingFileRemoval,
    RecordClass,
    ResearchBirthDay,
    RetentionRun,
    RunItem,
    RunState,
)

logger = logging.getLogger(__name__)

# Cases per deleting transaction: about a second of work on the shared bench machine, whose locks are the batch's
# own rows and, for the append and the commit only, the audit chain's (docs/decisions/0040).
BATCH_SIZE = 500
ITEM_WRITE_CHUNK = 1000


class RetentionError(Exception):
    """A step that cannot be taken, with a message for the person who tried."""


def is_archivist(user: User, organisation: Organisation) -> bool:
    """The archive belongs to the organisation as a whole: the role at its root."""
    return RoleAssignment.objects.filter(
        user=user, role=Role.ARCHIVIST, node__organisation=organisation, node__parent__isnull=True
    ).exists()


def _require_archivist(user: User, organisation: Organisation) -> None:
    if not is_archivist(user, organisation):
        raise RetentionError(_("Only the organisation's archivist may do this."))


# --- The research exemption's facts and legal holds ------------------------------------------------------------


def record_birth_day_set(*, record_class: str, record_id: int, number: str) -> int:
    """Keep the day of birth of the person a record is about, from their personnummer or samordningsnummer: only
    the day, which is all the research exemption asks (a samordningsnummer's day less 60, core.personnummer).
    Raises core.personnummer.PersonnummerError for a number that is not one."""
    day = personnummer.parse(number).birth_date.day
    ResearchBirthDay.objects.get_or_create(record_class=record_class, record_id=record_id, day=day)
    return day


def _lock_record(record_class: str, record_id: int) -> None:
    model = LexSarahRecord if record_class == RecordClass.LEX_SARAH else Case
    # The deletion locks the same rows before it checks the holds: a hold placed meanwhile waits, then holds.
    if not list(model.objects.select_for_update().filter(pk=record_id).values_list("pk")):
        raise RetentionError(_("There is no such record."))


@transaction.atomic
def legal_hold_place(*, record_class: str, record_id: int, reason: str, acting_user: User) -> LegalHold:
    _lock_record(record_class, record_id)
    organisation_id = _organisation_of(record_class, record_id)
    _require_archivist(acting_user, Organisation.objects.get(pk=organisation_id))
    if LegalHold.objects.filter(
        record_class=record_class, record_id=record_id, lifted_at__isnull=True
    ).exists():
        raise RetentionError(_("The record is already under a legal hold."))
    hold = LegalHold.objects.create(
        record_class=record_class, record_id=record_id, reason=reason, placed_by=acting_user
    )
    audit_record(
        action=Action.LEGAL_HOLD_PLACED,
        case_id=record_id if record_class == RecordClass.COMPLAINT else None,
        actor=acting_user,
        data={"hold": hold.pk, "class": record_class, "record": record_id},
    )
    return hold


@transaction.atomic
def legal_hold_lift(*, hold: LegalHold, acting_user: User) -> LegalHold:
    organisation_id = _organisation_of(hold.record_class, hold.record_id)
    _require_archivist(acting_user, Organisation.objects.get(pk=organisation_id))
    updated = LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=acting_user
    )
    if updated != 1:
        raise RetentionError(_("The legal hold has already been lifted."))
    hold.refresh_from_db()
    audit_record(
        action=Action.LEGAL_HOLD_LIFTED,
        case_id=hold.record_id if hold.record_class == RecordClass.COMPLAINT else None,
        actor=acting_user,
        data={"hold": hold.pk, "class": hold.record_class, "record": hold.record_id},
    )
    return hold


def _organisation_of(record_class: str, record_id: int) -> int:
    model = LexSarahRecord if record_class == RecordClass.LEX_SARAH else Case
    organisation_id: int = model.objects.filter(pk=record_id).values_list("organisation_id", flat=True).get()
    return organisation_id


# --- The run ---------------------------------------------------------------------------------------------------


def _already_running_message(organisation: Organisation) -> str:
    return _(
        "A retention run for %(organisation)s is already under way. Finish or cancel it before you start another."
    ) % {"organisation": organisation.name}


def run_preview(*, organisation: Organisation, acting_user: User, as_of: date | None = None) -> RetentionRun:
    """Find what is due on `as_of` (today) and store it as a run awaiting approval. Refused while another run of
    the organisation is under way."""
    _require_archivist(acting_user, organisation)
    as_of = as_of or timezone.localdate()
    if RetentionRun.objects.filter(organisation=organisation, state__in=ACTIVE_RUN_STATES).exists():
        raise RetentionError(_already_running_message(organisation))
    try:
        with transaction.atomic():
            run = RetentionRun.objects.create(organisation=organisation, as_of=as_of, created_by=acting_user)
            kept: dict[str, Counter[str]] = defaultdict(Counter)
            total = 0
            rows = rules.preview(organisation, as_of=as_of)
            while chunk := list(islice(rows, ITEM_WRITE_CHUNK)):
                items = []
                for row in chunk:
                    if row.kept_reason:
                        kept[row.record_class][row.kept_reason] += 1
                        continue
                    items.append(
                        RunItem(
                            run=run,
                            record_class=row.record_class,
                            record_id=row.record_id,
                            reference_number=row.reference_number,
                            last_note_on=row.last_note_on,
                            delete_by=row.delete_by,
                        )
                    )
                RunItem.objects.bulk_create(items)
                total += len(items)
            run.total = total
            run.kept_summary = {record_class: dict(counts) for record_class, counts in kept.items()}
            run.save(update_fields=["total", "kept_summary"])
            audit_record(
                action=Action.RETENTION_PREVIEWED,
                actor=acting_user,
                data={"run": run.pk, "organisation": organisation.pk, "due": total, "kept": run.kept_summary},
            )
    except IntegrityError as error:
        # Two started at once: the constraint lets one through.
        raise RetentionError(_already_running_message(organisation)) from error
    return run


@transaction.atomic
def run_approve(*, run: RetentionRun, acting_user: User) -> RetentionRun:
    """The archivist's decision: the worker deletes what the preview showed (checking every rule again)."""
    _require_archivist(acting_user, run.organisation)
    updated = RetentionRun.objects.filter(pk=run.pk, state=RunState.PREVIEWED).update(
        state=RunState.APPROVED, approved_by=acting_user, approved_at=timezone.now()
    )
    if updated != 1:
        raise RetentionError(_("This run has already been approved or cancelled."))
    run.refresh_from_db()
    audit_record(action=Action.RETENTION_APPROVED, actor=acting_user, data={"run": run.pk, "due": run.total})
    transaction.on_commit(partial(execute_run_task.enqueue, run.pk))
    return run


@transaction.atomic
def run_cancel(*, run: RetentionRun, acting_user: User) -> RetentionRun:
    _require_archivist(acting_user, run.organisation)
    updated = RetentionRun.objects.filter(pk=run.pk, state=RunState.PREVIEWED).update(
        state=RunState.CANCELLED, finished_at=timezone.now()
    )
    if updated != 1:
        raise RetentionError(_("Only a run awaiting approval can be cancelled."))
    run.refresh_from_db()
    audit_record(action=Action.RETENTION_CANCELLED, actor=acting_user, data={"run": run.pk})
    return run


def run_execute(run_id: int, *, batch_size: int = BATCH_SIZE, pause: float = 0.0) -> RetentionRun:
    """Delete an approved run's items in batches; take up a run that was interrupted. Idempotent: a finished run
    is left as it is, and an item is deleted at most once."""
    run = RetentionRun.objects.select_related("organisation").get(pk=run_id)
    if run.state in (RunState.DONE, RunState.CANCELLED):
        return run
    if run.state == RunState.PREVIEWED:
        raise RetentionError(_("This run has not been approved."))
    RetentionRun.objects.filter(pk=run.pk, state=RunState.APPROVED).update(
        state=RunState.RUNNING, started_at=timezone.now()
    )
    files_remove_pending(run)
    while True:
        batch = list(RunItem.objects.filter(run=run, state=ItemState.PENDING).order_by("pk")[:batch_size])
        if not batch:
            break
        removed_files = _delete_batch(run, batch)
        _remove_files(removed_files)
        if pause:
            clock.sleep(pause)  # lets the service breathe between batches (and a test kill the run half-way)
    with transaction.atomic():
        updated = RetentionRun.objects.filter(pk=run.pk, state=RunState.RUNNING).update(
            state=RunState.DONE, finished_at=timezone.now()
        )
        if updated:
            run.refresh_from_db()
            audit_record(
                action=Action.RETENTION_FINISHED,
                data={"run": run.pk, "deleted": run.deleted, "kept": run.kept},
            )
    run.refresh_from_db()
    return run


def _delete_batch(run: RetentionRun, batch: list[RunItem]) -> list[str]:
    """One short transaction: lock the batch's records, check the rules again, delete what is still due."""
    organisation = run.organisation
    by_class: dict[str, list[RunItem]] = defaultdict(list)
    for item in batch:
        by_class[item.record_class].append(item)
    file_names: list[str] = []
    now = timezone.now()
    with transaction.atomic():
        deleted_items: list[RunItem] = []
        kept_items: list[tuple[RunItem, str]] = []
        entries: list[Entry] = []
        for record_class, items in by_class.items():
            ids = [item.record_id for item in items]
            model = LexSarahRecord if record_class == RecordClass.LEX_SARAH else Case
            list(model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
            rule = rules.rule_for(organisation, record_class)
            due: dict[int, tuple[str, object]] = {}
            if rule is not None:
                cutoff = rules.years_before(run.as_of, rule.years)
                due = {
                    pk: (reason, received_at)
                    for pk, reason, received_at in rules.due_queryset(organisation, record_class, cutoff)
                    .filter(pk__in=ids)
                    .values_list("pk", "kept_reason", "received_at")
                }
            to_delete: list[RunItem] = []
            for item in items:
                if item.record_id not in due:
                    kept_items.append((item, "no_longer_due"))
                elif reason := due[item.record_id][0]:
                    kept_items.append((item, reason))
                else:
                    to_delete.append(item)
            if not to_delete:
                continue
            delete_ids = [item.record_id for item in to_delete]
            if record_class == RecordClass.COMPLAINT:
                file_names += _delete_cases(delete_ids)
            else:
                LexSarahRecord.objects.filter(pk__in=delete_ids).delete()
            ResearchBirthDay.objects.filter(record_class=record_class, record_id__in=delete_ids).delete()
            LegalHold.objects.filter(record_class=record_class, record_id__in=delete_ids).delete()
            assert rule is not None
            DeletionRecord.objects.bulk_create(
                [
                    DeletionRecord(
                        organisation=organisation,
                        record_class=record_class,
                        reference_number=item.reference_number,
                        received_on=timezone.localdate(due[item.record_id][1]),  # type: ignore[arg-type]
                        last_note_on=item.last_note_on,
                        deleted_at=now,
                        run=run,
                        rule=f"{rule.years} år ({rule.legal_basis})"
                        if rule.legal_basis
                        else f"{rule.years} år",
                    )
                    for item in to_delete
                ],
                ignore_conflicts=True,
            )
            deleted_items += to_delete
            entries += [
                Entry(
                    action=Action.RECORD_DELETED,
                    case_id=item.record_id if record_class == RecordClass.COMPLAINT else None,
                    data={"run": run.pk, "class": record_class, "record": item.record_id},
                )
                for item in to_delete
            ]
        if deleted_items:
            RunItem.objects.filter(pk__in=[item.pk for item in deleted_items]).update(state=ItemState.DELETED)
        kept_by_reason: dict[str, list[int]] = defaultdict(list)
        for item, reason in kept_items:
            kept_by_reason[reason].append(item.pk)
        for reason, pks in kept_by_reason.items():
            RunItem.objects.filter(pk__in=pks).update(state=ItemState.KEPT, kept_reason=reason)
        PendingFileRemoval.objects.bulk_create(
            [PendingFileRemoval(name=name, run=run) for name in file_names]
        )
        RetentionRun.objects.filter(pk=run.pk).update(
            deleted=F("deleted") + len(deleted_items), kept=F("kept") + len(kept_items)
        )
        _check_foreign_keys()
        if entries:
            audit_record_many(entries)
    return file_names


def _check_foreign_keys() -> None:
    """Run the deletion's deferred foreign-key checks now (PostgreSQL looks up every deleted case in each of the
    twenty-odd tables that point at cases), before the audit chain's lock is taken: the lock is then held for the
    append and the commit only, and the rest of the service is not kept waiting meanwhile.

    The checks are the database's own prepared queries. settings.py has every plan made for its values
    (`plan_cache_mode=force_custom_plan`, for the inbox's partial indexes), which would plan each of these lookups
    again for every case: six times as slow as the cached plan (docs/decisions/0040). For these checks, in this
    transaction only, PostgreSQL chooses as it does by default."""
    transaction_plans_as_by_default()
    connection.check_constraints(table_names=[Case._meta.db_table])


def _delete_cases(ids: list[int]) -> list[str]:
    """Everything of these cases: its messages, notes, actions, attachments, categories, links between cases,
    the citizen's links and the search text (all cascade or live on the case row, deleted in bulk table by table:
    retention.deletion), every mail about it in the outbox, and whatever other apps registered (retention.hooks).
    Returns the stored files to remove."""
    OutboundEmail.objects.filter(case_id__in=ids).delete()
    run_deletion_hooks(RecordClass.COMPLAINT, ids)
    return deletion.cases_delete(ids)


def _remove_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)  # no error when already gone: safe to repeat
    PendingFileRemoval.objects.filter(name__in=names).delete()


def files_remove_pending(run: RetentionRun) -> int:
    """The files of a run's committed batches that an interrupted run left behind."""
    names = list(PendingFileRemoval.objects.filter(run=run).values_list("name", flat=True))
    _remove_files(names)
    return len(names)


@task()
def execute_run_task(run_id: int) -> int:
    """The worker's side of an approved run (manage.py db_worker)."""
    return run_execute(run_id).deleted
