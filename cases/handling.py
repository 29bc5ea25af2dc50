"""Handling a registered case: informing, notes, actions and follow-up, messages, the ladder, closing
(domain.md §4, §5; issue 3).

Every function is keyword-only, typed and atomic; it checks the lifecycle (cases/lifecycle.py), writes its own audit
row and queues e-mail through the outbox, which sends only after commit. E-mails never carry case content: only that
there is news, the reference number and where to look (domain.md §3).

Access is decided by the callers through cases/policy.py; as a second line, a staff `acting_user` who may not change
the case is refused here too.
"""

from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.actions import Action as AuditAction
from audit.services import audit_record
from cases.clocks import acknowledge_by_for, inform_by_for
from cases.lifecycle import (
    ActionsNotFollowedUp,
    CaseError,
    LadderTopReached,
    Operation,
    TransitionNotAllowed,
    require,
)
from cases.models import (
    Action,
    AssignmentReason,
    Attachment,
    Case,
    CaseState,
    Escalation,
    Message,
    MessageKind,
    Note,
)
from cases.policy import CHANGING_ROLES, can_change_case
from cases.services import attachment_add, case_assign
from notifications.services import case_news_email_enqueue, email_enqueue
from organisations.models import NodeKind, OrgNode, RoleAssignment
from organisations.selectors import (
    ladder_holder_ids,
    ladder_roles,
    node_ids_on_path,
    organisation_root,
    role_holder_for,
)

# --- helpers ------------------------------------------------------------------------------------------------


def _locked(case: Case) -> Case:
    """Re-read the case under a row lock, so that two changes of the same case queue instead of interleaving."""
    fresh = (
        Case.objects.select_for_update(of=("self",)).select_related("organisation", "unit").get(pk=case.pk)
    )
    # Keep the caller's object current too: views and tests go on using it after the call.
    for field in Case._meta.concrete_fields:
        setattr(case, field.attname, getattr(fresh, field.attname))
    case.organisation = fresh.organisation
    case.unit = fresh.unit
    return case


def _check(case: Case, operation: Operation, acting_user: User | None) -> None:
    if acting_user is not None and not can_change_case(acting_user, case):
        raise PermissionDenied("acting_user may not change this case")
    require(state=case.state, kind=case.kind, operation=operation)


def _actor_label(acting_user: User | None, by_citizen: bool) -> str | None:
    if acting_user is not None:
        return None
    return "citizen" if by_citizen else "system"


def staff_case_url(case: Case) -> str:
    return f"{settings.SITE_URL}/personal/arende/{case.pk}/"


def citizen_news_enqueue(*, case: Case) -> None:
    """Tell an identified sender with an e-mail address that there is news (with a fresh link to their case page);
    nothing of the news itself. Anonymous senders follow the case with their code."""
    case_news_email_enqueue(case=case)


def staff_email_enqueue(
    *, user: User | None, case: Case, template: str, extra: dict[str, object] | None = None
) -> None:
    """A mail to a member of staff about a case: the reference number and a link, never its content."""
    if user is None or not user.email:
        return
    email_enqueue(
        to=user.email,
        kind=template,
        template=template,
        context={
            "reference_number": case.reference_number,
            "case_url": staff_case_url(case),
            "inform_by": case.inform_by,
            **(extra or {}),
        },
        language=settings.LANGUAGE_CODE,
        case=case,
    )


def _require_text(value: str, message: str | Promise) -> str:
    value = (value or "").strip()
    if not value:
        raise CaseError(message)
    return value


def _case_node(case: Case) -> OrgNode:
    return case.unit if case.unit is not None else organisation_root(case.organisation)


def _acknowledge(case: Case, fields: list[str]) -> bool:
    """The holder has written to the sender at this step: the acknowledgement clock stops (if it runs).

    Adds the changed field to `fields` for the caller's save; True if this stopped the clock."""
    if case.acknowledged_at is not None:
        return False
    case.acknowledged_at = timezone.now()
    fields.append("acknowledged_at")
    return case.acknowledge_by is not None


def _followed_up_missing(case: Case) -> bool:
    return Action.objects.filter(case=case, followed_up_at__isnull=True).exists()


