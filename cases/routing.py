"""Routing a new case to the right person (domain.md §4; issue: routing)."""

from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone

from cases.models import AssignmentReason
from organisations.absence import Away, Deputising, deputy_for, ladder_and_absences
from organisations.models import Organisation, OrgNode, Role
from organisations.selectors import organisation_root, role_holder_for


@dataclass(frozen=True)
class Route:
    """Who receives a new case (ids only: nothing more is needed to write it), from which node and role, at
    which step of the ladder, and why."""

    assignee_id: int
    node_id: int
    role: str
    step: int
    reason: str
    # When the holder the rules chose is away (organisations/absence.py): who takes the case instead, and why.
    deputising: Deputising | None = None

    @property
    def deputy_for_id(self) -> int | None:
        """The absent holder whose deputy receives the case, or None."""
        return self.deputising.absent_id if self.deputising and self.deputising.by_deputy else None

    def audit_data(self) -> dict[str, Any]:
        return self.deputising.audit_data() if self.deputising else {}


def with_deputy(
    route: Route, *, organisation_id: int, node_path: str, in_force: dict[int, Away] | None = None
) -> Route:
    """The route, with the deputy as assignee if the holder it names is away now (at the same node, role and
    step: the deputy stands in for them). `in_force`: the absences in force now, when the caller has read them
    (organisations.absence.ladder_and_absences)."""
    deputising = deputy_for(
        holder_id=route.assignee_id, organisation_id=organisation_id, node_path=node_path, in_force=in_force
    )
    if deputising is None:
        return route
    return replace(route, assignee_id=deputising.receiver_id, deputising=deputising)


def route_for(*, organisation: Organisation, unit: OrgNode | None, wants_manager: bool) -> Route:
    """The first holder of a new case, decided before the case is written (cases.services.case_register).

    - Unit given: the holder of the ladder's first step for the unit (nearest up the tree); straight to the unit
      manager's step if the sender asked for the manager.
    - Unit not known: the organisation's registrar, who places it.
    - Nobody in a role: the next step up the ladder, so that a case never waits with nobody.
    - The person chosen is away: their deputy (organisations/absence.py), at the same step.
    """
    if unit is None:
        root = organisation_root(organisation)
        route = _registrar_route(organisation, AssignmentReason.UNIT_UNKNOWN, root=root)
        return with_deputy(route, organisation_id=organisation.pk, node_path=root.path)
    # The ladder, each step's nearest holder and who is away, in one query.
    steps, away = ladder_and_absences(organisation.pk, unit.path, at=timezone.now())
    return with_deputy(
        _route_at_unit(organisation=organisation, steps=steps, wants_manager=wants_manager),
        organisation_id=organisation.pk,
        node_path=unit.path,
        in_force=away,
    )


def _route_at_unit(
    *, organisation: Organisation, steps: list[tuple[str, tuple[int, int] | None]], wants_manager: bool
) -> Route:
    ladder = [role for role, _ in steps]
    start = 0
    reason = AssignmentReason.ROUTED_TO_UNIT
    if wants_manager and Role.UNIT_MANAGER in ladder:
        start = ladder.index(Role.UNIT_MANAGER)
        reason = AssignmentReason.ASKED_FOR_MANAGER
    for position in range(start, len(steps)):
        role, found = steps[position]
        if found is not None:
            user_id, node_id = found
            return Route(
                assignee_id=user_id,
                node_id=node_id,
                role=role,
                step=position + 1,
                reason=reason if position == start else AssignmentReason.NO_RECEIVER,
            )
    return _registrar_route(organisation, AssignmentReason.NO_RECEIVER)


def _registrar_route(organisation: Organisation, reason: str, *, root: OrgNode | None = None) -> Route:
    root = root or organisation_root(organisation)
    found = role_holder_for(root, Role.REGISTRAR)
    if found is None:
        # The tree check refuses organisations without a registrar; reaching this is a configuration error.
        raise LookupError(f"Organisation {organisation.pk} has no registrar to receive a new case.")
    user, node = found
    return Route(assignee_id=user.pk, node_id=node.pk, role=Role.REGISTRAR, step=1, reason=reason)
