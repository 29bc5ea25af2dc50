"""Every change of a Lex Sarah record: one typed function each, in one transaction, checked against the lifecycle
table (lexsarah/lifecycle.py), with its own audit row (domain.md §8, §11).

Anyone who works in the organisation may report (SoL 2025:400 27 kap.: everyone must); only the people
responsible for Lex Sarah on the record's node or above handle it. A refusal of access raises PermissionDenied
(the pages answer 404); a refusal of the lifecycle raises LexSarahError with a message for the person.

Audit rows of a record carry its id in `data` and never a case id (audit/actions.py): a case's log is read by
everyone who may read the case, and must not show that a record exists.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from api.exchange import ExchangeError, lex_sarah_report_send
from audit.actions import Action
from audit.services import Entry, audit_record, audit_record_many
from cases.models import Case
from cases.policy import can_view_case
from lexsarah import clocks
from lexsarah.lifecycle import LexSarahError, Operation, require
from lexsarah.models import (
    REPORTABLE,
    Assessment,
    LexSarahCounter,
    LexSarahRecord,
    LexSarahSettings,
)
from lexsarah.selectors import lex_sarah_settings_for, may_handle, may_report, may_start_from_case
from notifications.services import email_enqueue
from organisations.models import Organisation, OrgNode, Role
from organisations.selectors import node_ids_on_path, organisation_root

TEXT_MAX = 10_000


def _data(record: LexSarahRecord, **extra: Any) -> dict[str, Any]:
    # Identifiers and codes only: the record's id and reference number (which carries no personal data).
    return {"lex_sarah": record.pk, "reference": record.reference_number, **extra}


def _text(value: str) -> str:
    return (value or "").strip()[:TEXT_MAX]


def _locked(record: LexSarahRecord, acting_user: User) -> LexSarahRecord:
    """The record as stored, locked until the transaction ends (two people acting at once meet in turn), if
    `acting_user` may handle it."""
    locked = (
        LexSarahRecord.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=record.pk)
    )
    if not may_handle(acting_user, locked):
        raise PermissionDenied
    return locked


# --- The staff report ---------------------------------------------------------------------------------------------


def reference_number_next(*, periods: LexSarahSettings, year: int) -> tuple[int, str]:
    """The next number of the organisation's Lex Sarah series for the year ("LS-2026-0001", with the prefix of its
    settings, `periods`), in the caller's transaction: the counter row is locked until it ends (as
    cases.services.registration numbers cases)."""
    counter, created = LexSarahCounter.objects.select_for_update().get_or_create(
        organisation_id=periods.organisation_id, year=year, defaults={"last_serial": 1}
    )
    if not created:
        counter.last_serial += 1
        counter.save(update_fields=["last_serial"])
    return counter.last_serial, f"{periods.reference_prefix}-{year}-{counter.last_serial:04d}"


def responsible_for(node: OrgNode) -> list[User]:
    """The active people responsible for Lex Sarah on `node` or above it."""
    return list(
        User.objects.filter(
            is_active=True,
            roles__role=Role.LEX_SARAH,
            roles__node_id__in=node_ids_on_path(node),
        )
        .distinct()
        .order_by("pk")
    )


def _notify_responsible(record: LexSarahRecord, *, except_user: User) -> None:
    """Tell the people responsible that a report waits: its reference number and a link, never its content."""
    url = settings.SITE_URL + reverse("lexsarah:detail", args=[record.pk])
    for person in responsible_for(record.node):
        if person.pk == except_user.pk or not person.email:
            continue
        email_enqueue(
            to=person.email,
            kind="lex_sarah_reported",
            template="lex_sarah_reported",
            context={"reference_number": record.reference_number, "record_url": url},
            language=settings.LANGUAGE_CODE,
        )


@transaction.atomic
def lex_sarah_report(
    *,
    node: OrgNode,
    reported_by: User,
    what_happened: str,
    occurred_on: date | None = None,
    person_concerned: str = "",
    immediate_actions: str = "",
    case: Case | None = None,
) -> LexSarahRecord:
    """A member of staff reports a serious deficiency, or a clear risk of one, about a part of the tree where they
    hold a role (or about a case they may read: then the record is about the case's unit and linked to it). The
    record gets its number in the organisation's Lex Sarah series and its deadline to start the investigation,
    and the people responsible are told by e-mail that a report waits. After this the reporter sees the record
    only if they are responsible for Lex Sarah there themselves."""
    if case is not None:
        if not can_view_case(reported_by, case) or node.organisation_id != case.organisation_id:
            raise PermissionDenied
    elif not may_report(reported_by, node):
        raise PermissionDenied
    what_happened = _text(what_happened)
    if not what_happened:
        raise LexSarahError(_("Write what happened."))
    organisation = node.organisation
    now = timezone.now()
    today = timezone.localdate(now)
    if occurred_on is not None and occurred_on > today:
        raise LexSarahError(_("The day it happened must be today or in the past."))
    period = lex_sarah_settings_for(organisation)
    serial, reference = reference_number_next(periods=period, year=today.year)
    record = LexSarahRecord(
        organisation=organisation,
        node=node,
        node_path=node.path,
        case=case,
        reference_number=reference,
        reference_year=today.year,
        reference_serial=serial,
        reported_by=reported_by,
        reported_at=now,
        what_happened=what_happened,
        occurred_on=occurred_on,
        person_concerned=_text(person_concerned)[:200],
        immediate_actions=_text(immediate_actions),
        investigation_due=clocks.investigation_due_for(period, today),
    )
    record.due_on = clocks.running_due(record)
    record.save()
    entries = [Entry(action=Action.LEX_SARAH_REPORTED, actor=reported_by, data=_data(record, node=node.pk))]
    if case is not None:
        entries.append(
            Entry(action=Action.LEX_SARAH_CASE_LINKED, actor=reported_by, data=_data(record, case=case.pk))
        )
    _notify_responsible(record, except_user=reported_by)
    audit_record_many(entries)
    return record


@transaction.atomic
def lex_sarah_start_from_case(
    *,
    case: Case,
    acting_user: User,
    what_happened: str,
    occurred_on: date | None = None,
    person_concerned: str = "",
    immediate_actions: str = "",
) -> LexSarahRecord:
    """The person responsible for Lex Sarah starts an investigation from a case that may reveal a serious
    deficiency ("Starta Lex Sarah-utredning"): a record about the case's unit (its organisation's root while the
    case is unplaced), linked to the case, reported and put under investigation at once."""
    if not may_start_from_case(acting_user, case):
        raise PermissionDenied
    record = lex_sarah_report(
        node=case_node(case),
        reported_by=acting_user,
        what_happened=what_happened,
        occurred_on=occurred_on,
        person_concerned=person_concerned,
        immediate_actions=immediate_actions,
        case=case,
    )
    return lex_sarah_start_investigation(record=record, acting_user=acting_user)


def case_node(case: Case) -> OrgNode:
    """The part of the tree a record started from `case` concerns: the case's unit, or its organisation's root
    while the case is unplaced."""
    return case.unit or organisation_root(case.organisation)


# --- Handling: each step of the lifecycle -----------------------------------------------------------------------


@transaction.atomic
def lex_sarah_start_investigation(*, record: LexSarahRecord, acting_user: User) -> LexSarahRecord:
    """Start the investigation (without delay, SoL 2025:400 27 kap.); the one who starts it is its investigator."""
    record = _locked(record, acting_user)
    record.state = require(record, Operation.START_INVESTIGATION)
    record.investigation_started_at = timezone.now()
    record.investigator = acting_user
    record.due_on = clocks.running_due(record)
    record.save(update_fields=["state", "investigation_started_at", "investigator", "due_on"])
    late = timezone.localdate(record.investigation_started_at) > record.investigation_due
    audit_record(
        action=Action.LEX_SARAH_INVESTIGATION_STARTED, actor=acting_user, data=_data(record, late=late)
    )
    return record


INVESTIGATION_FIELDS = ("findings", "consequences", "causes", "actions")


@transaction.atomic
def lex_sarah_investigation_record(
    *,
    record: LexSarahRecord,
    acting_user: User,
    findings: str,
    consequences: str,
    causes: str,
    actions: str,
) -> LexSarahRecord:
    """Record the investigation (SOSFS 2011:5, 5 kap.): what happened and when, the consequences for the person,
    the causes found, the actions taken or planned. Saved as often as needed until the assessment; the audit row
    names the parts that changed."""
    record = _locked(record, acting_user)
    require(record, Operation.RECORD_INVESTIGATION)
    values = {"findings": findings, "consequences": consequences, "causes": causes, "actions": actions}
    changed = [name for name in INVESTIGATION_FIELDS if getattr(record, name) != _text(values[name])]
    if not changed:
        return record
    for name in changed:
        setattr(record, name, _text(values[name]))
    record.save(update_fields=changed)
    audit_record(
        action=Action.LEX_SARAH_INVESTIGATION_RECORDED, actor=acting_user, data=_data(record, fields=changed)
    )
    return record


@transaction.atomic
def lex_sarah_assess(
    *, record: LexSarahRecord, acting_user: User, assessment: str, reasoning: str
) -> LexSarahRecord:
    """Assess the investigated deficiency: serious, a clear risk of a serious one, or neither, with the reasoning.
    A serious one (or a clear risk) starts the clock to report it to IVO (the organisation's period)."""
    record = _locked(record, acting_user)
    target = require(record, Operation.ASSESS)
    if assessment not in Assessment.values:
        raise LexSarahError(_("Choose the assessment."))
    reasoning = _text(reasoning)
    if not reasoning:
        raise LexSarahError(_("Write the reasoning behind the assessment."))
    now = timezone.now()
    record.state = target
    record.assessment = assessment
    record.assessment_reasoning = reasoning
    record.assessed_at = now
    record.assessed_by = acting_user
    record.ivo_report_due = None
    if assessment in REPORTABLE:
        record.ivo_report_due = clocks.ivo_report_due_for(
            lex_sarah_settings_for(record.organisation),
            reported_on=timezone.localdate(record.reported_at),
            assessed_on=timezone.localdate(now),
        )
    record.due_on = clocks.running_due(record)
    record.save(
        update_fields=[
            "state",
            "assessment",
            "assessment_reasoning",
            "assessed_at",
            "assessed_by",
            "ivo_report_due",
            "due_on",
        ]
    )
    audit_record(
        action=Action.LEX_SARAH_ASSESSED, actor=acting_user, data=_data(record, assessment=assessment)
    )
    return record


@transaction.atomic
def lex_sarah_report_to_ivo(
    *,
    record: LexSarahRecord,
    acting_user: User,
    sent_on: date,
    ivo_reference: str = "",
    send_electronically: bool = False,
) -> LexSarahRecord:
    """Record the report to IVO (anmälan): the day it was sent, and IVO's reference number if it is known yet.
    The day is neither in the future nor before the assessment. With `send_electronically`, the report is also
    queued to the supervisory authority's installation connected to the organisation (api.exchange), sent by the
    worker once this commits."""
    record = _locked(record, acting_user)
    target = require(record, Operation.REPORT_TO_IVO)
    if sent_on > timezone.localdate() or (
        record.assessed_at is not None and sent_on < timezone.localdate(record.assessed_at)
    ):
        raise LexSarahError(_("The day the report was sent must be between the assessment and today."))
    record.state = target
    record.ivo_reported_on = sent_on
    record.ivo_reported_by = acting_user
    record.ivo_reference = _text(ivo_reference)[:60]
    record.due_on = clocks.running_due(record)
    record.save(update_fields=["state", "ivo_reported_on", "ivo_reported_by", "ivo_reference", "due_on"])
    if send_electronically:
        try:
            lex_sarah_report_send(record=record, acting_user=acting_user)
        except ExchangeError as error:
            raise LexSarahError(_("This organisation is not connected to IVO's installation.")) from error
    on_time = record.ivo_report_due is None or sent_on <= record.ivo_report_due
    audit_record(
        action=Action.LEX_SARAH_REPORTED_TO_IVO,
        actor=acting_user,
        data=_data(
            record, sent_on=sent_on.isoformat(), on_time=on_time, ivo_reference=bool(record.ivo_reference)
        ),
    )
    return record


@transaction.atomic
def lex_sarah_ivo_reference_record(
    *, record: LexSarahRecord, acting_user: User, ivo_reference: str
) -> LexSarahRecord:
    """Record IVO's reference number, which usually comes with IVO's notice weeks after the report."""
    record = _locked(record, acting_user)
    require(record, Operation.RECORD_IVO_REFERENCE)
    ivo_reference = _text(ivo_reference)[:60]
    if not ivo_reference:
        raise LexSarahError(_("Write IVO's reference number."))
    if ivo_reference == record.ivo_reference:
        return record
    record.ivo_reference = ivo_reference
    record.save(update_fields=["ivo_reference"])
    audit_record(action=Action.LEX_SARAH_IVO_REFERENCE_RECORDED, actor=acting_user, data=_data(record))
    return record


@transaction.atomic
def lex_sarah_close(*, record: LexSarahRecord, acting_user: User, note: str = "") -> LexSarahRecord:
    """Close the record: after the report to IVO, or at once when the assessment was that it is neither a serious
    deficiency nor a clear risk of one."""
    record = _locked(record, acting_user)
    record.state = require(record, Operation.CLOSE)
    record.closed_at = timezone.now()
    record.closed_by = acting_user
    record.closing_note = _text(note)
    record.due_on = clocks.running_due(record)
    record.save(update_fields=["state", "closed_at", "closed_by", "closing_note", "due_on"])
    audit_record(
        action=Action.LEX_SARAH_CLOSED,
        actor=acting_user,
        data=_data(record, reported_to_ivo=record.ivo_reported_on is not None),
    )
    return record


@transaction.atomic
def lex_sarah_case_link(*, record: LexSarahRecord, case: Case, acting_user: User) -> LexSarahRecord:
    """Link a record started on its own to the case that concerns it, afterwards: a case of the same organisation
    that the person may read."""
    record = _locked(record, acting_user)
    require(record, Operation.LINK_CASE)
    if case.organisation_id != record.organisation_id or not can_view_case(acting_user, case):
        raise PermissionDenied
    record.case = case
    record.save(update_fields=["case"])
    audit_record(action=Action.LEX_SARAH_CASE_LINKED, actor=acting_user, data=_data(record, case=case.pk))
    return record


# --- Settings -----------------------------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "reference_prefix",
    "investigation_start_days",
    "ivo_report_days",
    "ivo_report_counted_from",
)


