"""The one access policy: who may see or change a case (domain.md §8).

Every list, detail, attachment download, export and API view asks these functions; nothing else decides.
Staff see the cases of the parts of the tree where they hold a role (with everything below), and the cases they
hold. Administrators maintain the organisation, not its cases: the role alone gives no access to case content.
"""

from collections.abc import Iterable

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from accounts.models import User
from cases.models import Case
from organisations.models import Role, RoleAssignment
from organisations.selectors import scope_paths

# Roles whose holders may read the cases below their node. The archivist approves retention runs from references
# and dates alone (retention/), and reads no case.
READING_ROLES = [role for role in Role.values if role not in {Role.ADMINISTRATOR, Role.ARCHIVIST}]
# Roles whose holders may change the cases below their node (quality developers and the people responsible for
# Lex Sarah only read: the one to investigate a deficiency a case reveals, not to handle the case).
CHANGING_ROLES = [role for role in READING_ROLES if role not in {Role.QUALITY_DEVELOPER, Role.LEX_SARAH}]


def _paths(user: User, roles: list[str]) -> list[str]:
    return scope_paths_for_roles(user, roles)


def scope_paths_for_roles(user: User, roles: list[str]) -> list[str]:
    return _outermost(
        RoleAssignment.objects.filter(user=user, role__in=roles).values_list("node__path", flat=True)
    )


def is_staff_user(user: object) -> bool:
    """An active user of ours: the only kind the policy gives any case to."""
    return isinstance(user, User) and user.is_active


def reading_paths(user: User, *, held: Iterable[tuple[str, str]] | None = None) -> list[str]:
    """The tree paths under which `user` may read cases (besides the cases they hold). `held`: every role of the
    user with its node's path, when the caller has read them already in this request (the staff frame has)."""
    if held is None:
        return _paths(user, READING_ROLES)
    return _outermost(path for role, path in held if role in READING_ROLES)


def cases_visible_to(user: object, *, paths: list[str] | None = None) -> QuerySet[Case]:
    """The cases `user` may see, as a queryset to filter further. `paths`: reading_paths(user), when the caller
    has read them already in this request."""
    if not is_staff_user(user):
        return Case.objects.none()
    assert isinstance(user, User)
    return Case.objects.filter(_holds_or_under(user.pk, reading_paths(user) if paths is None else paths))


def case_visible_to(user: object, pk: int) -> QuerySet[Case]:
    """The one case `pk`, if `user` may see it, in a single query: cases_visible_to's rule with the user's roles
    matched in SQL (a role on the case's node or on any node above it), for the case page, which needs nothing
    else of the user's part of the tree."""
    if not is_staff_user(user):
        return Case.objects.none()
    assert isinstance(user, User)
    return case_visible_to_user_id(user.pk, pk)


def case_visible_to_user_id(
    user_id: int, pk: int, *, held: Iterable[tuple[str, str]] | None = None
) -> QuerySet[Case]:
    """case_visible_to for an active staff user known by id (the caller has checked that they are one). The case
    carries `may_change`: can_change_case's answer, from the same row, so that a page offers only what will
    succeed.

    The user's roles are read first, in a query of their own (a handful of rows), and the case is then matched
    against their paths: two plain queries cost Django less to build than one that matches the roles in SQL with
    two correlated subqueries, on the page staff open most. `held`: every role of the user with its node's path,
    when the caller has read them already in this request (the staff frame has): then no query is made for them."""
    if held is None:
        held = RoleAssignment.objects.filter(user_id=user_id, role__in=READING_ROLES).values_list(
            "role", "node__path"
        )
    held = [(role, path) for role, path in held if role in READING_ROLES]
    reading = _outermost(path for _role, path in held)
    changing = _outermost(path for role, path in held if role in CHANGING_ROLES)
    return Case.objects.filter(_holds_or_under(user_id, reading), pk=pk).annotate(
        may_change=ExpressionWrapper(_holds_or_under(user_id, changing), output_field=BooleanField())
    )


def _outermost(paths: Iterable[str]) -> list[str]:
    """The paths without those below another of them (a role on a node covers everything below it)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(parent) for parent in kept):
            kept.append(path)
    return kept


def _holds_or_under(user_id: int, paths: list[str]) -> Q:
    """The user holds the case, or the case's node is at or below one of `paths` (paths end with "/")."""
    condition = Q(holder_id=user_id)
    for path in paths:
        condition |= Q(node_path__startswith=path)
    return condition


def can_view_case(user: object, case: Case) -> bool:
    if not is_staff_user(user):
        return False
    assert isinstance(user, User)
    if case.holder_id == user.pk:
        return True
    return any(case.node_path.startswith(path) for path in reading_paths(user))


def can_change_case(user: object, case: Case) -> bool:
    if not is_staff_user(user):
        return False
    assert isinstance(user, User)
    if case.holder_id == user.pk:
        return True
    return any(case.node_path.startswith(path) for path in _paths(user, CHANGING_ROLES))


__all__ = [
    "can_change_case",
    "can_view_case",
    "case_visible_to",
    "case_visible_to_user_id",
    "cases_visible_to",
    "is_staff_user",
    "scope_paths",
]