# --- informing, notes, messages -------------------------------------------------------------------------------


@transaction.atomic
def case_inform(*, case: Case, body: str, acting_user: User) -> Message:
    """Tell the complainant what will happen with the case: this stops the current step's clock."""
    _locked(case)
    _check(case, Operation.INFORM, acting_user)
    body = _require_text(body, _("Write what will happen with the case."))
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
    acknowledged = _acknowledge(case, fields)
    case.save(update_fields=fields)
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
    citizen_news_enqueue(case=case)
    return message


@transaction.atomic
def note_add(*, case: Case, body: str, acting_user: User) -> Note:
    """An internal investigation note: never shown to the citizen."""
    _locked(case)
    _check(case, Operation.NOTE, acting_user)
    body = _require_text(body, _("Write the note."))
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
    attachments: Sequence[UploadedFile] = (),
) -> Message:
    """A message between the organisation and the citizen, either way, with already validated attachments.

    A citizen's message is brought to the holder by e-mail; a message from staff tells the citizen there is news.
    """
    _locked(case)
    if not from_citizen and acting_user is None:
        raise ValueError("A message from the organisation needs the acting member of staff.")
    _check(case, Operation.MESSAGE, None if from_citizen else acting_user)
    body = _require_text(body, _("Write the message."))
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
        acknowledged = _acknowledge(case, fields)
        case.save(update_fields=fields)
    audit_record(
        action=AuditAction.MESSAGE_ADDED,
        case_id=case.pk,
        actor=None if from_citizen else acting_user,
        actor_label=_actor_label(None if from_citizen else acting_user, from_citizen),
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
        citizen_news_enqueue(case=case)
    return message


# --- actions and follow-up ------------------------------------------------------------------------------------


@transaction.atomic
def action_add(*, case: Case, description: str, responsible: User, due_on: date, acting_user: User) -> Action:
    """A measure the organisation will take: what, who answers for it, and by when. Each is followed up."""
    _locked(case)
    _check(case, Operation.ACTION_ADD, acting_user)
    description = _require_text(description, _("Write what will be done."))
    if (
        not responsible.is_active
        or not RoleAssignment.objects.filter(user=responsible, node__organisation=case.organisation).exists()
    ):
        raise CaseError(_("The person responsible must work in the organisation."))
    action = Action.objects.create(
        case=case, description=description, responsible=responsible, due_on=due_on, created_by=acting_user
    )
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
    case = _locked(action.case)
    _check(case, Operation.ACTION_FOLLOW_UP, acting_user)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.followed_up_at is not None:
        raise TransitionNotAllowed(_("This action has already been followed up."))
    effect = _require_text(effect, _("Describe the effect of the action."))
    action.was_done = was_done
    action.effect = effect
    action.followed_up_at = timezone.now()
    action.followed_up_by = acting_user
    action.save(update_fields=["was_done", "effect", "followed_up_at", "followed_up_by"])
    audit_record(
        action=AuditAction.ACTION_FOLLOWED_UP,
        case_id=case.pk,
        actor=acting_user,
        data={"action": action.pk, "was_done": was_done},
    )
    return action


# --- closing ------------------------------------------------------------------------------------------------------


def _close(*, case: Case, body: str, kind: str, operation: Operation, acting_user: User) -> Message:
    _locked(case)
    _check(case, operation, acting_user)
    body = _require_text(body, _("Write the answer to the sender."))
    if _followed_up_missing(case):
        raise ActionsNotFollowedUp(_("Every action must be followed up before the case can be closed."))
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
    _acknowledge(case, fields)
    case.save(update_fields=fields)
    audit_record(
        action=AuditAction.CLOSED,
        case_id=case.pk,
        actor=acting_user,
        data={"from": old_state, "to": case.state, "step": case.step, "message": message.pk, "kind": kind},
    )
    citizen_news_enqueue(case=case)
    return message


@transaction.atomic
def case_answer_and_close(*, case: Case, body: str, acting_user: User) -> Message:
    """Give the final answer and close. Refused while any action lacks its follow-up."""
    return _close(
        case=case,
        body=body,
        kind=MessageKind.FINAL_ANSWER,
        operation=Operation.ANSWER_AND_CLOSE,
        acting_user=acting_user,
    )


@transaction.atomic
def case_thank_and_close(*, case: Case, body: str, acting_user: User) -> Message:
    """The lighter path for praise and suggestions: thank the sender (or answer) and close, with no ladder."""
    return _close(
        case=case,
        body=body,
        kind=MessageKind.THANKS,
        operation=Operation.THANK_AND_CLOSE,
        acting_user=acting_user,
    )


@transaction.atomic
def case_withdraw(*, case: Case, by_citizen: bool, acting_user: User | None = None) -> Case:
    """The sender withdraws the case (themselves, or through staff who record it on their behalf)."""
    _locked(case)
    if not by_citizen and acting_user is None:
        raise ValueError("A withdrawal recorded by staff needs the acting member of staff.")
    _check(case, Operation.WITHDRAW, acting_user)
    old_state = case.state
    case.state = CaseState.WITHDRAWN
    case.save(update_fields=["state"])
    audit_record(
        action=AuditAction.WITHDRAWN,
        case_id=case.pk,
        actor=acting_user,
        actor_label=_actor_label(acting_user, by_citizen),
        data={"from": old_state, "to": case.state, "by_citizen": by_citizen},
    )
    if by_citizen:
        staff_email_enqueue(user=case.holder, case=case, template="staff_case_news")
    else:
        citizen_news_enqueue(case=case)
    return case


# --- who holds the case -------------------------------------------------------------------------------------------


@transaction.atomic
def case_reassign(*, case: Case, assignee: User, acting_user: User, note: str = "") -> Case:
    """Give the case to someone else within the unit: they must hold a role on the case's node or above it."""
    _locked(case)
    _check(case, Operation.REASSIGN, acting_user)
    node = _case_node(case)
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


def _route_at_step(*, case: Case, node: OrgNode, reason: str, acting_user: User | None, note: str) -> bool:
    """Give the case to the holder of the current step's role for `node` (nearest up the tree); if nobody holds
    it, to the next step up, as routing does. False if nobody on the ladder can take it."""
    ladder = ladder_roles(case.organisation)
    for position in range(max(case.step - 1, 0), len(ladder)):
        found = role_holder_for(node, ladder[position])
        if found is None:
            continue
        user, holder_node = found
        if case.step != position + 1:
            case.step = position + 1
            case.save(update_fields=["step"])
        case_assign(
            case=case,
            assignee=user,
            node=holder_node,
            role=ladder[position],
            reason=reason,
            acting_user=acting_user,
            note=note,
        )
        return True
    return False


@transaction.atomic
def case_move(*, case: Case, unit: OrgNode, reason: str, acting_user: User) -> Case:
    """Move the case to another unit of the organisation, with a reason; it goes to that unit's holder of the
    current step. A case whose unit was not known is placed this way by the registrar."""
    _locked(case)
    _check(case, Operation.MOVE, acting_user)
    reason = _require_text(reason, _("Give the reason for moving the case."))
    if unit.organisation_id != case.organisation_id or unit.kind != NodeKind.UNIT or not unit.is_active:
        raise CaseError(_("Choose an active unit of the same organisation."))
    if unit.pk == case.unit_id:
        raise CaseError(_("The case is already at this unit."))
    previous_unit = case.unit_id
    assignment_reason = AssignmentReason.PLACED if previous_unit is None else AssignmentReason.MOVED
    case.unit = unit
    case.node_path = unit.path
    case.save(update_fields=["unit", "node_path"])
    if not _route_at_step(
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
    _locked(case)
    _check(case, Operation.FLAG, acting_user)
    if case.possible_serious_deficiency:
        raise CaseError(_("The case is already flagged."))
    case.possible_serious_deficiency = True
    case.save(update_fields=["possible_serious_deficiency"])
    note_id = None
    if note.strip():
        note_id = Note.objects.create(case=case, author=acting_user, body=note.strip()).pk
    audit_record(action=AuditAction.FLAGGED, case_id=case.pk, actor=acting_user, data={"note": note_id})
    return case


# --- the ladder ---------------------------------------------------------------------------------------------------


@transaction.atomic
def case_escalate(
    *, case: Case, reason: str, requested_by_citizen: bool, acting_user: User | None = None
) -> Escalation:
    """Move the complaint to the next step of the ladder: the holder of the next role above the unit takes it,
    with a new clock counted from today. Past the last step this raises LadderTopReached: the citizen is then
    shown the path to IVO (domain.md §4, §6)."""
    _locked(case)
    if not requested_by_citizen and acting_user is None:
        raise ValueError("An escalation by staff needs the acting member of staff.")
    _check(case, Operation.ESCALATE, acting_user)
    # The reason is part of the history of every step (domain.md §4): required here, whoever asks.
    reason = _require_text(reason, _("Give the reason for moving the case to the next step."))
    ladder = ladder_roles(case.organisation)
    node = _case_node(case)
    from_step = case.step
    for position in range(from_step, len(ladder)):
        found = role_holder_for(node, ladder[position])
        if found is not None:
            break
    else:
        raise LadderTopReached(
            _(
                "The case is at the last step of the ladder. The complainant can turn to IVO (Inspektionen för vård och omsorg)."
            )
        )
    user, holder_node = found
    today = timezone.localdate()
    old_state = case.state
    case.step = position + 1
    case.state = CaseState.REGISTERED
    case.informed_at = None
    case.escalated_at = timezone.now()
    case.inform_by = inform_by_for(case.organisation, today)
    # Each step has its own clocks: the new holder confirms receipt and informs anew.
    case.acknowledge_by = acknowledge_by_for(case.organisation, today)
    case.acknowledged_at = None
    case.reminded_before_on = None
    case.reminded_due_on = None
    case.overdue_reported_on = None
    case.reminded_acknowledge_on = None
    case.save(
        update_fields=[
            "step",
            "state",
            "informed_at",
            "escalated_at",
            "inform_by",
            "acknowledge_by",
            "acknowledged_at",
            "reminded_before_on",
            "reminded_due_on",
            "overdue_reported_on",
            "reminded_acknowledge_on",
        ]
    )
    escalation = Escalation.objects.create(
        case=case,
        from_step=from_step,
        to_step=case.step,
        requested_by_citizen=requested_by_citizen,
        requested_by=acting_user,
        reason=reason,
    )
    case_assign(
        case=case,
        assignee=user,
        node=holder_node,
        role=ladder[position],
        reason=AssignmentReason.ESCALATED,
        acting_user=acting_user,
    )
    audit_record(
        action=AuditAction.ESCALATED,
        case_id=case.pk,
        actor=acting_user,
        actor_label=_actor_label(acting_user, requested_by_citizen),
        data={
            "from": old_state,
            "to": case.state,
            "from_step": from_step,
            "to_step": case.step,
            "by_citizen": requested_by_citizen,
            "inform_by": case.inform_by.isoformat(),
            "acknowledge_by": case.acknowledge_by.isoformat() if case.acknowledge_by else None,
        },
    )
    staff_email_enqueue(user=user, case=case, template="staff_case_assigned")
    if not requested_by_citizen:
        citizen_news_enqueue(case=case)
    return escalation


def next_step_available(
    case: Case, *, ladder: list[tuple[str, tuple[int, int] | None]] | None = None
) -> bool:
    """Whether someone above the current step can take the case (for pages deciding what to offer). `ladder`:
    the case's ladder with its holders (organisations.selectors.ladder_holder_ids), when the caller has read it
    already."""
    steps = ladder if ladder is not None else ladder_holder_ids(case.organisation_id, case.node_path)
    return any(holder is not None for _, holder in steps[case.step :])


__all__ = [
    "ActionsNotFollowedUp",
    "CaseError",
    "LadderTopReached",
    "TransitionNotAllowed",
    "action_add",
    "action_follow_up",
    "case_answer_and_close",
    "case_escalate",
    "case_flag_serious_deficiency",
    "case_inform",
    "case_move",
    "case_reassign",
    "case_thank_and_close",
    "case_withdraw",
    "citizen_news_enqueue",
    "message_add",
    "next_step_available",
    "note_add",
    "staff_email_enqueue",
]
