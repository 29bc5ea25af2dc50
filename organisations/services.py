"""Changes to the organisation tree. Paths are kept by these functions, never by Model.save()."""

from django.db import transaction

from organisations.models import DEFAULT_LADDER, LadderStep, NodeKind, Organisation, OrgNode


@transaction.atomic
def organisation_create(
    *, name: str, slug: str, reference_prefix: str, root_name: str, **settings: object
) -> Organisation:
    """Create an organisation with its root node and the default four-step ladder (domain.md §4)."""
    organisation = Organisation.objects.create(
        name=name, slug=slug, reference_prefix=reference_prefix, **settings
    )
    node_create(organisation=organisation, parent=None, kind=NodeKind.ROOT, name=root_name)
    LadderStep.objects.bulk_create(
        LadderStep(organisation=organisation, position=index, role=role)
        for index, role in enumerate(DEFAULT_LADDER, start=1)
    )
    return organisation


@transaction.atomic
def node_create(*, organisation: Organisation, parent: OrgNode | None, kind: str, name: str) -> OrgNode:
    """Add a node to the tree and give it its materialised path."""
    node = OrgNode(organisation=organisation, parent=parent, kind=kind, name=name)
    node.full_clean(exclude=["path"])
    node.save()
    node.path = f"{parent.path if parent else '/'}{node.pk}/"
    node.save(update_fields=["path"])
    return node


def node_path_refresh(node: OrgNode) -> None:
    """Recompute the paths of a node and its subtree after it moved (admin edits of `parent`)."""
    with transaction.atomic():
        old_path = node.path
        node.path = f"{node.parent.path if node.parent else '/'}{node.pk}/"
        node.save(update_fields=["path"])
        for child in OrgNode.objects.filter(path__startswith=old_path).exclude(pk=node.pk):
            child.path = node.path + child.path[len(old_path) :]
            child.save(update_fields=["path"])
