"""The ladder: moving a complaint to the next step, and giving a case to the holder of a step's role
(domain.md §4, §6)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.actions import Action as AuditAction
from audit.services import audit_record
from cases.clocks import acknowledge_by_for, inform_by_for
from cases.lifecycle import (
    LadderTopReached,
    Operation,
)
from cases.models import (
    AssignmentReason,
    Case,
    CaseState,
    Escalation,
)
from cases.services.base import (
    actor_label,
    case_locked,
    case_node,
    operation_check,
    require_text,
)
from cases.services.mail import case_news_email_enqueue, staff_email_enqueue
from cases.services.registration import case_assign
from organisations.absence import Deputising, deputy_for
from organisations.models import OrgNode
from organisations.selectors import (
    ladder_holder_ids,
    ladder_roles,
    role_holder_for,
)
from quality.summary import cases_changed


def receiver_at(case: Case, holder: User) -> tuple[User, Deputising | None]:
    """Who takes the case the ladder gives to `holder`: they, or their deputy if they are away at this moment
    (organisations/absence.py), with what the history must say about it."""
    deputising = deputy_for(
        holder_id=holder.pk, organisation_id=case.organisation_id, node_path=case.node_path
    )
    if deputising is None or not deputising.by_deputy:
        return holder, deputising
    return User.objects.get(pk=deputising.receiver_id), deputising


def route_at_step(*, case: Case, node: OrgNode, reason: str, acting_user: User | None, note: str) -> bool:
    """Give the case to the holder of the current step's role for `node` (nearest up the tree); if nobody holds
    it, to the next step up, as routing does; to the holder's deputy while they are away. False if nobody on the
    ladder can take it."""
    ladder = ladder_roles(case.organisation)
    for position in range(max(case.step - 1, 0), len(ladder)):
        found = role_holder_for(node, ladder[position])
        if found is None:
            continue
        user, holder_node = found
        if case.step != position + 1:
            case.step = position + 1
            case.save(update_fields=["step"])
            cases_changed(case)
        receiver, deputising = receiver_at(case, user)
        case_assign(
            case=case,
            assignee=receiver,
            node=holder_node,
            role=ladder[position],
            reason=reason,
            acting_user=acting_user,
            note=note,
            deputising=deputising,
        )
        return True
    return False


@transaction.atomic
def case_escalate(
    *, case: Case, reason: str, requested_by_citizen: bool, acting_user: User | None = None
) -> Escalation:
    """Move the complaint to the next step of the ladder: the holder of the next role above the unit takes it,
    with a new clock counted from today. Past the last step this raises LadderTopReached: the citizen is then
    shown the path to IVO (domain.md §4, §6)."""
    case_locked(case)
    if not requested_by_citizen and acting_user is None:
        raise ValueError("An escalation by staff needs the acting member of staff.")
    operation_check(case, Operation.ESCALATE, acting_user)
    # The reason is part of the history of every step (domain.md §4): required here, whoever asks.
    reason = require_text(reason, _("Give the reason for moving the case to the next step."))
    ladder = ladder_roles(case.organisation)
    node = case_node(case)
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
    # The step left keeps its clock on the escalation (the statistics count the 14-day rule per step).
    from_inform_by, from_informed_at = case.inform_by, case.informed_at
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
        from_inform_by=from_inform_by,
        from_informed_at=from_informed_at,
    )
    cases_changed(case)
    receiver, deputising = receiver_at(case, user)
    case_assign(
        case=case,
        assignee=receiver,
        node=holder_node,
        role=ladder[position],
        reason=AssignmentReason.ESCALATED,
        acting_user=acting_user,
        deputising=deputising,
    )
    audit_record(
        action=AuditAction.ESCALATED,
        case_id=case.pk,
        actor=acting_user,
        actor_label=actor_label(acting_user, requested_by_citizen),
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
    staff_email_enqueue(user=receiver, case=case, template="staff_case_assigned")
    if not requested_by_citizen:
        case_news_email_enqueue(case=case)
    return escalation


def next_step_available(
    case: Case, *, ladder: list[tuple[str, tuple[int, int] | None]] | None = None
) -> bool:
    """Whether someone above the current step can take the case (for pages deciding what to offer). `ladder`:
    the case's ladder with its holders (organisations.selectors.ladder_holder_ids), when the caller has read it
    already."""
    steps = ladder if ladder is not None else ladder_holder_ids(case.organisation_id, case.node_path)
    return any(holder is not None for _, holder in steps[case.step :])
