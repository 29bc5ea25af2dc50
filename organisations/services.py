"""Changes to the organisation: its tree, the roles people hold on it, its escalation ladder and its taxonomies.

Who may see which cases follows from these rows (a role reaches every node below it), so every change is made
here, inside a transaction that also appends its audit event to the hash chain: the admin, the demo and the
seeding all call these functions. Paths are kept by them, never by Model.save().

`acting_user` is the person making the change (None: the system, e.g. the demo or a management command). Nobody
grants a role to themselves: another administrator must do it.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext

from accounts.models import User
from audit.actions import Action
from audit.services import audit_record
from organisations.categories import DEFAULTS as DEFAULT_CATEGORIES
from organisations.models import (
    DEFAULT_LADDER,
    Category,
    CategoryDimension,
    LadderStep,
    NodeKind,
    Organisation,
    OrgNode,
    Role,
    RoleAssignment,
)
from quality.models import CaseMonthly


@transaction.atomic
def organisation_create(
    *,
    name: str,
    slug: str,
    reference_prefix: str,
    root_name: str,
    acting_user: User | None = None,
    **settings: Any,
) -> Organisation:
    """Create an organisation with its root node, the default four-step ladder (domain.md §4) and the default
    taxonomies of the quality work (organisations.categories)."""
    organisation = Organisation.objects.create(
        name=name, slug=slug, reference_prefix=reference_prefix, **settings
    )
    root = node_create(
        organisation=organisation, parent=None, kind=NodeKind.ROOT, name=root_name, acting_user=acting_user
    )
    LadderStep.objects.bulk_create(
        LadderStep(organisation=organisation, position=index, role=role)
        for index, role in enumerate(DEFAULT_LADDER, start=1)
    )
    Category.objects.bulk_create(
        Category(
            organisation=organisation,
            dimension=dimension,
            code=code,
            name=name,
            name_en=name_en,
            position=index,
        )
        for dimension, entries in DEFAULT_CATEGORIES.items()
        for index, (code, name, name_en) in enumerate(entries, start=1)
    )
    audit_record(
        action=Action.ORGANISATION_CREATED,
        actor=acting_user,
        data={
            "organisation": organisation.pk,
            "slug": organisation.slug,
            "root": root.pk,
            "ladder": [str(role) for role in DEFAULT_LADDER],
            "categories": "default",
        },
    )
    return organisation


@transaction.atomic
def organisation_change(
    *, organisation: Organisation, changes: dict[str, Any], acting_user: User | None
) -> Organisation:
    """Change an organisation's own settings (name, periods, contact details); the audit event names the
    fields changed."""
    # Compared with what is stored: the caller's instance may already carry the new values (an admin form).
    current = Organisation.objects.get(pk=organisation.pk)
    fields = sorted(name for name, value in changes.items() if getattr(current, name) != value)
    if not fields:
        return organisation
    for name in fields:
        setattr(organisation, name, changes[name])
    organisation.full_clean()
    organisation.save(update_fields=fields)
    audit_record(
        action=Action.ORGANISATION_CHANGED,
        actor=acting_user,
        data={"organisation": organisation.pk, "fields": fields},
    )
    return organisation


# --- The tree -------------------------------------------------------------------------------------------------


def _node_data(node: OrgNode, **extra: Any) -> dict[str, Any]:
    # Names of parts of the organisation are public (the API publishes the tree), never personal data.
    return {"organisation": node.organisation_id, "node": node.pk, **extra}


@transaction.atomic
def node_create(
    *,
    organisation: Organisation,
    parent: OrgNode | None,
    kind: str,
    name: str,
    is_active: bool = True,
    acting_user: User | None = None,
) -> OrgNode:
    """Add a node to the tree and give it its materialised path."""
    node = OrgNode(organisation=organisation, parent=parent, kind=kind, name=name, is_active=is_active)
    node.full_clean(exclude=["path"])
    node.save()
    node.path = f"{parent.path if parent else '/'}{node.pk}/"
    node.save(update_fields=["path"])
    audit_record(
        action=Action.NODE_CREATED,
        actor=acting_user,
        data=_node_data(
            node, parent=parent.pk if parent else None, kind=str(kind), name=name, active=is_active
        ),
    )
    return node


@transaction.atomic
def node_rename(*, node: OrgNode, name: str, acting_user: User | None) -> OrgNode:
    """Give a part of the tree a new name."""
    old_name = node.name
    if name == old_name:
        return node
    node.name = name
    node.full_clean(exclude=["path"])
    node.save(update_fields=["name"])
    audit_record(action=Action.NODE_RENAMED, actor=acting_user, data=_node_data(node, old=old_name, new=name))
    return node


@transaction.atomic
def node_move(*, node: OrgNode, parent: OrgNode, acting_user: User | None) -> OrgNode:
    """Place a part of the tree (with everything below it) under another parent of the same organisation, and
    recompute the paths of its subtree: whoever holds a role above the new place now sees its cases."""
    if node.parent_id == parent.pk:
        return node
    if node.parent_id is None:
        raise ValidationError(gettext("The top of the tree has no parent."), code="root")
    if parent.organisation_id != node.organisation_id:
        raise ValidationError(
            gettext("The parent must belong to the same organisation."), code="organisation"
        )
    if parent.path.startswith(node.path):
        raise ValidationError(gettext("A part of the tree cannot be placed under itself."), code="cycle")
    old_parent_id = node.parent_id
    old_path = node.path
    node.parent = parent
    node.path = f"{parent.path}{node.pk}/"
    node.save(update_fields=["parent", "path"])
    below = list(OrgNode.objects.filter(path__startswith=old_path).exclude(pk=node.pk))
    for child in below:
        child.path = node.path + child.path[len(old_path) :]
    OrgNode.objects.bulk_update(below, ["path"])
    # The cases of the subtree carry its path (Case.node_path, which decides who sees them): they move with it, in
    # the same transaction, so that nobody at the old place sees them a moment longer (decision 0022). Reached by
    # the organisation's reverse relation, so that the organisations app imports nothing of cases.
    node.organisation.cases.filter(node_path__startswith=old_path).update(
        node_path=Concat(Value(node.path), Substr("node_path", len(old_path) + 1), output_field=CharField())
    )
    # And the statistics' summary of those cases (quality.summary), in the same transaction.
    CaseMonthly.objects.filter(organisation=node.organisation, node_path__startswith=old_path).update(
        node_path=Concat(Value(node.path), Substr("node_path", len(old_path) + 1), output_field=CharField())
    )
    audit_record(
        action=Action.NODE_MOVED,
        actor=acting_user,
        data=_node_data(node, old_parent=old_parent_id, new_parent=parent.pk, below=len(below)),
    )
    return node


@transaction.atomic
def node_kind_change(*, node: OrgNode, kind: str, acting_user: User | None) -> OrgNode:
    """Make an area a unit or the reverse (the top of the tree stays the top)."""
    old_kind = node.kind
    if kind == old_kind:
        return node
    if NodeKind.ROOT in (kind, old_kind):
        raise ValidationError(
            gettext(
                "The top of the tree stays the top: it cannot become an area or a unit, nor the reverse."
            ),
            code="root",
        )
    node.kind = kind
    node.save(update_fields=["kind"])
    audit_record(
        action=Action.NODE_KIND_CHANGED,
        actor=acting_user,
        data=_node_data(node, old=str(old_kind), new=str(kind)),
    )
    return node


@transaction.atomic
def node_deactivate(*, node: OrgNode, acting_user: User | None) -> OrgNode:
    """Take a part of the tree out of use: citizens can no longer choose it; its cases and roles stay."""
    if not node.is_active:
        return node
    node.is_active = False
    node.save(update_fields=["is_active"])
    audit_record(action=Action.NODE_DEACTIVATED, actor=acting_user, data=_node_data(node))
    return node


@transaction.atomic
def node_reactivate(*, node: OrgNode, acting_user: User | None) -> OrgNode:
    """Put a part of the tree back in use."""
    if node.is_active:
        return node
    node.is_active = True
    node.save(update_fields=["is_active"])
    audit_record(action=Action.NODE_REACTIVATED, actor=acting_user, data=_node_data(node))
    return node


# --- Roles ----------------------------------------------------------------------------------------------------


def role_grant_refusal(*, user: User, acting_user: User | None) -> str | None:
    """Why `acting_user` may not give `user` a role, or None. Nobody grants a role to themselves: the
    administrator who could would need nobody's consent to read any case."""
    if acting_user is not None and acting_user.pk == user.pk:
        return gettext(
            "You cannot give yourself a role or change your own roles: another administrator must do it."
        )
    return None


