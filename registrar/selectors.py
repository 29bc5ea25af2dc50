"""Reads for registration: which organisation a registrar registers for, and its units."""

from datetime import datetime

from accounts.models import User
from cases import receipts
from cases.models import Case
from organisations.models import Organisation, Role, RoleAssignment


def registrar_organisation(user: User) -> Organisation | None:
    """The organisation where the user holds the registrar role (the first, for someone who holds it in several)."""
    assignment = (
        RoleAssignment.objects.filter(user=user, role=Role.REGISTRAR, user__is_active=True)
        .select_related("node__organisation")
        .order_by("pk")
        .first()
    )
    return assignment.node.organisation if assignment else None


def case_with_secret(
    *, organisation: Organisation, case_id: int | None, secret: str, registered_after: datetime
) -> Case | None:
    """The case `case_id` of `organisation`, registered after `registered_after`, if `secret` is its receipt
    secret (compared with the stored hash); None otherwise."""
    if case_id is None or not secret:
        return None
    case = (
        Case.objects.select_related("organisation")
        .filter(pk=case_id, organisation=organisation, registered_at__gt=registered_after)
        .first()
    )
    if case is None or not receipts.secret_matches(secret, case.receipt_secret_hash):
        return None
    return case
