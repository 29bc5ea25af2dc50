"""Related cases: the same matter written twice, or by two senders (two relatives), linked so that whoever handles
one sees the other (issue 17).

A link joins two cases of one organisation, both of which the acting user may change (cases/policy.py); linking
and unlinking are audited on both cases. A page shows only the linked cases its reader may see: a case outside the
reader's part of the tree stays hidden, reference number included.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.actions import Action
from audit.services import Entry, audit_record_many
from cases.lifecycle import CaseError
from cases.models import Case, CaseRelation, RelationReason
from cases.policy import can_change_case, cases_visible_to


class RelationError(CaseError):
    """A link that cannot be made or removed, with a message for the person who asked."""


def _pair(case: Case, other: Case) -> tuple[Case, Case]:
    # Stored once, lower id first (CaseRelation's constraint).
    return (case, other) if case.pk < other.pk else (other, case)


def _check(*, case: Case, other: Case, acting_user: User) -> None:
    # Permission first, so that a refusal says nothing about a case the user may not change.
    if not (can_change_case(acting_user, case) and can_change_case(acting_user, other)):
        raise PermissionDenied
    if case.pk == other.pk:
        raise RelationError(_("A case cannot be linked to itself."))
    if case.organisation_id != other.organisation_id:
        raise RelationError(_("Only cases of the same organisation can be linked."))


def _audit(*, action: Action, case: Case, other: Case, acting_user: User, reason: str) -> None:
    # One row on each case, so that each case's log tells the whole story; ids and codes only.
    audit_record_many(
        [
            Entry(
                action=action,
                case_id=case.pk,
                actor=acting_user,
                data={"other_case": other.pk, "reason": reason},
            ),
            Entry(
                action=action,
                case_id=other.pk,
                actor=acting_user,
                data={"other_case": case.pk, "reason": reason},
            ),
        ]
    )


@transaction.atomic
def case_relate(*, case: Case, other: Case, reason: str, acting_user: User) -> CaseRelation:
    """Link `case` and `other` (same organisation, both changeable by `acting_user`) for `reason`, a
    RelationReason. Raises PermissionDenied, or RelationError when they are the same case, of two organisations,
    or linked already."""
    _check(case=case, other=other, acting_user=acting_user)
    if reason not in RelationReason.values:
        raise ValueError(f"unknown relation reason: {reason!r}")
    first, second = _pair(case, other)
    try:
        with transaction.atomic():  # a savepoint: a link made at the same moment elsewhere leaves ours usable
            relation = CaseRelation.objects.create(
                case_a=first, case_b=second, reason=reason, created_by=acting_user
            )
    except IntegrityError as error:
        raise RelationError(_("The cases are linked already.")) from error
    _audit(action=Action.CASE_RELATED, case=case, other=other, acting_user=acting_user, reason=reason)
    return relation


@transaction.atomic
def case_unrelate(*, case: Case, other: Case, acting_user: User) -> None:
    """Remove the link between `case` and `other` (both changeable by `acting_user`). Raises PermissionDenied, or
    RelationError when they are not linked."""
    _check(case=case, other=other, acting_user=acting_user)
    first, second = _pair(case, other)
    relation = CaseRelation.objects.select_for_update().filter(case_a=first, case_b=second).first()
    if relation is None:
        raise RelationError(_("The cases are not linked."))
    reason = relation.reason
    relation.delete()
    _audit(action=Action.CASE_UNRELATED, case=case, other=other, acting_user=acting_user, reason=reason)


# --- reads ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelatedCase:
    """One linked case, as the case page shows it."""

    case: Case
    reason: str
    reason_label: str
    linked_by: User
    linked_at: datetime


# What a linked case shows of itself (the case page's list: reference, kind and state, and its link).
RELATED_CASE_COLUMNS = ["pk", "reference_number", "kind", "state"]


def related_cases(*, case: Case, user: User) -> list[RelatedCase]:
    """The cases linked to `case` that `user` may see, oldest link first. One query, on the links alone, when there
    are none (most cases); two otherwise (the links, then the other cases the user may see, with what the list
    shows of them)."""
    relations = list(
        CaseRelation.objects.filter(Q(case_a_id=case.pk) | Q(case_b_id=case.pk))
        .select_related("created_by")
        .order_by("created_at", "pk")
    )
    if not relations:
        return []
    other_ids = {
        relation.pk: relation.case_b_id if relation.case_a_id == case.pk else relation.case_a_id
        for relation in relations
    }
    visible = {
        other.pk: other
        for other in cases_visible_to(user).filter(pk__in=other_ids.values()).only(*RELATED_CASE_COLUMNS)
    }
    labels = dict(RelationReason.choices)
    return [
        RelatedCase(
            case=visible[other_ids[relation.pk]],
            reason=relation.reason,
            reason_label=str(labels.get(relation.reason, relation.reason)),
            linked_by=relation.created_by,
            linked_at=relation.created_at,
        )
        for relation in relations
        if other_ids[relation.pk] in visible
    ]


# "SN 2026/00123", "sn 2026/123" or "2026/123": the prefix (if given), the year and the serial.
_REFERENCE = re.compile(r"^\s*(?P<prefix>.*?)\s*(?P<year>\d{4})\s*/\s*(?P<serial>\d{1,9})\s*$")


def _prefix_key(prefix: str) -> str:
    return " ".join(prefix.split()).casefold()


def case_by_reference(*, case: Case, reference: str, user: User) -> Case | None:
    """The case of `case`'s organisation with this reference number, if `user` may see it; None otherwise (also
    for a case the user may not see, so that the answer reveals nothing). Leading zeros and the organisation's
    prefix may be left out; letter case does not matter."""
    match = _REFERENCE.match(reference)
    if match is None:
        return None
    prefix = match["prefix"]
    if prefix and _prefix_key(prefix) != _prefix_key(case.organisation.reference_prefix):
        return None
    return (
        cases_visible_to(user)
        .select_related("organisation")
        .filter(
            organisation_id=case.organisation_id,
            reference_year=int(match["year"]),
            reference_serial=int(match["serial"]),
        )
        .first()
    )
