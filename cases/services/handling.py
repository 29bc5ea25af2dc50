"""Handling a registered case: informing, notes, actions and follow-up, messages, closing, who holds it and where
(domain.md §4, §5; issue 3). The ladder is in cases/services/ladder.py.

Every function is keyword-only, typed and atomic; it checks the lifecycle (cases/lifecycle.py), writes its own audit
row and queues e-mail through the outbox, which sends only after commit. E-mails never carry case content: only that
there is news, the reference number and where to look (domain.md §3).

Access is decided by the callers through cases/policy.py; as a second line, a staff `acting_user` who may not change
the case is refused here too.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.actions import Action as AuditAction
from audit.services import audit_record
from cases.lifecycle import (
    ActionsNotFollowedUp,
    CaseError,
    Operation,
    TransitionNotAllowed,
)
from cases.models import (
    Action,
    AssignmentReason,
    Attachment,
    Case,
    CaseState,
    Message,
    MessageKind,
    Note,
)
from cases.policy import CHANGING_ROLES
from cases.services.base import (
    acknowledge,
    actor_label,
    case_locked,
    case_node,
    followed_up_missing,
    operation_check,
    require_text,
)
from cases.services.categories import case_categorise, closing_refusal
from cases.services.ladder import route_at_step
from cases.services.mail import case_news_email_enqueue, staff_email_enqueue
from cases.services.registration import attachment_add, case_assign
from organisations.models import Category, NodeKind, OrgNode, RoleAssignment
from organisations.selectors import (
    node_ids_on_path,
)
from quality.summary import cases_changed
from webhooks.models import WebhookEvent
from webhooks.services import webhook_event_emit

# --- informing, notes, messages -------------------------------------------------------------------------------


@transaction.atomic
def case_inform(*, case: Case, body: str, acting_user: User) -> Message:
    """Tell the complainant what will happen with the case: this stops the current step's clock."""
    case_locked(case)
    operation_check(case, Operation.INFORM, acting_user)
    body = require_text(body, _("Write what will happen with the case."))
    message = Message.objects.create(
        case=case,
        from_citizen=False,
        kind=MessageKind.INFORMATION,
        body=body,
        author=acting_user,
        step=case.step,
    )
    old_state = case.state
    case.state = CaseState.INFORMED
    case.informed_at = timezone.now()
    fields = ["state", "informed_at"]
    acknowledged = acknowledge(case, fields)
    case.save(update_fields=fields)
    cases_changed(case)
    audit_record(
        action=AuditAction.INFORMED,
        case_id=case.pk,
        actor=acting_user,
        data={
            "from": old_state,
            "to": case.state,
            "step": case.step,
            "message": message.pk,
            "in_time": case.inform_by is None or timezone.localdate(case.informed_at) <= case.inform_by,
            "acknowledged": acknowledged,
        },
    )
    case_news_email_enqueue(case=case)
    webhook_event_emit(
        organisation_id=case.organisation_id,
        event=WebhookEvent.NOTICE_SENT,
        case_id=case.pk,
        reference_number=case.reference_number,
    )
    return message


@transaction.atomic
def note_add(*, case: Case, body: str, acting_user: User) -> Note:
    """An internal investigation note: never shown to the citizen."""
    case_locked(case)
    operation_check(case, Operation.NOTE, acting_user)
    body = require_text(body, _("Write the note."))
    note = Note.objects.create(case=case, author=acting_user, body=body)
    audit_record(action=AuditAction.NOTE_ADDED, case_id=case.pk, actor=acting_user, data={"note": note.pk})
    return note


