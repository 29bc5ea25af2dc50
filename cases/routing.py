"""Routing a new case to the right person (domain.md §4; issue: routing)."""

from accounts.models import User
from cases.models import AssignmentReason, Case
from cases.services import case_assign
from organisations.models import OrgNode, Role
from organisations.selectors import ladder_roles, organisation_root, role_holder_for


def case_route(*, case: Case, acting_user: User | None = None) -> None:
    """Send a newly registered case to its first holder.

    - Unit given: the holder of the ladder's first step for the unit (nearest up the tree); straight to the unit
      manager's step if the sender asked for the manager.
    - Unit not known: the organisation's registrar, who places it.
    - Nobody in a role: the next step up the ladder, so that a case never waits with nobody.
    """
    ladder = ladder_roles(case.organisation)
    if case.unit is None:
        _to_registrar(case, AssignmentReason.UNIT_UNKNOWN, acting_user)
        return
    start = 0
    reason = AssignmentReason.ROUTED_TO_UNIT
    if case.wants_manager and Role.UNIT_MANAGER in ladder:
        start = ladder.index(Role.UNIT_MANAGER)
        reason = AssignmentReason.ASKED_FOR_MANAGER
    for position in range(start, len(ladder)):
        found = role_holder_for(case.unit, ladder[position])
        if found is not None:
            user, node = found
            if case.step != position + 1:
                case.step = position + 1
                case.save(update_fields=["step"])
            case_assign(
                case=case,
                assignee=user,
                node=node,
                role=ladder[position],
                reason=reason if position == start else AssignmentReason.NO_RECEIVER,
                acting_user=acting_user,
            )
            return
    _to_registrar(case, AssignmentReason.NO_RECEIVER, acting_user)


def _to_registrar(case: Case, reason: str, acting_user: User | None) -> None:
    root: OrgNode = organisation_root(case.organisation)
    found = role_holder_for(root, Role.REGISTRAR)
    if found is None:
        # The tree check refuses organisations without a registrar; reaching this is a configuration error.
        raise LookupError(f"Organisation {case.organisation_id} has no registrar to receive case {case.pk}.")
    user, node = found
    case_assign(
        case=case, assignee=user, node=node, role=Role.REGISTRAR, reason=reason, acting_user=acting_user
    )
