"""Reads of a supervisory authority's data: its departments as a user may see them, and the register."""

from django.db.models import QuerySet
from stdnum.exceptions import ValidationError as NumberInvalid
from stdnum.se import orgnr

from accounts.models import User
from cases.policy import READING_ROLES, is_staff_user, scope_paths_for_roles
from organisations.models import AUTHORITY_STAFF_ROLES, Organisation, OrganisationKind, RoleAssignment
from supervision.models import Department, Provider, SupervisedUnit


def authorities() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.SUPERVISORY_AUTHORITY)


def staff_authority(user: object) -> Organisation | None:
    """The supervisory authority where the user holds a role of its staff (the first, if several)."""
    if not is_staff_user(user):
        return None
    assert isinstance(user, User)
    assignment = (
        RoleAssignment.objects.filter(
            user=user,
            role__in=AUTHORITY_STAFF_ROLES,
            node__organisation__kind=OrganisationKind.SUPERVISORY_AUTHORITY,
        )
        .select_related("node__organisation")
        .order_by("pk")
        .first()
    )
    return assignment.node.organisation if assignment else None


def departments_visible_to(user: User, authority: Organisation) -> list[Department]:
    """The departments whose reports the user may read: those at or below a node where they hold a reading role
    (the access policy's rule, docs/decisions/0022, applied to departments), by name. One query: an authority has a
    handful of departments, filtered here rather than read a second time by their keys."""
    paths = scope_paths_for_roles(user, READING_ROLES)
    departments = Department.objects.filter(authority=authority).select_related("node").order_by("node__name")
    return [d for d in departments if any(d.node.path.startswith(p) for p in paths)]


def provider_by_organisation_number(authority: Organisation, number: str) -> Provider | None:
    """The register's provider with this organisation number (any spelling stdnum accepts), or None."""
    try:
        formatted = orgnr.format(orgnr.validate(number or ""))
    except NumberInvalid:
        return None
    return Provider.objects.filter(authority=authority, organisation_number=formatted, is_active=True).first()


def unit_named(provider: Provider, name: str) -> SupervisedUnit | None:
    return SupervisedUnit.objects.filter(
        provider=provider, name__iexact=(name or "").strip(), is_active=True
    ).first()


def register_units(authority: Organisation) -> QuerySet[SupervisedUnit]:
    """Every unit in the register, with its provider, for the forms' list."""
    return (
        SupervisedUnit.objects.filter(provider__authority=authority, is_active=True, provider__is_active=True)
        .select_related("provider")
        .order_by("provider__name", "name")
    )