@transaction.atomic
def message_add(
    *,
    case: Case,
    body: str,
    from_citizen: bool,
    acting_user: User | None = None,
    attachments: Sequence[UploadedFile[bytes]] = (),
) -> Message:
    """A message between the organisation and the citizen, either way, with already validated attachments.

    A citizen's message is brought to the holder by e-mail; a message from staff tells the citizen there is news.
    """
    case_locked(case)
    if not from_citizen and acting_user is None:
        raise ValueError("A message from the organisation needs the acting member of staff.")
    operation_check(case, Operation.MESSAGE, None if from_citizen else acting_user)
    body = require_text(body, _("Write the message."))
    message = Message.objects.create(
        case=case,
        from_citizen=from_citizen,
        kind=MessageKind.MESSAGE,
        body=body,
        author=None if from_citizen else acting_user,
        step=case.step,
    )
    attachment_ids = []
    for upload in attachments:
        attachment = attachment_add(
            case=case, upload=upload, uploaded_by=None if from_citizen else acting_user
        )
        Attachment.objects.filter(pk=attachment.pk).update(message=message)
        attachment_ids.append(attachment.pk)
    acknowledged = False
    if not from_citizen:
        fields: list[str] = []
        acknowledged = acknowledge(case, fields)
        case.save(update_fields=fields)
    audit_record(
        action=AuditAction.MESSAGE_ADDED,
        case_id=case.pk,
        actor=None if from_citizen else acting_user,
        actor_label=actor_label(None if from_citizen else acting_user, from_citizen),
        data={
            "message": message.pk,
            "from_citizen": from_citizen,
            "attachments": attachment_ids,
            "acknowledged": acknowledged,
        },
    )
    if from_citizen:
        staff_email_enqueue(user=case.holder, case=case, template="staff_case_news")
    else:
        case_news_email_enqueue(case=case)
    return message


# --- actions and follow-up ------------------------------------------------------------------------------------


@transaction.atomic
def action_add(*, case: Case, description: str, responsible: User, due_on: date, acting_user: User) -> Action:
    """A measure the organisation will take: what, who answers for it, and by when. Each is followed up."""
    case_locked(case)
    operation_check(case, Operation.ACTION_ADD, acting_user)
    description = require_text(description, _("Write what will be done."))
    if (
        not responsible.is_active
        or not RoleAssignment.objects.filter(user=responsible, node__organisation=case.organisation).exists()
    ):
        raise CaseError(_("The person responsible must work in the organisation."))
    action = Action.objects.create(
        case=case, description=description, responsible=responsible, due_on=due_on, created_by=acting_user
    )
    cases_changed(case)
    audit_record(
        action=AuditAction.ACTION_ADDED,
        case_id=case.pk,
        actor=acting_user,
        data={"action": action.pk, "responsible": responsible.pk, "due_on": due_on.isoformat()},
    )
    if responsible.pk != acting_user.pk:
        staff_email_enqueue(user=responsible, case=case, template="staff_action_assigned")
    return action


@transaction.atomic
def action_follow_up(*, action: Action, was_done: bool, effect: str, acting_user: User) -> Action:
    """Record that the manager checked the action: whether it was carried out, and what it achieved."""
    case = case_locked(action.case)
    operation_check(case, Operation.ACTION_FOLLOW_UP, acting_user)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.followed_up_at is not None:
        raise TransitionNotAllowed(_("This action has already been followed up."))
    effect = require_text(effect, _("Describe the effect of the action."))
    action.was_done = was_done
    action.effect = effect
    action.followed_up_at = timezone.now()
    action.followed_up_by = acting_user
    action.save(update_fields=["was_done", "effect", "followed_up_at", "followed_up_by"])
    cases_changed(action.case)
    audit_record(
        action=AuditAction.ACTION_FOLLOWED_UP,
        case_id=case.pk,
        actor=acting_user,
        data={"action": action.pk, "was_done": was_done},
    )
    return action


# --- closing ------------------------------------------------------------------------------------------------------


