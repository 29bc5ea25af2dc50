"""Reads for registration: which organisation a registrar registers for, and its units."""

from accounts.models import User
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