def _role_data(assignment: RoleAssignment) -> dict[str, Any]:
    return {
        "user": assignment.user_id,
        "node": assignment.node_id,
        "organisation": assignment.node.organisation_id,
        "role": str(assignment.role),
    }


@transaction.atomic
def role_grant(*, user: User, node: OrgNode, role: str, acting_user: User | None) -> RoleAssignment:
    """Give `user` the role `role` on `node` (and so on everything below it)."""
    refusal = role_grant_refusal(user=user, acting_user=acting_user)
    if refusal:
        raise ValidationError(refusal, code="own_role")
    if role not in Role.values:
        raise ValidationError(gettext("Choose a role."), code="role")
    assignment = RoleAssignment.objects.create(user=user, node=node, role=role)
    audit_record(action=Action.ROLE_GRANTED, actor=acting_user, data=_role_data(assignment))
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, acting_user: User | None) -> None:
    """Take a role away. Anyone may give up their own."""
    data = _role_data(assignment)
    RoleAssignment.objects.filter(pk=assignment.pk).delete()
    audit_record(action=Action.ROLE_REVOKED, actor=acting_user, data=data)


@transaction.atomic
def role_change(
    *, assignment: RoleAssignment, user: User, node: OrgNode, role: str, acting_user: User | None
) -> RoleAssignment:
    """Move a role to another person, node or role: recorded as the old one revoked and the new one granted."""
    current = RoleAssignment.objects.select_related("node").get(pk=assignment.pk)
    if (current.user_id, current.node_id, current.role) == (user.pk, node.pk, role):
        return current
    for person in {current.user, user}:
        refusal = role_grant_refusal(user=person, acting_user=acting_user)
        if refusal:
            raise ValidationError(refusal, code="own_role")
    old = _role_data(current)
    current.user, current.node, current.role = user, node, role
    current.save(update_fields=["user", "node", "role"])
    audit_record(action=Action.ROLE_REVOKED, actor=acting_user, data=old)
    audit_record(action=Action.ROLE_GRANTED, actor=acting_user, data=_role_data(current))
    return current