def _close(
    *,
    case: Case,
    body: str,
    kind: str,
    operation: Operation,
    acting_user: User,
    topics: Iterable[Category] | None,
    causes: Iterable[Category] | None,
) -> Message:
    case_locked(case)
    operation_check(case, operation, acting_user)
    if topics is not None:  # chosen on the closing page: saved with the close, or not at all
        case_categorise(case=case, topics=topics, causes=causes or [], acting_user=acting_user)
    body = require_text(body, _("Write the answer to the sender."))
    if followed_up_missing(case):
        raise ActionsNotFollowedUp(_("Every action must be followed up before the case can be closed."))
    if refusal := closing_refusal(case):
        raise CaseError(refusal)
    message = Message.objects.create(
        case=case, from_citizen=False, kind=kind, body=body, author=acting_user, step=case.step
    )
    now = timezone.now()
    old_state = case.state
    case.state = CaseState.CLOSED
    case.closed_at = now
    fields = ["state", "closed_at"]
    if case.informed_at is None:
        # The final answer also tells the complainant what happened: the clock of this step stops here.
        case.informed_at = now
        fields.append("informed_at")
    acknowledge(case, fields)
    case.save(update_fields=fields)
    cases_changed(case)
    audit_record(
        action=AuditAction.CLOSED,
        case_id=case.pk,
        actor=acting_user,
        data={"from": old_state, "to": case.state, "step": case.step, "message": message.pk, "kind": kind},
    )
    case_news_email_enqueue(case=case)
    webhook_event_emit(
        organisation_id=case.organisation_id,
        event=WebhookEvent.OUTCOME_DECIDED,
        case_id=case.pk,
        reference_number=case.reference_number,
    )
    return message


@transaction.atomic
def case_answer_and_close(
    *,
    case: Case,
    body: str,
    acting_user: User,
    topics: Iterable[Category] | None = None,
    causes: Iterable[Category] | None = None,
) -> Message:
    """Give the final answer and close. Refused while any action lacks its follow-up, or while the case lacks what
    it concerns or, being a complaint, the cause found; `topics` and `causes`, when given, are set first
    (cases.services.categories)."""
    return _close(
        case=case,
        body=body,
        kind=MessageKind.FINAL_ANSWER,
        operation=Operation.ANSWER_AND_CLOSE,
        acting_user=acting_user,
        topics=topics,
        causes=causes,
    )


@transaction.atomic
def case_decide_and_close(
    *,
    case: Case,
    body: str,
    acting_user: User,
    topics: Iterable[Category] | None = None,
) -> Message:
    """A supervisory authority's report: the written notice of how it will be handled, and the close
    (supervision.services.report_decide records the decision itself, in the same transaction). The notice stops
    the report's clock; it needs what the report concerns, as every close does."""
    return _close(
        case=case,
        body=body,
        kind=MessageKind.FINAL_ANSWER,
        operation=Operation.DECIDE_REPORT,
        acting_user=acting_user,
        topics=topics,
        causes=None,
    )


@transaction.atomic
def case_thank_and_close(
    *,
    case: Case,
    body: str,
    acting_user: User,
    topics: Iterable[Category] | None = None,
    causes: Iterable[Category] | None = None,
) -> Message:
    """The lighter path for praise and suggestions: thank the sender (or answer) and close, with no ladder. Needs
    what the case concerns, as every close does."""
    return _close(
        case=case,
        body=body,
        kind=MessageKind.THANKS,
        operation=Operation.THANK_AND_CLOSE,
        acting_user=acting_user,
        topics=topics,
        causes=causes,
    )


@transaction.atomic
def case_withdraw(*, case: Case, by_citizen: bool, acting_user: User | None = None) -> Case:
    """The sender withdraws the case (themselves, or through staff who record it on their behalf)."""
    case_locked(case)
    if not by_citizen and acting_user is None:
        raise ValueError("A withdrawal recorded by staff needs the acting member of staff.")
    operation_check(case, Operation.WITHDRAW, acting_user)
    old_state = case.state
    case.state = CaseState.WITHDRAWN
    case.save(update_fields=["state"])
    cases_changed(case)
    audit_record(
        action=AuditAction.WITHDRAWN,
        case_id=case.pk,
        actor=acting_user,
        actor_label=actor_label(acting_user, by_citizen),
        data={"from": old_state, "to": case.state, "by_citizen": by_citizen},
    )
    if by_citizen:
        staff_email_enqueue(user=case.holder, case=case, template="staff_case_news")
    else:
        case_news_email_enqueue(case=case)
    return case


# --- who holds the case -------------------------------------------------------------------------------------------


