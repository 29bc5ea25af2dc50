"""Moving all of a person's open cases to others when they leave (or for a long absence), in one audited action
(issue 17, item 4).

A manager whose part of the tree covers the person (handover_refusal) chooses a receiver for
all the cases, or one per case; each receiver must be able to hold the case they get (a role that receives cases
at its node or above it: organisations.absence.holders_on_paths). `handover_plan` says, before anything changes,
which cases go to whom and which cannot be moved and why: the confirmation page shows it, with the count. Then
`cases_hand_over` does it in one transaction: one change of hands per case (its own audit events), one summary
event, and, if asked, the person's roles in the manager's part of the tree ended. A case that cannot be moved is
listed, never skipped in silence; an open case of the person outside the manager's reach is counted, not named
(its reference number is not the manager's to see).
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from accounts.models import User
from audit.actions import Action as AuditAction
from audit.services import audit_record
from cases.lifecycle import Operation, TransitionNotAllowed
from cases.models import OPEN_STATES, AssignmentReason, Case
from cases.policy import CHANGING_ROLES, scope_paths_for_roles
from cases.services.base import operation_check
from cases.services.mail import staff_email_enqueue
from cases.services.registration import case_assign
from organisations.absence import (
    HANDLING_ROLES,
    Person,
    display_name,
    has_handling_role,
    holders_on_paths,
    managed_paths,
    people_managed,
    person_refusal,
    roles_in_part,
)
from organisations.models import Organisation, RoleAssignment
from organisations.services import role_revoke


@dataclass(frozen=True)
class HandoverLine:
    """One case of the move: who gets it (None: nobody chosen), how they may hold it, or why it cannot move."""

    case: Case
    receiver: User | None
    role: RoleAssignment | None
    refusal: str = ""


@dataclass
class HandoverPlan:
    person: User
    organisation: Organisation
    lines: list[HandoverLine]
    # Open cases of the person that the manager may not change: counted, never named.
    outside: int = 0
    # The person's roles in the manager's part of the tree: what end_roles would end.
    roles: list[RoleAssignment] = field(default_factory=list)

    @property
    def moving(self) -> list[HandoverLine]:
        return [line for line in self.lines if not line.refusal]

    @property
    def refused(self) -> list[HandoverLine]:
        return [line for line in self.lines if line.refusal]


def _open_cases_of(person: User, organisation: Organisation) -> QuerySet[Case]:
    return Case.objects.filter(organisation=organisation, holder=person, state__in=OPEN_STATES)


def _reachable(manager: User) -> Q:
    """The cases the manager may change through their roles (cases/policy.py's list rule, changing roles)."""
    condition = Q(pk__in=[])
    for path in scope_paths_for_roles(manager, CHANGING_ROLES):
        condition |= Q(node_path__startswith=path)
    return condition


def handover_refusal(*, manager: User, person: User, organisation: Organisation) -> str | None:
    """Why `manager` may not move `person`'s cases in `organisation`, or None.

    While the person receives cases somewhere in the organisation, the rule of absences applies: the manager
    must cover every place where they do (organisations.absence.person_refusal). Someone who has left (no role
    that receives cases there any more) may still hold cases: any manager may move those in their own reach."""
    if has_handling_role(person, organisation):
        return person_refusal(manager=manager, person=person, organisation=organisation)
    if not managed_paths(manager, organisation=organisation):
        return gettext("Only a unit manager, deputy head or head of operations can do this.")
    return None


def handover_people(manager: User) -> list[Person]:
    """Whose cases the manager may choose to move: the people who receive cases in their part of the tree,
    whether their account is on or off, and anyone who no longer receives cases in the organisation but still
    holds open cases in the manager's reach."""
    people = people_managed(manager, active_only=False)
    if not people and not managed_paths(manager):
        return []
    known = {(person.user.pk, person.organisation.pk) for person in people}
    holders = set(
        Case.objects.filter(_reachable(manager), state__in=OPEN_STATES, holder__isnull=False)
        .order_by()
        .values_list("holder_id", "organisation_id")
        .distinct()
    )
    left = holders - known
    if left:
        still_working = set(
            RoleAssignment.objects.filter(
                user_id__in={user_id for user_id, _ in left},
                node__organisation_id__in={organisation_id for _, organisation_id in left},
                role__in=HANDLING_ROLES,
            ).values_list("user_id", "node__organisation_id")
        )
        users = User.objects.in_bulk({user_id for user_id, _ in left - still_working})
        organisations = Organisation.objects.in_bulk({organisation_id for _, organisation_id in left})
        people += [
            Person(
                user=users[user_id],
                organisation=organisations[organisation_id],
                places=gettext("no role any more"),
            )
            for user_id, organisation_id in sorted(left - still_working)
        ]
    return sorted(people, key=lambda p: (display_name(p.user).casefold(), p.user.pk, p.organisation.pk))


def handover_cases(*, manager: User, person: User, organisation: Organisation) -> tuple[list[Case], int]:
    """The person's open cases in `organisation` that `manager` may move, the earliest deadline first, and how
    many more they hold there out of the manager's reach."""
    held = _open_cases_of(person, organisation)
    reachable = list(
        held.filter(_reachable(manager)).select_related("unit").order_by("inform_by", "received_at", "pk")
    )
    return reachable, held.count() - len(reachable)


def handover_plan(
    *,
    manager: User,
    person: User,
    organisation: Organisation,
    default_receiver: User | None,
    receivers: Mapping[int, User] | None = None,
    cases: list[Case] | None = None,
    outside: int = 0,
) -> HandoverPlan:
    """Who gets each of the person's open cases, and which cannot be moved and why, without changing anything.
    `receivers`: a receiver chosen for a case, by the case's id, instead of the default. `cases`: the cases,
    when the caller has read (or locked) them already."""
    if cases is None:
        cases, outside = handover_cases(manager=manager, person=person, organisation=organisation)
    receivers = receivers or {}
    holders = holders_on_paths(organisation=organisation, paths=[case.node_path for case in cases])
    lines = []
    for case in cases:
        receiver = receivers.get(case.pk, default_receiver)
        role = None
        refusal = ""
        if receiver is None:
            refusal = gettext("No receiver chosen.")
        elif receiver.pk == person.pk:
            refusal = gettext("%(name)s is the person whose cases are being moved.") % {
                "name": display_name(receiver)
            }
        else:
            role = next((a for a in holders.get(case.node_path, []) if a.user_id == receiver.pk), None)
            if role is None:
                refusal = gettext(
                    "%(name)s cannot hold this case: they have no role that receives cases at %(place)s or "
                    "above it."
                ) % {
                    "name": display_name(receiver),
                    "place": case.unit.name if case.unit else organisation.name,
                }
        lines.append(HandoverLine(case=case, receiver=receiver, role=role, refusal=refusal))
    return HandoverPlan(
        person=person,
        organisation=organisation,
        lines=lines,
        outside=outside,
        roles=roles_in_part(manager=manager, person=person, organisation=organisation),
    )


@transaction.atomic
def cases_hand_over(
    *,
    person: User,
    organisation: Organisation,
    case_ids: Collection[int],
    default_receiver: User | None,
    receivers: Mapping[int, User] | None = None,
    end_roles: bool = False,
    acting_user: User,
) -> HandoverPlan:
    """Move the person's open cases `case_ids` (those the manager confirmed) to their receivers, in one
    transaction; optionally end the person's roles in the manager's part of the tree. Returns the plan as carried
    out: `moving` were moved, `refused` stay with the person, each with the reason.

    Each moved case gets its change of hands (case_assign, reason HANDED_OVER) and an audit event of its own; the
    whole move gets one summary event. A confirmed case that is no longer the person's open case is listed as
    refused. Refused (PermissionDenied) for a manager who does not cover the person.
    """
    if handover_refusal(manager=acting_user, person=person, organisation=organisation):
        raise PermissionDenied("acting_user does not manage this person")
    # Locked, so that nothing else changes these cases (a reassignment, a close) while they move.
    locked = list(
        Case.objects.select_for_update(of=("self",))
        .filter(pk__in=list(case_ids), organisation=organisation)
        .filter(_reachable(acting_user))
        .select_related("unit", "organisation")
        .order_by("inform_by", "received_at", "pk")
    )
    still_held = [case for case in locked if case.holder_id == person.pk and case.state in OPEN_STATES]
    _cases, outside = handover_cases(manager=acting_user, person=person, organisation=organisation)
    plan = handover_plan(
        manager=acting_user,
        person=person,
        organisation=organisation,
        default_receiver=default_receiver,
        receivers=receivers,
        cases=still_held,
        outside=outside,
    )
    gone = gettext("No longer an open case of %(name)s.") % {"name": display_name(person)}
    plan.lines.extend(
        HandoverLine(case=case, receiver=None, role=None, refusal=gone)
        for case in locked
        if case not in still_held
    )
    moved: list[HandoverLine] = []
    for index, line in enumerate(plan.lines):
        if line.refusal:
            continue
        assert line.receiver is not None and line.role is not None
        try:
            operation_check(line.case, Operation.REASSIGN, acting_user)
        except (PermissionDenied, TransitionNotAllowed):
            plan.lines[index] = HandoverLine(
                case=line.case,
                receiver=line.receiver,
                role=None,
                refusal=gettext("You may not move this case."),
            )
            continue
        case_assign(
            case=line.case,
            assignee=line.receiver,
            node=line.role.node,
            role=line.role.role,
            reason=AssignmentReason.HANDED_OVER,
            acting_user=acting_user,
        )
        audit_record(
            action=AuditAction.CASE_HANDED_OVER,
            case_id=line.case.pk,
            actor=acting_user,
            data={"from": person.pk, "to": line.receiver.pk, "step": line.case.step},
        )
        if line.receiver.pk != acting_user.pk:
            staff_email_enqueue(user=line.receiver, case=line.case, template="staff_case_assigned")
        moved.append(line)
    ended = plan.roles if end_roles else []
    for assignment in ended:
        role_revoke(assignment=assignment, acting_user=acting_user)
    audit_record(
        action=AuditAction.CASES_HANDED_OVER,
        actor=acting_user,
        data={
            "organisation": organisation.pk,
            "person": person.pk,
            "moved": [line.case.pk for line in moved],
            "refused": [line.case.pk for line in plan.refused],
            "receivers": sorted({line.receiver.pk for line in moved if line.receiver is not None}),
            "outside": outside,
            "roles_ended": [assignment.pk for assignment in ended],
        },
    )
    return plan


__all__ = [
    "HandoverLine",
    "HandoverPlan",
    "cases_hand_over",
    "handover_cases",
    "handover_people",
    "handover_plan",
    "handover_refusal",
]
