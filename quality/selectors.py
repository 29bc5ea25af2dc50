"""Who may do what in the quality work, and what they see."""

from django.db.models import QuerySet

from accounts.models import User
from organisations.models import TAXONOMY_ROLES, Category, NodeKind, Organisation


def taxonomy_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations whose taxonomies `user` may edit: a quality developer or administrator at the top (the
    taxonomy is the whole organisation's vocabulary)."""
    if not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        nodes__kind=NodeKind.ROOT,
        nodes__role_assignments__user=user,
        nodes__role_assignments__role__in=TAXONOMY_ROLES,
    ).distinct()


def taxonomy(organisation: Organisation) -> dict[str, list[Category]]:
    """The organisation's entries by taxonomy, in their order, retired ones included (marked by the page)."""
    entries: dict[str, list[Category]] = {}
    for category in Category.objects.filter(organisation=organisation).order_by(
        "dimension", "position", "name"
    ):
        entries.setdefault(category.dimension, []).append(category)
    return entries
