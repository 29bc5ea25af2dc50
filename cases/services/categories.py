"""What a case concerns and the cause found when it was looked into (issue 18, item 1; domain.md §7).

Staff judge both while handling, from their organisation's taxonomies (organisations.models.Category). A case may
concern several things; a case cannot be closed until it has at least one topic and, for a complaint, the cause
found. The sender's own choice in the intake (Case.citizen_topic) is kept apart: it is what they said, not what
staff found, and the statistics count staff's judgement.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.actions import Action as AuditAction
from audit.services import audit_record
from cases.lifecycle import CaseError, Operation
from cases.models import Case, CaseCategory, CaseKind
from cases.services.base import case_locked, operation_check
from cases.signals import categories_changed, categories_changing
from organisations.models import Category, CategoryDimension
from quality.summary import cases_changed

# Kinds whose closing needs the cause found: only a complaint is looked into for a failing.
CAUSE_REQUIRED_FOR = frozenset({CaseKind.COMPLAINT})


@dataclass(frozen=True)
class CaseCategories:
    topics: list[Category]
    causes: list[Category]


def case_categories(case: Case) -> CaseCategories:
    """The case's categories, each taxonomy in its own order. One query."""
    links = CaseCategory.objects.filter(case=case).select_related("category")
    chosen = sorted(
        (link.category for link in links), key=lambda category: (category.position, category.name)
    )
    return CaseCategories(
        topics=[category for category in chosen if category.dimension == CategoryDimension.TOPIC],
        causes=[category for category in chosen if category.dimension == CategoryDimension.CAUSE],
    )


def topics_by_case(case_ids: Iterable[int]) -> dict[int, list[Category]]:
    """Staff's topics of each of the cases, in the taxonomy's order, for a list of cases (the inbox). One query."""
    links = (
        CaseCategory.objects.filter(case_id__in=list(case_ids), category__dimension=CategoryDimension.TOPIC)
        .select_related("category")
        .order_by("category__position", "category__name")
    )
    topics: dict[int, list[Category]] = {}
    for link in links:
        topics.setdefault(link.case_id, []).append(link.category)
    return topics


def categories_offered(case: Case, dimension: str) -> QuerySet[Category]:
    """What staff may choose for the case: the organisation's entries in use, and any retired one the case has."""
    return (
        Category.objects.filter(organisation_id=case.organisation_id, dimension=dimension)
        .filter(Q(is_active=True) | Q(case_links__case=case))
        .distinct()
        .order_by("position", "name")
    )


def cause_required(case: Case) -> bool:
    return case.kind in CAUSE_REQUIRED_FOR


def closing_refusal(case: Case, chosen: CaseCategories | None = None) -> Promise | None:
    """Why the case cannot be closed for want of categories, or None when it can."""
    chosen = chosen or case_categories(case)
    if not chosen.topics:
        return _("Choose what the case concerns before you close it.")
    if cause_required(case) and not chosen.causes:
        return _("Choose the cause found before you close the complaint.")
    return None


def _checked(case: Case, categories: Iterable[Category], dimension: str, current: set[int]) -> set[int]:
    """The ids, read again from the database (not from the caller's objects, which may be stale), if each is the
    organisation's own, of this taxonomy, and in use or already on the case."""
    ids = {category.pk for category in categories}
    found = Category.objects.filter(pk__in=ids).values_list("pk", "organisation_id", "dimension", "is_active")
    if len(found) != len(ids):
        raise CaseError(_("Choose among the organisation's own categories."))
    for pk, organisation_id, category_dimension, is_active in found:
        if organisation_id != case.organisation_id or category_dimension != dimension:
            raise CaseError(_("Choose among the organisation's own categories."))
        if not is_active and pk not in current:
            raise CaseError(_("That category is no longer in use. Choose another."))
    return ids


@transaction.atomic
def case_categorise(
    *, case: Case, topics: Iterable[Category], causes: Iterable[Category], acting_user: User
) -> CaseCategories:
    """Set what the case concerns (at least one topic) and the causes found (may be empty until the case is
    closed). Replaces what was set before; records the change, as ids, on the case's audit trail, and tells the
    apps that count categories (cases.signals)."""
    case_locked(case)
    operation_check(case, Operation.CATEGORISE, acting_user)
    current = dict(CaseCategory.objects.filter(case=case).values_list("category_id", "category__dimension"))
    current_ids = set(current)
    topic_ids = _checked(case, topics, CategoryDimension.TOPIC, current_ids)
    cause_ids = _checked(case, causes, CategoryDimension.CAUSE, current_ids)
    if not topic_ids:
        raise CaseError(_("Choose at least one thing the case concerns."))
    wanted = topic_ids | cause_ids
    added, removed = wanted - current_ids, current_ids - wanted
    if added or removed:
        categories_changing.send(sender=Case, case=case)
        CaseCategory.objects.filter(case=case, category_id__in=removed).delete()
        CaseCategory.objects.bulk_create(
            CaseCategory(case=case, category_id=category_id, set_by=acting_user)
            for category_id in sorted(added)
        )
        categories_changed.send(sender=Case, case=case)
        cases_changed(case)
        audit_record(
            action=AuditAction.CATEGORISED,
            case_id=case.pk,
            actor=acting_user,
            data={
                "topics": sorted(topic_ids),
                "causes": sorted(cause_ids),
                "added": sorted(added),
                "removed": sorted(removed),
            },
        )
    return case_categories(case)
