"""Reads of the organisation tree: who holds which role for a unit, and who can receive cases."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import BigIntegerField, QuerySet, Value

from accounts.models import User
from organisations.models import (
    LadderStep,
    NodeKind,
    Organisation,
    OrganisationKind,
    OrgNode,
    Role,
    RoleAssignment,
)

# The organisation a citizen chose to write to, in their session (intake.views.choose).
CHOSEN_ORGANISATION_KEY = "intake_organisation"


def citizen_organisations() -> QuerySet[Organisation]:
    """The organisations a citizen writes a complaint to: municipalities and providers. A supervisory authority on
    the same installation takes reports through its own form (supervision/), never through the complaint intake."""
    return Organisation.objects.exclude(kind=OrganisationKind.SUPERVISORY_AUTHORITY)


def organisation_for_citizen(session: Mapping[str, Any] | None) -> Organisation | None:
    """The organisation a citizen deals with: the one chosen in their session, else the only one there is.

    None while the installation serves several (a national deployment) and the citizen has not chosen, or
    while it serves none. One query.
    """
    chosen, first_two = _chosen_or_first_two(session)
    return chosen or (first_two[0] if len(first_two) == 1 else None)


def organisation_for_citizen_or_first(session: Mapping[str, Any] | None) -> Organisation | None:
    """As organisation_for_citizen, but where the citizen has not chosen among several, the first one set up
    (for a page that must name one: the paper form's address, the appeal letter's authority, chosen or not)."""
    chosen, first_two = _chosen_or_first_two(session)
    return chosen or (first_two[0] if first_two else None)


def _chosen_or_first_two(session: Mapping[str, Any] | None) -> tuple[Organisation | None, list[Organisation]]:
    """The organisation chosen in the session, if it still exists; else none and the first two set up."""
    chosen = session.get(CHOSEN_ORGANISATION_KEY) if session is not None else None
    if isinstance(chosen, int):
        organisation = citizen_organisations().filter(pk=chosen).first()
        if organisation is not None:
            return organisation, []
    return None, list(citizen_organisations().order_by("pk")[:2])


def node_ids_on_path(node: OrgNode) -> list[int]:
    """The node and its ancestors, nearest first."""
    return path_node_ids(node.path)


def path_node_ids(path: str) -> list[int]:
    """The ids in a materialised path ("/12/40/311/"), nearest (last) first."""
    return [int(part) for part in reversed(path.strip("/").split("/")) if part]


def role_holder_for(node: OrgNode, role: str) -> tuple[User, OrgNode] | None:
    """The person holding `role` nearest to `node`: on the node itself, else on the closest ancestor.

    With several holders on the same node, the one who has held it longest (lowest id) is chosen, so that
    routing is deterministic.
    """
    return role_holders_for(node, [role]).get(role)


def role_holders_for(node: OrgNode, roles: list[str]) -> dict[str, tuple[User, OrgNode]]:
    """`role_holder_for` for several roles at once, in one query: {role: (person, node)} for the roles held, each
    the nearest holder up the tree, the longest-serving (lowest id) among holders on the same node."""
    path_ids = node_ids_on_path(node)
    assignments = (
        RoleAssignment.objects.filter(node_id__in=path_ids, role__in=roles, user__is_active=True)
        .select_related("user", "node")
        .order_by("pk")
    )
    nearest = _nearest_by_role(path_ids, ((a.role, a.node_id, a) for a in assignments))
    return {role: (assignment.user, assignment.node) for role, assignment in nearest.items()}


def ladder_holder_ids(organisation_id: int, path: str) -> list[tuple[str, tuple[int, int] | None]]:
    """The organisation's ladder, step 1 first, each role with its nearest holder at the node of `path` or
    above, as (user id, node id), or None: what ladder_roles and role_holders_for read, in one query (the
    ladder's steps and the assignments of its roles on the path, as one UNION ALL). Routing runs it for every new
    case and the case page on every view. `organisations/tests/test_selectors.py` checks it against ladder_roles
    and role_holders_for."""
    node_ids = path_node_ids(path)
    if not node_ids:
        return [(role, None) for role in ladder_roles_by_id(organisation_id)]
    steps = LadderStep.objects.filter(organisation_id=organisation_id)
    # A step's row has no node and no user: (role, None, None, position).
    step_rows = steps.order_by().values_list(
        "role",
        Value(None, output_field=BigIntegerField()),
        Value(None, output_field=BigIntegerField()),
        "position",
    )
    held_rows = (
        RoleAssignment.objects.filter(
            node_id__in=node_ids, user__is_active=True, role__in=steps.order_by().values("role")
        )
        .order_by()
        .values_list("role", "node_id", "user_id", "pk")
    )
    roles: list[tuple[int, str]] = []
    held: list[tuple[int, str, int, int]] = []
    for role, node_id, user_id, order in step_rows.union(held_rows, all=True).order_by():
        if user_id is None:
            roles.append((order, role))
        else:
            held.append((order, role, node_id, user_id))
    held.sort()  # by the assignment's id: the longest-serving first, as role_holders_for
    nearest = _nearest_by_role(
        node_ids, ((role, node_id, (user_id, node_id)) for _, role, node_id, user_id in held)
    )
    return [(role, nearest.get(role)) for _, role in sorted(roles)]


def ladder_roles_by_id(organisation_id: int) -> list[str]:
    """ladder_roles, by the organisation's id."""
    return list(
        LadderStep.objects.filter(organisation_id=organisation_id)
        .order_by("position")
        .values_list("role", flat=True)
    )


def _nearest_by_role[T](path_ids: list[int], rows: Iterable[tuple[str, int, T]]) -> dict[str, T]:
    """From (role, node id, item) rows in the order of the assignments' ids, each role's item on the node
    nearest up the tree (`path_ids`: a node and its ancestors, nearest first); the first (longest-serving) one
    among several on the same node."""
    rank_of = {node_id: position for position, node_id in enumerate(path_ids)}
    found: dict[str, tuple[int, T]] = {}
    for role, node_id, item in rows:
        rank = rank_of[node_id]
        if role not in found or rank < found[role][0]:
            found[role] = (rank, item)
    return {role: item for role, (_, item) in found.items()}


def ladder_roles(organisation: Organisation) -> list[str]:
    """The organisation's ladder, step 1 first."""
    return ladder_roles_by_id(organisation.pk)


def organisation_root(organisation: Organisation) -> OrgNode:
    return OrgNode.objects.get(organisation=organisation, parent__isnull=True)


def units_of(organisation: Organisation) -> Iterable[OrgNode]:
    return OrgNode.objects.filter(organisation=organisation, kind=NodeKind.UNIT, is_active=True).order_by(
        "path"
    )


def tree_problems(organisation: Organisation) -> list[str]:
    """Reasons the tree cannot work: a unit with nobody to receive its cases, or no registrar for unplaced cases."""
    problems = []
    first_roles = ladder_roles(organisation)[:1] or [Role.CONTACT_STAFF]
    for unit in units_of(organisation):
        if all(role_holder_for(unit, role) is None for role in [*first_roles, Role.UNIT_MANAGER]):
            problems.append(f"unit:{unit.pk}")
    if role_holder_for(organisation_root(organisation), Role.REGISTRAR) is None:
        problems.append("registrar")
    return problems


def scope_paths(user: User) -> list[str]:
    """The tree paths whose cases the user may see: every node where they hold a role, with its subtree."""
    paths = sorted(set(RoleAssignment.objects.filter(user=user).values_list("node__path", flat=True)))
    # Drop paths already covered by a shorter one, so that queries stay small.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(parent) for parent in kept):
            kept.append(path)
    return kept