# --- The ladder -----------------------------------------------------------------------------------------------


@transaction.atomic
def ladder_set(
    *, organisation: Organisation, roles: Sequence[str], acting_user: User | None
) -> list[LadderStep]:
    """Replace the organisation's escalation ladder with `roles`, step 1 (who receives new cases) first."""
    roles = [str(role) for role in roles]
    if not roles:
        raise ValidationError(gettext("The ladder needs at least one step."), code="empty")
    if len(set(roles)) != len(roles):
        raise ValidationError(gettext("A role can be only one step of the ladder."), code="repeated")
    if any(role not in Role.values for role in roles):
        raise ValidationError(gettext("Choose a role."), code="role")
    old = list(
        LadderStep.objects.filter(organisation=organisation)
        .order_by("position")
        .values_list("role", flat=True)
    )
    if old == roles:
        return list(LadderStep.objects.filter(organisation=organisation).order_by("position"))
    LadderStep.objects.filter(organisation=organisation).delete()
    steps = LadderStep.objects.bulk_create(
        LadderStep(organisation=organisation, position=position, role=role)
        for position, role in enumerate(roles, start=1)
    )
    audit_record(
        action=Action.LADDER_CHANGED,
        actor=acting_user,
        data={"organisation": organisation.pk, "old": old, "new": roles},
    )
    return steps


# --- The taxonomies of the quality work ---------------------------------------------------------------------------


def _category_data(category: Category, **extra: Any) -> dict[str, Any]:
    # Names, not case content: the taxonomy is the organisation's own vocabulary.
    return {
        "organisation": category.organisation_id,
        "category": category.pk,
        "dimension": category.dimension,
        "name": category.name,
        "name_en": category.name_en,
        "position": category.position,
        "active": category.is_active,
        **extra,
    }


def _category_name_check(
    *, organisation: Organisation, dimension: str, name: str, exclude: int | None = None
) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(gettext("Enter the name in Swedish."), code="name")
    taken = Category.objects.filter(organisation=organisation, dimension=dimension, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(gettext("There is already a category with that name."), code="taken")
    return name


@transaction.atomic
def category_create(
    *,
    organisation: Organisation,
    dimension: str,
    name: str,
    name_en: str = "",
    acting_user: User | None,
) -> Category:
    """Add an entry at the end of one of the organisation's taxonomies."""
    if dimension not in CategoryDimension.values:
        raise ValueError(f"unknown taxonomy: {dimension!r}")
    name = _category_name_check(organisation=organisation, dimension=dimension, name=name)
    last = (
        Category.objects.filter(organisation=organisation, dimension=dimension)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    category = Category.objects.create(
        organisation=organisation,
        dimension=dimension,
        name=name,
        name_en=" ".join(name_en.split()),
        position=(last or 0) + 1,
    )
    audit_record(action=Action.CATEGORY_CREATED, actor=acting_user, data=_category_data(category))
    return category


@transaction.atomic
def category_change(
    *,
    category: Category,
    name: str,
    name_en: str,
    position: int,
    is_active: bool,
    acting_user: User | None,
) -> Category:
    """Rename, move or retire an entry. A retired entry stays on the cases that have it, and can be taken back."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    old = _category_data(category)
    category.name = _category_name_check(
        organisation=category.organisation, dimension=category.dimension, name=name, exclude=category.pk
    )
    category.name_en = " ".join(name_en.split())
    category.position = position
    category.is_active = is_active
    new = _category_data(category)
    if new == old:
        return category
    category.save(update_fields=["name", "name_en", "position", "is_active"])
    changed = {key: [old[key], new[key]] for key in new if old[key] != new[key]}
    audit_record(
        action=Action.CATEGORY_CHANGED,
        actor=acting_user,
        data={"organisation": category.organisation_id, "category": category.pk, "changed": changed},
    )
    return category
