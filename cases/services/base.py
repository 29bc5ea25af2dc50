"""What every handling service does first: lock the case, check who may act and what the lifecycle allows."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import Promise

from accounts.models import User
from cases.lifecycle import CaseError, Operation, require
from cases.models import Action, Case
from cases.policy import can_change_case
from organisations.models import OrgNode
from organisations.selectors import organisation_root


def case_locked(case: Case) -> Case:
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


def operation_check(case: Case, operation: Operation, acting_user: User | None) -> None:
    if acting_user is not None and not can_change_case(acting_user, case):
        raise PermissionDenied("acting_user may not change this case")
    require(state=case.state, kind=case.kind, operation=operation)


def actor_label(acting_user: User | None, by_citizen: bool) -> str | None:
    if acting_user is not None:
        return None
    return "citizen" if by_citizen else "system"


def require_text(value: str, message: str | Promise) -> str:
    value = (value or "").strip()
    if not value:
        raise CaseError(message)
    return value


def case_node(case: Case) -> OrgNode:
    return case.unit if case.unit is not None else organisation_root(case.organisation)


def acknowledge(case: Case, fields: list[str]) -> bool:
    """The holder has written to the sender at this step: the acknowledgement clock stops (if it runs).

    Adds the changed field to `fields` for the caller's save; True if this stopped the clock."""
    if case.acknowledged_at is not None:
        return False
    case.acknowledged_at = timezone.now()
    fields.append("acknowledged_at")
    return case.acknowledge_by is not None


def followed_up_missing(case: Case) -> bool:
    return Action.objects.filter(case=case, followed_up_at__isnull=True).exists()
