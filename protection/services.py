"""Marking a case's sender or person concerned as having protected personal details, and naming the roles that may
see them. Both audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from cases.models import Case
from cases.policy import can_change_case
from organisations.models import Organisation, Role
from protection.models import ProtectedIdentity, ProtectedIdentityAccess
from protection.selectors import may_see_protected, protection_of


@transaction.atomic
def protected_identity_mark(
    *, case: Case, sender: bool, person_concerned: bool, acting_user: User | None
) -> ProtectedIdentity:
    """Set what is protected on `case`. Staff who may change the case may mark; taking a mark away needs a role
    that may see the details too (otherwise one could unhide what one may not see). `acting_user` None: the
    citizen in the intake, which can only add a mark."""
    current = protection_of(case)
    old = (current.sender, current.person_concerned) if current else (False, False)
    if acting_user is not None:
        if not can_change_case(acting_user, case):
            raise PermissionDenied
        lowers = (old[0] and not sender) or (old[1] and not person_concerned)
        if lowers and not may_see_protected(acting_user, case):
            raise PermissionDenied
    elif (old[0] and not sender) or (old[1] and not person_concerned):
        raise PermissionDenied
    mark, _ = ProtectedIdentity.objects.update_or_create(
        case=case,
        defaults={
            "sender": sender,
            "person_concerned": person_concerned,
            "marked_by": acting_user,
            "by_citizen": acting_user is None,
        },
    )
    if old != (sender, person_concerned):
        audit_record(
            action=Action.PROTECTED_IDENTITY_MARKED,
            case_id=case.pk,
            actor=acting_user,
            data={
                "old": {"sender": old[0], "person_concerned": old[1]},
                "new": {"sender": sender, "person_concerned": person_concerned},
            },
        )
    return mark


@transaction.atomic
def protected_identity_access_set(
    *, organisation: Organisation, roles: list[str], acting_user: User | None
) -> ProtectedIdentityAccess:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Not roles: {sorted(unknown)}")
    access, _ = ProtectedIdentityAccess.objects.get_or_create(organisation=organisation)
    old = list(access.roles)
    new = sorted(set(roles))
    if old != new:
        access.roles = new
        access.save(update_fields=["roles"])
        audit_record(
            action=Action.ORGANISATION_CHANGED,
            actor=acting_user,
            data={"organisation": organisation.pk, "protected_identity_roles": {"old": old, "new": new}},
        )
    return access