@transaction.atomic
def lex_sarah_settings_change(
    *, organisation: Organisation, changes: dict[str, Any], acting_user: User | None
) -> LexSarahSettings:
    """Change an organisation's Lex Sarah periods (or its series' prefix); the audit row names the fields. Records
    keep the deadlines they were given: a new period applies from the next report or assessment."""
    stored = LexSarahSettings.objects.select_for_update().filter(organisation=organisation).first()
    current = stored or LexSarahSettings(organisation=organisation)
    fields = sorted(
        name for name, value in changes.items() if name in SETTINGS_FIELDS and getattr(current, name) != value
    )
    if not fields and stored is not None:
        return current
    for name in fields:
        setattr(current, name, changes[name])
    current.full_clean()
    current.save()
    audit_record(
        action=Action.LEX_SARAH_SETTINGS_CHANGED,
        actor=acting_user,
        data={"organisation": organisation.pk, "fields": fields},
    )
    return current


__all__ = [
    "case_node",
    "lex_sarah_assess",
    "lex_sarah_case_link",
    "lex_sarah_close",
    "lex_sarah_investigation_record",
    "lex_sarah_ivo_reference_record",
    "lex_sarah_report",
    "lex_sarah_report_to_ivo",
    "lex_sarah_settings_change",
    "lex_sarah_start_from_case",
    "lex_sarah_start_investigation",
    "reference_number_next",
    "responsible_for",
]