@transaction.atomic
def case_reassign(*, case: Case, assignee: User, acting_user: User, note: str = "") -> Case:
    """Give the case to someone else within the unit: they must hold a role on the case's node or above it."""
    case_locked(case)
    operation_check(case, Operation.REASSIGN, acting_user)
    node = case_node(case)
    held = (
        RoleAssignment.objects.filter(
            user=assignee, user__is_active=True, node_id__in=node_ids_on_path(node), role__in=CHANGING_ROLES
        )
        .select_related("node")
        .order_by("-node__path", "pk")
        .first()
    )
    if held is None:
        raise CaseError(_("The person must hold a role at the case's unit or above it."))
    if assignee.pk == case.holder_id:
        raise CaseError(_("The person already holds the case."))
    previous = case.holder_id
    case_assign(
        case=case,
        assignee=assignee,
        node=held.node,
        role=held.role,
        reason=AssignmentReason.REASSIGNED,
        acting_user=acting_user,
        note=note.strip(),
    )
    audit_record(
        action=AuditAction.REASSIGNED,
        case_id=case.pk,
        actor=acting_user,
        data={"from": previous, "to": assignee.pk, "step": case.step},
    )
    if assignee.pk != acting_user.pk:
        staff_email_enqueue(user=assignee, case=case, template="staff_case_assigned")
    return case


@transaction.atomic
def case_move(*, case: Case, unit: OrgNode, reason: str, acting_user: User) -> Case:
    """Move the case to another unit of the organisation, with a reason; it goes to that unit's holder of the
    current step. A case whose unit was not known is placed this way by the registrar."""
    case_locked(case)
    operation_check(case, Operation.MOVE, acting_user)
    reason = require_text(reason, _("Give the reason for moving the case."))
    if unit.organisation_id != case.organisation_id or unit.kind != NodeKind.UNIT or not unit.is_active:
        raise CaseError(_("Choose an active unit of the same organisation."))
    if unit.pk == case.unit_id:
        raise CaseError(_("The case is already at this unit."))
    previous_unit = case.unit_id
    previous_path = case.node_path
    assignment_reason = AssignmentReason.PLACED if previous_unit is None else AssignmentReason.MOVED
    case.unit = unit
    case.node_path = unit.path
    case.save(update_fields=["unit", "node_path"])
    cases_changed(case, previous_path=previous_path)
    if not route_at_step(
        case=case, node=unit, reason=assignment_reason, acting_user=acting_user, note=reason
    ):
        raise CaseError(_("Nobody at that unit or above it can receive the case."))
    audit_record(
        action=AuditAction.MOVED,
        case_id=case.pk,
        actor=acting_user,
        data={"from_unit": previous_unit, "to_unit": unit.pk, "holder": case.holder_id, "step": case.step},
    )
    if case.holder_id != acting_user.pk:
        staff_email_enqueue(user=case.holder, case=case, template="staff_case_assigned")
    return case


@transaction.atomic
def case_flag_serious_deficiency(*, case: Case, acting_user: User, note: str = "") -> Case:
    """Flag a possible serious deficiency (missförhållande): the case page then asks for a Lex Sarah assessment
    and the citizen is shown the path to IVO (domain.md §5)."""
    case_locked(case)
    operation_check(case, Operation.FLAG, acting_user)
    if case.possible_serious_deficiency:
        raise CaseError(_("The case is already flagged."))
    case.possible_serious_deficiency = True
    case.save(update_fields=["possible_serious_deficiency"])
    note_id = None
    if note.strip():
        note_id = Note.objects.create(case=case, author=acting_user, body=note.strip()).pk
    audit_record(action=AuditAction.FLAGGED, case_id=case.pk, actor=acting_user, data={"note": note_id})
    return case


__all__ = [
    "ActionsNotFollowedUp",
    "CaseError",
    "TransitionNotAllowed",
    "action_add",
    "action_follow_up",
    "case_answer_and_close",
    "case_flag_serious_deficiency",
    "case_inform",
    "case_move",
    "case_reassign",
    "case_thank_and_close",
    "case_withdraw",
    "message_add",
    "note_add",
]
